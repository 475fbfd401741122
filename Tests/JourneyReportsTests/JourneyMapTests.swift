import JourneyModel
import JourneySessions
import JourneyTestSupport
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
