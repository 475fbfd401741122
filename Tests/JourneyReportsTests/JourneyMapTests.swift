import JourneyModel
import JourneySessions
import JourneyTestSupport
import PropertyBased
import Testing

@testable import JourneyReports

/// Events `(user, seconds, stage or nil, touchpoint or nil)` whose one attribute field (index 0) is
/// the touchpoint; input order = position.
private func touched(_ rows: [(UInt32, Double, String?, String?)]) -> (events: [EventRecord], table: AttributeTable) {
  var table = AttributeTable()
  let ids = rows.map { row in row.3.map { table.intern([$0]) } ?? 0 }
  return (records(rows.map { ($0.0, $0.1, $0.2) }, attributes: ids), table)
}

private func settings(
  scope: FunnelScope = .session, order: FunnelOrder = .ordered, window: Microseconds? = nil, minUnits: Int = 1
) -> ReportSettings {
  var settings = ReportSettings(stages: stages, scope: scope, order: order, window: window)
  settings.touchpoint = "page"
  settings.touchpointAttribute = 0
  settings.liftMinUnits = minUnits
  return settings
}

private func values(_ list: [JourneyMap.Touchpoint]) -> [String] {
  list.map { "\($0.value):\($0.events):\($0.units):\($0.share)" }
}

private func shares(_ list: [JourneyMap.TouchpointShare]) -> [String] {
  list.map { "\($0.value):\($0.units):\($0.share)" }
}

/// The engine's result of one ``UnitAggregator`` fed user by user, streamed or held whole.
private func aggregate(
  _ events: [EventRecord], _ settings: ReportSettings, _ table: AttributeTable, streaming: Bool
) -> EngineResult {
  let sessionizer = Sessionizer(policy: SessionPolicy())
  var aggregator = UnitAggregator(
    settings: settings, sessionizer: sessionizer, attributes: table, lastTime: events.map(\.time).max() ?? 0,
    streaming: streaming)
  let byUser = Dictionary(grouping: events, by: \.user)
  for user in byUser.keys.sorted() {
    let sorted = byUser[user]!.sorted { ($0.time, $0.order) < ($1.time, $1.order) }
    sorted.withUnsafeBufferPointer { aggregator.add(batch: $0, endsUser: true) }
  }
  return JourneyEngine.build(aggregator, settings: settings, attributes: table)
}

@Suite struct JourneyMapTests {
  /// Session scope, ordered, a → b → c: five sessions.
  static let sessions = touched([
    (1, 0, "a", "/home"), (1, 10, nil, "/x"), (1, 20, "b", "/p"), (1, 30, nil, "/q"),  // depth 2, dropped at b
    (2, 0, "a", "/home"), (2, 5, "a", "/home"),  // depth 1: next /home (its second a)
    (3, 0, "a", "/land"),  // depth 1: nothing after a → (exit)
    (4, 0, "a", "/home"), (4, 10, "b", "/p"), (4, 40, "c", "/buy"), (4, 50, nil, nil),  // completes
    (5, 0, nil, "/x"),  // no stage
  ])

  @Test func reachEntrantsTouchpointsAndTimeInStagePerStage() throws {
    let result = try run(Self.sessions.events, settings(), attributes: Self.sessions.table)
    let map = try #require(result.journeyMap)
    #expect(map.touchpoint == "page" && map.units == 5 && map.entrants == 4)
    #expect(map.stages.map(\.reach) == [4, 2, 1])
    #expect(map.stages.map(\.share) == [0.8, 0.4, 0.2])
    #expect(map.stages[0].touchpoints.events == 5 && map.stages[0].touchpoints.distinct == 2)
    #expect(values(map.stages[0].touchpoints.values) == ["/home:4:3:0.75", "/land:1:1:0.25"])
    #expect(values(map.stages[1].touchpoints.values) == ["/p:2:2:1.0"])
    #expect(values(map.stages[2].touchpoints.values) == ["/buy:1:1:1.0"])
    // (no stage): sessions 1, 4 and 5 have unlabelled events; (none) comes last.
    #expect(map.noStage.events == 4 && map.noStage.distinct == 2)
    #expect(values(map.noStage.values) == ["/x:2:2:\(2.0 / 3)", "/q:1:1:\(1.0 / 3)", "(none):1:1:\(1.0 / 3)"])
    // a: 20 s (until b), 5 s and 0 s (last visits: until the session's last event), 10 s.
    #expect(map.stages[0].timeInStage == .init(count: 4, medianSeconds: 7.5, p90Seconds: 17))
    // b: 10 s (last visit, until the unlabelled event at 30 s), 30 s (until c).
    #expect(map.stages[1].timeInStage == .init(count: 2, medianSeconds: 20, p90Seconds: 28))
    #expect(map.stages[2].timeInStage == .init(count: 1, medianSeconds: 10, p90Seconds: 10))
  }

  @Test func droppedUnitsNextAndExitTouchpointsInSessionScope() throws {
    let result = try run(Self.sessions.events, settings(), attributes: Self.sessions.table)
    let map = try #require(result.journeyMap)
    let a = try #require(map.stages[0].exits)
    #expect(a.step == "a" && a.dropped == 2)
    // "(exit)" sorts before "/home" at a tie of units.
    #expect(shares(a.next) == ["(exit):1:0.5", "/home:1:0.5"])
    #expect(shares(a.exit) == ["/home:1:0.5", "/land:1:0.5"])
    let b = try #require(map.stages[1].exits)
    #expect(b.step == "b" && b.dropped == 1)
    #expect(shares(b.next) == ["/q:1:1.0"] && shares(b.exit) == ["/q:1:1.0"])
    #expect(map.stages[2].exits == nil)
    #expect(map.stages.dropLast().map { $0.exits!.dropped } == result.dropped.dropLast())
  }

  @Test func liftUsesThePriorAndTheMinimumUnits() throws {
    // S = 1 (session 4: /home /p /buy), F = 3 (1: /home /x /p /q; 2: /home; 3: /land).
    let all = try #require(try run(Self.sessions.events, settings(minUnits: 1), attributes: Self.sessions.table).lift)
    #expect(all.successes == 1 && all.failures == 3 && all.minUnits == 1)
    // /buy: (2·4)/(1·1) = 8; /p: (2·3)/(1·2) = 3; /home: (2·2)/(1·3); each failure-only one: (1·3)/(2·2).
    #expect(all.above.map(\.touchpoint) == ["/buy", "/p", "/home"])
    #expect(all.above.map(\.oddsRatio) == [8, 3, 4.0 / 3])
    #expect(all.above.map { [$0.successes, $0.failures] } == [[1, 0], [1, 1], [1, 2]])
    #expect(all.below.map(\.touchpoint) == ["/land", "/q", "/x"], "ties by touchpoint")
    #expect(all.below.map(\.oddsRatio) == [0.75, 0.75, 0.75])
    let cut = try #require(try run(Self.sessions.events, settings(minUnits: 2), attributes: Self.sessions.table).lift)
    #expect(cut.above.map(\.touchpoint) == ["/p", "/home"] && cut.below.isEmpty)
    let none = try #require(try run(Self.sessions.events, settings(minUnits: 4), attributes: Self.sessions.table).lift)
    #expect(none.above.isEmpty && none.below.isEmpty && none.successes == 1)
  }

  @Test func timeToConvertHeadlineAndFindings() throws {
    let result = try run(Self.sessions.events, settings(), attributes: Self.sessions.table)
    let funnel = result.funnel
    #expect(funnel.kind == "closed" && funnel.units == 5 && funnel.entrants == 4)
    #expect(funnel.headline == "closed funnel: 1 of 4 entrants completed c; 1 of 5 sessions reached c")
    let time = try #require(funnel.timeToConvert)
    #expect(time.steps[0] == nil)
    #expect(time.steps[1]?.count == 2 && time.steps[1]?.minSeconds == 10 && time.steps[1]?.maxSeconds == 20)
    #expect(time.steps[1]?.medianSeconds == 15 && time.steps[1]?.p25Seconds == 12.5 && time.steps[1]?.meanSeconds == 15)
    #expect(time.steps[2]?.count == 1 && time.steps[2]?.medianSeconds == 30)
    #expect(time.whole.count == 1 && time.whole.minSeconds == 40 && time.whole.p99Seconds == 40)
    #expect(time.whole.histogram.map(\.count) == [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    #expect(funnel.steps.map(\.medianSecondsFromPrevious) == [nil, 15, 30], "unchanged")
    let findings = try #require(funnel.findings)
    // Drops 2 (a → b) and 1 (b → c); conversions 0.5 and 0.5 (tie: the earliest); medians 15 s, 30 s.
    #expect(findings.largestDrop == .init(step: 1, label: "b", value: 2))
    #expect(findings.lowestConversion == .init(step: 1, label: "b", value: 0.5))
    #expect(findings.slowestStep == .init(step: 2, label: "c", value: 30))
    #expect(findings.topExitOfLargestDrop == .init(value: "/home", units: 1, share: 0.5))
    #expect(
      findings.sentences == [
        "The largest drop is before b: 2 of 4 sessions (50.0%) that reached a did not reach b.",
        "The lowest conversion is to b: 50.0% of the sessions that reached a (2 of 4).",
        "The slowest step is b → c: median 30 s.",
        "Of the 2 sessions lost after a, 1 (50.0%) last did /home.",
      ])
  }

  /// User scope with a 10 s window: the next touchpoint follows the chain's last step event; the exit
  /// touchpoint is the last event inside the window (at its edge: inclusive); lift counts the
  /// touchpoints inside the window only.
  @Test func droppedUnitsNextAndExitTouchpointsInAUserWindow() throws {
    let input = touched([
      (1, 0, "a", "/a0"), (1, 5, "b", "/b5"), (1, 10, nil, "/edge"), (1, 10.000001, nil, "/over"),
      (1, 100, nil, "/late"),  // depth 2: next /edge, exit /edge
      (2, 0, "a", "/x"), (2, 3, "a", "/y"),  // depth 1: next /y, exit /y
      (3, 0, "a", "/a"), (3, 1, "b", "/b"), (3, 2, "c", "/c"), (3, 50, nil, "/after"),  // completes
    ])
    let result = try run(input.events, settings(scope: .user, window: 10_000_000), attributes: input.table)
    #expect(result.stepUnits == [3, 2, 1] && result.inProgress == [0, 0, 0])
    let map = try #require(result.journeyMap)
    #expect(shares(map.stages[0].exits!.next) == ["/y:1:1.0"] && shares(map.stages[0].exits!.exit) == ["/y:1:1.0"])
    #expect(shares(map.stages[1].exits!.next) == ["/edge:1:1.0"] && shares(map.stages[1].exits!.exit) == ["/edge:1:1.0"])
    let lift = try #require(result.lift)
    #expect(lift.successes == 1 && lift.failures == 2)
    let rated = (lift.above + lift.below).map(\.touchpoint).sorted()
    #expect(rated == ["/a", "/a0", "/b", "/b5", "/c", "/edge", "/x", "/y"], "nothing after a window's end")
    // Time in stage still runs to the user's last event: b of user 1 from 5 s to 100 s; user 3's 1 s.
    #expect(map.stages[1].timeInStage.count == 2 && map.stages[1].timeInStage.medianSeconds == 48)
    #expect(abs(map.stages[1].timeInStage.p90Seconds! - 85.6) < 1e-9)
    for streaming in [true, false] {
      let direct = aggregate(input.events, settings(scope: .user, window: 10_000_000), input.table, streaming: streaming)
      #expect(direct.journeyMap == result.journeyMap && direct.lift == result.lift)
    }
  }

  /// User scope without a window: the exit touchpoint is the user's last event, lift counts from the
  /// chain's first step (an event at the same instant before it included) to the end.
  @Test func userScopeWithoutAWindowRunsToTheEnd() throws {
    let input = touched([
      (1, 0, nil, "/before"), (1, 7200, nil, "/tie"), (1, 7200, "a", "/a"), (1, 9000, nil, "/b"),
      (1, 20000, "a", "/a2"), (1, 30000, nil, "/last"),  // depth 1: next /b (after the first a), exit /last
      (2, 0, "a", "/s"), (2, 1, "b", "/s"), (2, 2, "c", "/s"),  // completes
    ])
    for streaming in [true, false] {
      let result = aggregate(input.events, settings(scope: .user), input.table, streaming: streaming)
      let map = try #require(result.journeyMap)
      #expect(shares(map.stages[0].exits!.next) == ["/b:1:1.0"] && shares(map.stages[0].exits!.exit) == ["/last:1:1.0"])
      let lift = try #require(result.lift)
      let failing = (lift.above + lift.below).filter { $0.failures == 1 }.map(\.touchpoint).sorted()
      #expect(failing == ["/a", "/a2", "/b", "/last", "/tie"], "/before is earlier than the chain")
    }
  }
}

extension JourneyMapTests {
  /// `strict`: a later, deeper chain replaces the first one only when strictly deeper, and the next
  /// touchpoint follows the chain that counted (streamed and whole alike).
  @Test func strictNextTouchpointFollowsTheChainThatCounted() throws {
    let input = touched([
      (1, 0, "a", "/1"), (1, 1, "b", "/2"), (1, 2, "a", "/3"), (1, 3, "b", "/4"), (1, 4, nil, "/5"),  // a0 b1: next /3
      (2, 0, "a", "/1"), (2, 1, "c", "/x"), (2, 2, "a", "/2"), (2, 3, "b", "/3"), (2, 4, nil, "/y"),  // a2 b3: next /y
    ])
    for streaming in [true, false] {
      let result = aggregate(input.events, settings(order: .strict), input.table, streaming: streaming)
      let exits = try #require(result.journeyMap?.stages[1].exits)
      #expect(exits.dropped == 2)
      #expect(shares(exits.next) == ["/3:1:0.5", "/y:1:0.5"])
      #expect(shares(exits.exit) == ["/5:1:0.5", "/y:1:0.5"])
      #expect(result.funnel.timeToConvert?.steps[1]?.count == 2)
      #expect(result.funnel.timeToConvert?.steps[1]?.maxSeconds == 1)
    }
  }

  /// `order: any` steps say what they count and have no stage, in the funnel, in breakdowns and in
  /// the exits; the headline names the last step's label and the last stage.
  @Test func anyOrderStepsAreLabelledByWhatTheyCount() throws {
    let result = try run(
      records([(1, 0, "c"), (1, 1, "a"), (2, 0, "b")]),
      ReportSettings(stages: stages, order: .any, breakdowns: [.init(field: "source")]))
    #expect(result.funnel.steps.map(\.label) == ["≥ 1 stage", "≥ 2 stages", "≥ 3 stages"])
    #expect(result.funnel.steps.allSatisfy { $0.stage == nil })
    #expect(result.breakdowns[0].values[0].funnel.map(\.label) == ["≥ 1 stage", "≥ 2 stages", "≥ 3 stages"])
    #expect(result.breakdowns[0].values[0].funnel.allSatisfy { $0.stage == nil })
    #expect(result.journeyMap?.stages.compactMap { $0.exits?.step } == ["≥ 1 stage", "≥ 2 stages"])
    #expect(result.journeyMap?.stages.map(\.stage) == stages)
    #expect(result.journeyMap?.stages.map(\.reach) == [1, 1, 1])
    #expect(result.funnel.headline == "closed funnel: 0 of 2 entrants completed ≥ 3 stages; 1 of 2 sessions reached c")
    let ordered = try run(records([(1, 0, "a")]), ReportSettings(stages: stages))
    #expect(ordered.funnel.steps.map(\.label) == stages && ordered.funnel.steps.map(\.stage) == stages)
  }

  /// Without a touchpoint field every event's touchpoint is `(none)`; a dropped unit's next
  /// touchpoint is still `(exit)` when no event follows its step.
  @Test func withoutATouchpointFieldEverythingIsNone() throws {
    // User 9's event ends the data after every window: nobody is in progress.
    let events = records([(1, 0, "a"), (1, 1, nil), (2, 0, "a"), (3, 0, "a"), (3, 1, "b"), (9, 1000, nil)])
    for window in [nil, Microseconds(60_000_000)] {
      for streaming in [true, false] {
        let settings = ReportSettings(stages: stages, scope: window == nil ? .session : .user, window: window)
        let result = aggregate(events, settings, AttributeTable(), streaming: streaming)
        let map = try #require(result.journeyMap)
        #expect(values(map.stages[0].touchpoints.values) == ["(none):3:3:1.0"])
        #expect(map.stages[0].touchpoints.distinct == 0)
        #expect(values(map.noStage.values) == ["(none):2:2:1.0"])
        #expect(shares(map.stages[0].exits!.next) == ["(exit):1:0.5", "(none):1:0.5"])
        #expect(shares(map.stages[0].exits!.exit) == ["(none):2:1.0"])
        #expect(result.lift?.successes == 0 && result.lift?.failures == 3 && result.lift?.above == [])
      }
    }
  }

  /// JSON lists the top 100 touchpoints; the values past them are counted as values and events (their
  /// units are not summed: a unit with two would count twice); exits' `(other)` counts units.
  @Test func touchpointsBeyondTheHundredGoToOther() throws {
    var rows: [(UInt32, Double, String?, String?)] = []
    for unit in 0..<102 { rows.append((UInt32(unit + 1), 0, "a", "/p" + String(1000 + unit).dropFirst())) }
    rows += [(1, 1, "a", "/z1"), (1, 2, "a", "/z2")]
    let input = touched(rows)
    let result = try run(input.events, settings(), attributes: input.table)
    let a = try #require(result.journeyMap?.stages[0])
    #expect(a.touchpoints.distinct == 104 && a.touchpoints.events == 104)
    #expect(a.touchpoints.values.count == 100)
    #expect(a.touchpoints.values[0].value == "/p000" && a.touchpoints.values[99].value == "/p099")
    // Past the top 100: /p100, /p101, /z1, /z2 (one event each; unit 1 has /p001, /z1 and /z2).
    #expect(a.touchpoints.unlistedValues == 4 && a.touchpoints.unlistedEvents == 4)
    // Next: unit 1's /z1 (after its first a), the others (exit). Exit: /z2 and /p001 … /p101.
    #expect(shares(a.exits!.next) == ["(exit):101:\(101.0 / 102)", "/z1:1:\(1.0 / 102)"])
    #expect(a.exits!.exit.count == 101 && a.exits!.exit[0].value == "/p001")
    #expect(shares([a.exits!.exit[100]]) == ["(other):2:\(2.0 / 102)"], "/p101 and /z2")
  }

  /// A unit's breakdown value may come after its first visits: their time in stage waits for it.
  @Test func breakdownValuesCarryTheirOwnMapAndTimeToConvert() throws {
    var table = AttributeTable()
    func tuple(_ source: String, _ page: String) -> UInt32 { table.intern([source, page]) }
    let events = records(
      [(1, 0, "a"), (1, 10, "b"), (1, 20, nil), (2, 0, "a"), (3, 0, "a"), (3, 5, "a")],
      attributes: [
        tuple("", "/h"), tuple("google", "/p"), tuple("", "/q"), tuple("bing", "/h"), tuple("", "/h"), tuple("", "/h"),
      ])
    var settings = ReportSettings(stages: stages, breakdowns: [.init(field: "source")])
    settings.touchpointAttribute = 1
    for streaming in [true, false] {
      let result = aggregate(events, settings, table, streaming: streaming)
      let values = result.breakdowns[0].values
      #expect(values.map(\.value) == ["bing", "google", "(none)"])
      let google = try #require(values[1].journeyMap)
      #expect(google.units == 1 && google.entrants == 1 && google.stages.map(\.reach) == [1, 1, 0])
      #expect(google.stages.map(\.timeInStage.count) == [1, 1, 0])
      #expect(google.stages[0].timeInStage.medianSeconds == 10 && google.stages[1].timeInStage.medianSeconds == 10)
      #expect(shares(google.stages[1].exits!.next) == ["/q:1:1.0"])
      #expect(values[1].timeToConvert?.steps[1]?.medianSeconds == 10)
      #expect(values[1].timeToConvert?.whole.count == 0)
      #expect(values[2].journeyMap?.stages[0].timeInStage == .init(count: 1, medianSeconds: 5, p90Seconds: 5))
      #expect(values[0].journeyMap?.stages[0].timeInStage == .init(count: 1, medianSeconds: 0, p90Seconds: 0))
      #expect(result.journeyMap?.stages[0].timeInStage.count == 3)
    }
  }

  /// Aggregators of parts of the users, merged, hold exactly the state of one aggregator of all.
  @Test(arguments: [FunnelOrder.ordered, .strict, .any], [FunnelScope.session, .user])
  func mergedPartsEqualOneAggregator(order: FunnelOrder, scope: FunnelScope) {
    var random = SplitMix64(seed: UInt64(order.rawValue.count * 31 + scope.rawValue.count))
    var table = AttributeTable()
    let tuples = ["google", "bing", ""].flatMap { source in ["/a", "/b", "/c", ""].map { table.intern([source, $0]) } }
    var users: [[EventRecord]] = []
    for user in 1...60 {
      var time: Int64 = 1_000_000_000
      users.append(
        (0..<Int(random.next() % 25 + 1)).map { index in
          time += Int64(random.next() % 900) * 1_000_000
          let stage = random.next() % 4
          return EventRecord(
            time: time, order: UInt64(index), user: UInt32(user),
            attributes: tuples[Int(random.next() % UInt64(tuples.count))],
            stage: stage == 3 ? EventRecord.noStage : UInt16(stage))
        })
    }
    var settings = ReportSettings(
      stages: stages, scope: scope, order: order, window: scope == .user ? 1_800_000_000 : nil,
      breakdowns: [.init(field: "source", top: 1)])
    settings.touchpointAttribute = 1
    settings.liftMinUnits = 1
    let sessionizer = Sessionizer(policy: SessionPolicy())
    let lastTime = users.flatMap { $0 }.map(\.time).max()!
    func aggregator() -> UnitAggregator {
      UnitAggregator(settings: settings, sessionizer: sessionizer, attributes: table, lastTime: lastTime)
    }
    var one = aggregator()
    var parts = [aggregator(), aggregator(), aggregator()]
    for (index, events) in users.enumerated() {
      events.withUnsafeBufferPointer { buffer in
        one.add(batch: buffer, endsUser: true)
        parts[index % 3].add(batch: buffer, endsUser: true)
      }
    }
    var merged = aggregator()
    for part in parts.reversed() { merged.merge(part) }
    #expect(merged.map == one.map)
    #expect(one.map.touchpoints.count > 10 && one.map.successes + one.map.failures > 0)
    #expect(
      JourneyEngine.build(merged, settings: settings, attributes: table)
        == JourneyEngine.build(one, settings: settings, attributes: table))
  }
}

@Suite struct DurationSampleTests {
  static let seconds: [Int64] = [
    604_800_000_000, 0, 9_999_999, 10_000_000, 30_000_000, 59_000_000, 60_000_000, 604_799_999_999,
  ]

  @Test func quantilesMeanAndBinEdgesAreExact() throws {
    var sample = DurationSample()
    for value in Self.seconds { sample.add(value) }
    let distribution = sample.distribution()
    #expect(distribution.count == 8 && distribution.minSeconds == 0 && distribution.maxSeconds == 604_800)
    #expect(distribution.medianSeconds == 44.5)
    // h = 7 · 0.25 = 1.75: 9.999999 + 0.75 · 0.000001 = 9.99999975, written to the microsecond.
    #expect(distribution.p25Seconds == 10)
    // h = 7 · 0.99 = 6.93: 604799.999999 + 0.93 · 0.000001 = 604799.99999993 → 604800.
    #expect(distribution.p99Seconds == 604_800)
    // 151,221.12499975 s → 151,221.125.
    #expect(distribution.meanSeconds == 151_221.125)
    // An edge value falls in the bin it starts: 10 s in 10–30 s, 60 s in 1–5 m, 7 d in > 7 d.
    #expect(distribution.histogram.map(\.count) == [2, 1, 2, 1, 0, 0, 0, 0, 0, 1, 1])
    #expect(distribution.histogram.map(\.label) == DurationDistribution.binLabels)
    #expect(distribution.histogram[1].fromSeconds == 10 && distribution.histogram[1].toSeconds == 30)
    #expect(distribution.histogram[10].fromSeconds == 604_800 && distribution.histogram[10].toSeconds == nil)
    #expect(sample.summary() == .init(count: 8, medianSeconds: 44.5, p90Seconds: distribution.p90Seconds))
  }

  @Test func mergedPartsEqualTheWhole() {
    var whole = DurationSample()
    for value in Self.seconds { whole.add(value) }
    for cut in 0...Self.seconds.count {
      var first = DurationSample()
      var second = DurationSample()
      for value in Self.seconds[..<cut] { first.add(value) }
      for value in Self.seconds[cut...] { second.add(value) }
      var merged = second
      merged.merge(first)
      #expect(merged == whole)
      #expect(merged.distribution() == whole.distribution())
    }
  }

  @Test func noDurationsHaveNoQuantilesAndEmptyBins() {
    let distribution = DurationSample().distribution()
    #expect(distribution.count == 0 && distribution.minSeconds == nil && distribution.meanSeconds == nil)
    #expect(distribution.medianSeconds == nil && distribution.histogram.map(\.count) == Array(repeating: 0, count: 11))
  }
}

/// Random small users (few instants, so ties; unlabelled events; empty touchpoints and sources),
/// random scope, order and window: the streamed aggregator's state and report equal the whole one's.
@Suite struct JourneyMapPropertyTests {
  @Test func streamedUnitsMapExactlyAsWholeUnits() async {
    await propertyCheck(count: 60, input: Gen.uint64(in: 0...UInt64.max)) { seed in
      var random = SplitMix64(seed: seed)
      var table = AttributeTable()
      let tuples = ["google", "bing", ""].flatMap { source in ["/a", "/b", "/c", "/d", ""].map { table.intern([source, $0]) } }
      let orders: [FunnelOrder] = [.ordered, .strict, .any]
      var settings = ReportSettings(
        stages: stages, scope: random.next() % 2 == 0 ? .session : .user, order: orders[Int(random.next() % 3)],
        window: random.next() % 2 == 0 ? nil : Int64(random.next() % 300) * 1_000_000,
        breakdowns: [.init(field: "source", top: 1)])
      settings.touchpointAttribute = random.next() % 4 == 0 ? nil : 1
      settings.liftMinUnits = Int(random.next() % 3)
      let policy = SessionPolicy(timeout: 120_000_000, dedupe: random.next() % 2 == 0)
      let sessionizer = Sessionizer(policy: policy)
      var users: [[EventRecord]] = []
      for user in 1...Int(random.next() % 30 + 1) {
        let events = (0..<Int(random.next() % 20 + 1)).map { index in
          let stage = random.next() % 4
          return EventRecord(
            time: Int64(random.next() % 60) * 5_000_000, order: UInt64(index), user: UInt32(user),
            attributes: tuples[Int(random.next() % UInt64(tuples.count))], dedupe: UInt32(random.next() % 8),
            stage: stage == 3 ? EventRecord.noStage : UInt16(stage))
        }
        users.append(events.sorted { ($0.time, $0.order) < ($1.time, $1.order) })
      }
      let lastTime = users.flatMap { $0 }.map(\.time).max()!
      var whole = UnitAggregator(
        settings: settings, sessionizer: sessionizer, attributes: table, lastTime: lastTime, streaming: false)
      var streamed = UnitAggregator(settings: settings, sessionizer: sessionizer, attributes: table, lastTime: lastTime)
      for events in users {
        events.withUnsafeBufferPointer { buffer in
          whole.add(batch: buffer, endsUser: true)
          for start in stride(from: 0, to: buffer.count, by: 3) {
            let end = min(start + 3, buffer.count)
            streamed.add(batch: UnsafeBufferPointer(rebasing: buffer[start..<end]), endsUser: end == buffer.count)
          }
        }
      }
      #expect(streamed.map == whole.map)
      #expect(
        JourneyEngine.build(streamed, settings: settings, attributes: table)
          == JourneyEngine.build(whole, settings: settings, attributes: table))
    }
  }
}

extension JourneyMapTests {
  /// Units whose window is still open are neither dropped (no exits) nor failures (no lift).
  @Test func unitsInProgressHaveNoExitsAndAreNoFailures() throws {
    let input = touched([
      (1, 0, "a", "/a"), (1, 10, nil, "/n"),  // window closed at 100 < 300: dropped at a
      (2, 250, "a", "/b"),  // window open at the data's end (300): in progress
      (3, 300, nil, "/z"),
    ])
    for streaming in [true, false] {
      let result = aggregate(input.events, settings(scope: .user, window: 100_000_000), input.table, streaming: streaming)
      #expect(result.dropped == [1, 0, 0] && result.inProgress == [1, 0, 0])
      let map = try #require(result.journeyMap)
      #expect(map.stages[0].exits?.dropped == 1 && shares(map.stages[0].exits!.next) == ["/n:1:1.0"])
      #expect(values(map.stages[0].touchpoints.values) == ["/a:1:1:0.5", "/b:1:1:0.5"], "the map counts every unit")
      #expect(result.lift?.failures == 1 && result.lift?.successes == 0)
      #expect(result.lift?.below.map(\.touchpoint) == ["/a", "/n"])
    }
  }

  /// `any` with a window: the chain is the first occurrences inside the best window; the next
  /// touchpoint follows its last one, the exit touchpoint is the last event inside the window.
  @Test func anyOrderWindowNextAndExitFollowTheBestWindow() throws {
    let input = touched([
      (1, 0, "b", "/b0"), (1, 20, "a", "/a20"), (1, 25, "c", "/c25"), (1, 26, nil, "/n26"), (1, 31, nil, "/late"),
      (9, 1000, nil, nil),
    ])
    for streaming in [true, false] {
      let result = aggregate(
        input.events, settings(scope: .user, order: .any, window: 10_000_000), input.table, streaming: streaming)
      #expect(result.stepUnits == [1, 1, 0])
      let exits = try #require(result.journeyMap?.stages[1].exits)
      #expect(exits.step == "≥ 2 stages" && exits.dropped == 1)
      #expect(shares(exits.next) == ["/n26:1:1.0"] && shares(exits.exit) == ["/n26:1:1.0"])
      #expect(result.funnel.timeToConvert?.steps[1]?.medianSeconds == 5)
    }
  }
}

extension DurationSampleTests {
  /// Many durations (folded into runs several times, few distinct ones or all different), added
  /// and merged in pieces: the quantiles are exactly ``Quantile``'s on the sorted durations.
  @Test(arguments: [3, 1_000_000_000]) func foldedRunsGiveTheQuantilesOfTheSortedDurations(spread: Int64) {
    var random = SplitMix64(seed: UInt64(spread))
    let durations = (0..<9_000).map { _ in Int64.random(in: 0..<spread, using: &random) * 1_000_000 }
    var whole = DurationSample()
    var parts = [DurationSample(), DurationSample(), DurationSample()]
    for (index, value) in durations.enumerated() {
      whole.add(value)
      parts[index * 7 % 3].add(value)
    }
    var merged = parts[2]
    merged.merge(parts[0])
    merged.merge(parts[1])
    let sorted = durations.sorted()
    for sample in [whole, merged] {
      #expect(sample.count == durations.count)
      for q in [0, 0.25, 0.5, 0.9, 0.99, 1] {
        #expect(sample.seconds(q) == Quantile.continuous(sorted, q).map { $0 / 1_000_000 })
      }
      #expect(sample.runs().counts.reduce(0, +) == durations.count)
      #expect(sample.runs().values == Array(Set(durations)).sorted())
    }
    #expect(merged == whole && merged.distribution() == whole.distribution())
    if spread == 3 { #expect(whole.runs().values.count == 3, "repeated durations are one run each") }
  }
}

extension JourneyMapTests {
  /// Events at one instant keep input order: the next touchpoint is the event after the step's in
  /// that order, whatever order the events were appended in; an unlabelled event inside a visit does
  /// not end it.
  @Test func tiesKeepInputOrderAndUnlabelledEventsDoNotSplitVisits() throws {
    let input = touched([
      (1, 0, nil, "/first"), (1, 0, "a", "/a"), (1, 0, nil, "/tie-after"),  // depth 1: next and exit /tie-after
      (2, 0, "a", "/a"), (2, 5, nil, "/n"), (2, 8, "a", "/a"), (2, 20, "b", "/b"), (2, 30, nil, "/n"),  // a: one visit, 20 s
    ])
    for events in [input.events, input.events.reversed()] {
      let result = try run(events, settings(), attributes: input.table)
      let map = try #require(result.journeyMap)
      #expect(shares(map.stages[0].exits!.next) == ["/tie-after:1:1.0"])
      #expect(shares(map.stages[0].exits!.exit) == ["/tie-after:1:1.0"])
      #expect(map.stages[0].timeInStage == .init(count: 2, medianSeconds: 10, p90Seconds: 18))
      #expect(map.stages[1].timeInStage == .init(count: 1, medianSeconds: 10, p90Seconds: 10))
    }
  }
}

extension DurationSampleTests {
  @Test func anEmptiedSampleIsEmptyAndReusable() {
    var sample = DurationSample()
    for value in 0..<3_000 { sample.add(Int64(value % 7) * 1_000_000) }
    sample.removeAll()
    #expect(sample == DurationSample() && sample.count == 0 && sample.seconds(0.5) == nil)
    for value in Self.seconds { sample.add(value) }
    var fresh = DurationSample()
    for value in Self.seconds { fresh.add(value) }
    #expect(sample == fresh && sample.distribution() == fresh.distribution())
  }
}

extension JourneyMapTests {
  /// Nothing lost, nothing timed: no finding is made up.
  @Test func findingsNameNothingWithoutADropOrTimes() throws {
    let empty = try run([], ReportSettings(stages: stages))
    #expect(empty.funnel.findings == Findings())
    #expect(empty.funnel.headline == "closed funnel: 0 of 0 entrants completed c; 0 of 0 sessions reached c")
    let all = try run(records([(1, 0, "a"), (1, 1, "b"), (1, 3, "c")]), ReportSettings(stages: stages))
    let findings = try #require(all.funnel.findings)
    #expect(findings.largestDrop == nil && findings.topExitOfLargestDrop == nil)
    #expect(findings.lowestConversion == .init(step: 1, label: "b", value: 1))
    #expect(findings.slowestStep == .init(step: 2, label: "c", value: 2))
    #expect(findings.sentences == [
      "The lowest conversion is to b: 100.0% of the sessions that reached a (1 of 1).",
      "The slowest step is b → c: median 2 s.",
    ])
  }
}

extension JourneyMapTests {
  @Test func findingsWordsGroupDigitsAndNameDurations() {
    #expect([0, 999, 1_000, 7_215, 1_234_567, -4_000].map(JourneyEngine.grouped) == ["0", "999", "1,000", "7,215", "1,234,567", "-4,000"])
    #expect([0, 0.5, 0.0625, 1.0 / 3, 1].map(JourneyEngine.percent) == ["0.0%", "50.0%", "6.3%", "33.3%", "100.0%"])
    #expect([0, 34, 59.4, 90, 5400, 86_400 * 3.1].map(JourneyEngine.duration) == ["0 s", "34 s", "59.4 s", "1.5 min", "1.5 h", "3.1 d"])
  }
}

extension DurationSampleTests {
  /// The samples of many partitions, each folded several times or not at all, merged one after
  /// the other in either order (the engine's merge), equal one sample of every duration.
  @Test func manyMergedPartitionsEqualOneSample() {
    var random = SplitMix64(seed: 99)
    var whole = DurationSample()
    var parts: [DurationSample] = []
    var all: [Int64] = []
    for part in 0..<70 {
      var sample = DurationSample()
      for _ in 0..<(part % 5 == 0 ? 5_000 : part % 3 * 40) {
        let value = Int64.random(in: 0..<(part % 2 == 0 ? 50 : 9_000_000), using: &random) * 1_000
        sample.add(value)
        whole.add(value)
        all.append(value)
      }
      parts.append(sample)
    }
    let sorted = all.sorted()
    for order in [parts, parts.reversed()] {
      var merged = DurationSample()
      for part in order { merged.merge(part) }
      #expect(merged == whole && merged.count == all.count)
      #expect(merged.runs().values == Array(Set(all)).sorted())
      var consolidated = merged
      consolidated.consolidate()
      #expect(consolidated == whole && consolidated.distribution() == merged.distribution())
      for q in [0, 0.25, 0.5, 0.9, 0.99, 1] {
        #expect(merged.seconds(q) == Quantile.continuous(sorted, q).map { $0 / 1_000_000 })
      }
    }
  }
}

extension JourneyMapTests {
  /// User scope, window 1 h, data ending at 10:00: u1 reached a and dropped; u2 completed; u3
  /// reached a at 09:30, its window still open (in progress, not lost); u4 has no stage. The largest
  /// drop is the 1 unit lost, not the 2 that did not reach b, and one unit is "user", not "users".
  @Test func theLargestDropLeavesUnitsInProgressOut() throws {
    let input = touched([
      (1, 0, "a", "/a"), (2, 0, "a", "/a"), (2, 600, "b", "/b"), (3, 34_200, "a", "/a"), (4, 36_000, nil, "/x"),
    ])
    var settings = settings(scope: .user, window: 3_600_000_000)
    settings.stages = ["a", "b"]
    let result = try run(input.events, settings, attributes: input.table)
    #expect(result.stepUnits == [3, 1] && result.dropped == [1, 0] && result.inProgress == [1, 0])
    let findings = try #require(result.funnel.findings)
    #expect(findings.largestDrop == .init(step: 1, label: "b", value: 1))
    #expect(findings.sentences.first == "The largest drop is before b: 1 of 3 users (33.3%) that reached a did not reach b; 1 more is still in progress.")
    #expect(findings.sentences.last == "Of the 1 user lost after a, 1 (100.0%) last did /a.")
  }
}
