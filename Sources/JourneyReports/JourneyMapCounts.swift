import JourneyModel

/// The mergeable state of a journey map (SPEC §8), for the whole report and for each breakdown
/// value alike: counts, dictionaries and ``DurationSample``s, merged by addition, dictionary merge
/// and concatenation, finalized into report values sorted by total orders.
///
/// - A stage's touchpoints past the listed 100 are counted as values and events only
///   (``JourneyMap/Touchpoints/unlistedValues``): a count of their units would need each unit's set
///   of values until the list is cut. In exits a unit has one next and one exit touchpoint, so
///   `(other)` there counts units exactly.
/// - Complexity: O(distinct (stage, touchpoint) pairs of a unit) per recorded unit.
struct JourneyMapCounts: Equatable {
  /// The next touchpoint of a unit whose counted step is its last event: `(exit)`.
  static let exitID = UInt32.max
  /// Values listed in JSON before `(other)`.
  static let listed = 100

  struct Touchpoint: Equatable {
    var events = 0
    var units = 0

    /// One more unit with `events` events.
    @inline(__always) mutating func add(events count: Int) {
      events += count
      units += 1
    }
  }

  let stageCount: Int
  var units = 0
  /// Units with ≥ 1 event of each stage (the open funnel).
  var reach: [Int]
  /// Units with ≥ 1 event with no stage.
  var noStageUnits = 0
  /// Events per stage, index *k*: no stage.
  var stageEvents: [Int]
  /// `stage << 32 | touchpoint` → events and units (stage *k*: no stage).
  var touchpoints = IDMap<UInt64, Touchpoint>()
  var timeInStage: [DurationSample]
  /// Per step j < k − 1, over the units that reached step j + 1 and not the next (not in progress):
  /// touchpoint id → units.
  var next: [IDMap<UInt32, Int>]
  var exit: [IDMap<UInt32, Int>]
  /// Time to convert: `steps[j]` from step j − 1 to step j (j ≥ 1) of units that reached j; `whole`
  /// from step 1 to step k of units that completed the funnel.
  var stepDurations: [DurationSample]
  var wholeDuration = DurationSample()
  /// Lift: successes / failures and, per touchpoint, those having it.
  var successes = 0
  var failures = 0
  var liftSuccesses = IDMap<UInt32, Int>()
  var liftFailures = IDMap<UInt32, Int>()

  init(stageCount k: Int) {
    stageCount = k
    reach = Array(repeating: 0, count: k)
    stageEvents = Array(repeating: 0, count: k + 1)
    timeInStage = Array(repeating: DurationSample(), count: k)
    next = Array(repeating: IDMap(), count: max(0, k - 1))
    exit = Array(repeating: IDMap(), count: max(0, k - 1))
    stepDurations = Array(repeating: DurationSample(), count: k)
  }

  /// A visit of `stage` that lasted `duration` µs (time in stage).
  @inline(__always) mutating func addVisit(stage: UInt16, duration: Int64) {
    timeInStage[Int(stage)].add(duration)
  }

  /// Records a finished unit; `chain[0..<depth]` are its step times (``FunnelMatcher/chain``).
  mutating func record(_ unit: UnitMapSummary, chain: [Int64], lift: Bool) {
    let k = stageCount
    units += 1
    for stage in 0..<k where unit.stageEvents[stage] > 0 { reach[stage] += 1 }
    if unit.stageEvents[k] > 0 { noStageUnits += 1 }
    for stage in 0...k { stageEvents[stage] += unit.stageEvents[stage] }
    if unit.pairs.isEmpty {
      for stage in 0...k where unit.stageEvents[stage] > 0 {
        touchpoints[UnitMapSummary.key(stage: stage, touchpoint: 0), default: Touchpoint()].add(events: unit.stageEvents[stage])
      }
    } else {
      let (keys, events) = (unit.pairs.keys, unit.pairs.values)
      // The map is big (tens of thousands of pairs): its index slots are asked for first, so their
      // cache misses overlap instead of coming one after another.
      for key in keys { touchpoints.prefetch(key) }
      for index in keys.indices { touchpoints[keys[index], default: Touchpoint()].add(events: events[index]) }
    }
    let depth = unit.depth
    if depth > 1 {
      for step in 1..<depth { stepDurations[step].add(chain[step] - chain[step - 1]) }
    }
    if k > 0, depth == k { wholeDuration.add(chain[k - 1] - chain[0]) }
    if depth >= 1, depth < k, !unit.inProgress, !unit.undecided {
      next[depth - 1][unit.next, default: 0] += 1
      exit[depth - 1][unit.exit, default: 0] += 1
    }
    guard lift, k > 0 else { return }
    if depth == k {
      successes += 1
      for touchpoint in unit.liftTouchpoints { liftSuccesses[touchpoint, default: 0] += 1 }
    } else if depth >= 1, !unit.inProgress, !unit.undecided {
      recordFailure(liftTouchpoints: unit.liftTouchpoints)
    }
  }

  /// The part of a dropped unit that an undecided one waited with (``UndecidedUnits``): its next
  /// and exit touchpoints after step `depth`, and with `lift` a failure with its touchpoints.
  mutating func recordDropped<Touchpoints: Sequence<UInt32>>(
    depth: Int, next: UInt32, exit: UInt32, lift: Bool, liftTouchpoints: Touchpoints
  ) {
    self.next[depth - 1][next, default: 0] += 1
    self.exit[depth - 1][exit, default: 0] += 1
    if lift, stageCount > 0 { recordFailure(liftTouchpoints: liftTouchpoints) }
  }

  private mutating func recordFailure<Touchpoints: Sequence<UInt32>>(liftTouchpoints: Touchpoints) {
    failures += 1
    for touchpoint in liftTouchpoints { liftFailures[touchpoint, default: 0] += 1 }
  }

  /// Merges every duration sample's levels into one (``DurationSample/consolidate()``): before a
  /// map whose samples are read more than once (the funnel's median and p90, then the time to
  /// convert) is finalized.
  mutating func consolidate() {
    for index in timeInStage.indices { timeInStage[index].consolidate() }
    for index in stepDurations.indices { stepDurations[index].consolidate() }
    wholeDuration.consolidate()
  }

  mutating func merge(_ other: JourneyMapCounts) {
    units += other.units
    noStageUnits += other.noStageUnits
    for index in reach.indices { reach[index] += other.reach[index] }
    for index in stageEvents.indices { stageEvents[index] += other.stageEvents[index] }
    touchpoints.merge(other.touchpoints) {
      $0.events += $1.events
      $0.units += $1.units
    }
    for index in timeInStage.indices { timeInStage[index].merge(other.timeInStage[index]) }
    for index in next.indices {
      next[index].merge(other.next[index])
      exit[index].merge(other.exit[index])
    }
    for index in stepDurations.indices { stepDurations[index].merge(other.stepDurations[index]) }
    wholeDuration.merge(other.wholeDuration)
    successes += other.successes
    failures += other.failures
    liftSuccesses.merge(other.liftSuccesses)
    liftFailures.merge(other.liftFailures)
  }
}

// MARK: - Finalizing

extension JourneyMapCounts {
  private static func ratio(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }

  static func name(_ id: UInt32, _ attributes: AttributeTable) -> String {
    switch id {
    case 0: JourneyEngine.none
    case exitID: JourneyEngine.exit
    default: attributes.valueName(id)
    }
  }

  /// The map: `stepLabels` name the exits (of step j, in stage column j); `entrants` are the units
  /// with depth ≥ 1.
  func journeyMap(
    settings: ReportSettings, attributes: AttributeTable, entrants: Int, stepLabels: [String]
  ) -> JourneyMap {
    let k = stageCount
    var byStage: [[(id: UInt32, counts: Touchpoint)]] = Array(repeating: [], count: k + 1)
    for (key, counts) in touchpoints { byStage[Int(key >> 32)].append((UInt32(truncatingIfNeeded: key), counts)) }
    func list(_ stage: Int, reach: Int) -> JourneyMap.Touchpoints {
      var none: Touchpoint?
      var named: [(value: String, counts: Touchpoint)] = []
      for entry in byStage[stage] {
        if entry.id == 0 { none = entry.counts } else { named.append((attributes.valueName(entry.id), entry.counts)) }
      }
      named.sort { a, b in a.counts.units != b.counts.units ? a.counts.units > b.counts.units : a.value < b.value }
      var values = named.prefix(Self.listed).map {
        JourneyMap.Touchpoint(
          value: $0.value, events: $0.counts.events, units: $0.counts.units, share: Self.ratio($0.counts.units, reach))
      }
      let unlisted = named.dropFirst(Self.listed)
      if let none {
        values.append(
          .init(value: JourneyEngine.none, events: none.events, units: none.units, share: Self.ratio(none.units, reach)))
      }
      return JourneyMap.Touchpoints(
        events: stageEvents[stage], distinct: named.count, values: values, unlistedValues: unlisted.count,
        unlistedEvents: unlisted.reduce(0) { $0 + $1.counts.events })
    }
    func shares(_ counts: IDMap<UInt32, Int>, of dropped: Int) -> [JourneyMap.TouchpointShare] {
      let named = counts.map { id, units in (value: Self.name(id, attributes), units: units) }
        .sorted { a, b in a.units != b.units ? a.units > b.units : a.value < b.value }
      var list = named.prefix(Self.listed).map {
        JourneyMap.TouchpointShare(value: $0.value, units: $0.units, share: Self.ratio($0.units, dropped))
      }
      if named.count > Self.listed {
        let other = named[Self.listed...].reduce(0) { $0 + $1.units }
        list.append(.init(value: JourneyEngine.other, units: other, share: Self.ratio(other, dropped)))
      }
      return list
    }
    let stages = (0..<k).map { stage in
      var exits: JourneyMap.Exits?
      if stage < k - 1 {
        let dropped = next[stage].values.reduce(0, +)
        exits = JourneyMap.Exits(
          step: stepLabels[stage], dropped: dropped, next: shares(next[stage], of: dropped),
          exit: shares(exit[stage], of: dropped))
      }
      return JourneyMap.Stage(
        stage: settings.stages[stage], reach: reach[stage], share: Self.ratio(reach[stage], units),
        timeInStage: timeInStage[stage].summary(), touchpoints: list(stage, reach: reach[stage]), exits: exits)
    }
    return JourneyMap(
      touchpoint: settings.touchpoint, units: units, entrants: entrants, stages: stages,
      noStage: list(k, reach: noStageUnits))
  }

  func timeToConvert() -> TimeToConvert {
    TimeToConvert(
      steps: stepDurations.indices.map { $0 == 0 ? nil : stepDurations[$0].distribution() },
      whole: wholeDuration.distribution())
  }

  /// Touchpoints rated by PostHog's odds ratio with a prior of 1, when s_t + f_t ≥ `minUnits`: the
  /// top 10 above 1 (highest first) and below 1 (lowest first), ties by touchpoint.
  func lift(attributes: AttributeTable, minUnits: Int) -> Lift {
    let (s, f) = (successes, failures)
    var rated: [Lift.Entry] = []
    for id in Set(liftSuccesses.keys).union(liftFailures.keys) {
      let (st, ft) = (liftSuccesses[id] ?? 0, liftFailures[id] ?? 0)
      guard st + ft >= minUnits else { continue }
      let odds = (Double(st + 1) * Double(f - ft + 1)) / (Double(s - st + 1) * Double(ft + 1))
      rated.append(.init(touchpoint: attributes.valueName(id), successes: st, failures: ft, oddsRatio: odds))
    }
    let above = rated.filter { $0.oddsRatio > 1 }.sorted { a, b in
      a.oddsRatio != b.oddsRatio ? a.oddsRatio > b.oddsRatio : a.touchpoint < b.touchpoint
    }
    let below = rated.filter { $0.oddsRatio < 1 }.sorted { a, b in
      a.oddsRatio != b.oddsRatio ? a.oddsRatio < b.oddsRatio : a.touchpoint < b.touchpoint
    }
    return Lift(
      successes: s, failures: f, minUnits: minUnits, above: Array(above.prefix(10)), below: Array(below.prefix(10)))
  }
}
