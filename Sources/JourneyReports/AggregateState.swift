import JourneyModel

/// The whole mergeable state of one ``UnitAggregator`` as it goes into a partial report (SPEC §12):
/// every count, every dictionary as a list sorted by key, every duration sample as value → count
/// runs, and the undecided units. Touchpoint and breakdown values are ids into the partial's
/// `values` table; ``UnitAggregator/absorb(_:remap:)`` maps them onto the merged table.
package struct AggregateState: Codable, Sendable, Equatable {
  /// A duration sample: distinct durations (µs) ascending and how often each occurs.
  struct Sample: Codable, Sendable, Equatable {
    var values: [Int64]
    var counts: [Int]
  }

  /// ``JourneyMapCounts``: dictionaries as `[key, count…]` rows sorted by key.
  struct Map: Codable, Sendable, Equatable {
    var units: Int
    var reach: [Int]
    var noStageUnits: Int
    var stageEvents: [Int]
    /// `[stage, touchpoint, events, units]`.
    var touchpoints: [[UInt64]]
    var timeInStage: [Sample]
    /// Per step: `[touchpoint, units]`.
    var next: [[[UInt64]]]
    var exit: [[[UInt64]]]
    var stepDurations: [Sample]
    var wholeDuration: Sample
    var successes: Int
    var failures: Int
    /// `[touchpoint, units]`.
    var liftSuccesses: [[UInt64]]
    var liftFailures: [[UInt64]]
  }

  struct BreakdownValue: Codable, Sendable, Equatable {
    var value: UInt32
    var units: Int
    var depths: [Int]
    var transitions: [Int]
    var map: Map
  }

  struct Path: Codable, Sendable, Equatable {
    /// Stage indexes; 65535 is the `…` of a cut path.
    var stages: [UInt16]
    var units: Int
  }

  struct Undecided: Codable, Sendable, Equatable {
    var starts: [Int64]
    var depths: [UInt16]
    var next: [UInt32]
    var exit: [UInt32]
    var lift: [UInt32]
    var liftEnds: [Int]
    var values: [UInt32]
  }

  var users: Int
  var sessions: Int
  var units: Int
  var unitsWithoutStage: Int
  var duplicates: Int
  var unclassified: Int
  var depths: [Int]
  var inProgress: [Int]
  var map: Map
  var transitions: [Int]
  var paths: [Path]
  var breakdowns: [[BreakdownValue]]
  var undecided: Undecided

  /// No unit waits for the merged data's end.
  package var undecidedIsEmpty: Bool { undecided.starts.isEmpty }
}

extension AggregateState.Sample {
  init(_ sample: DurationSample) {
    let runs = sample.runs()
    self.init(values: runs.values, counts: runs.counts)
  }

  func sample() throws(StateError) -> DurationSample {
    guard values.count == counts.count, counts.allSatisfy({ $0 > 0 }),
      zip(values, values.dropFirst()).allSatisfy({ $0 < $1 })
    else { throw StateError("a duration sample's runs are not ascending with positive counts") }
    return DurationSample(values: values, counts: counts)
  }
}

extension AggregateState.Map {
  init(_ map: JourneyMapCounts) {
    func rows(_ counts: [UInt32: Int]) -> [[UInt64]] {
      counts.keys.sorted().map { [UInt64($0), UInt64(counts[$0]!)] }
    }
    self.init(
      units: map.units, reach: map.reach, noStageUnits: map.noStageUnits, stageEvents: map.stageEvents,
      touchpoints: map.touchpoints.keys.sorted().map { key in
        let counts = map.touchpoints[key]!
        return [key >> 32, key & 0xFFFF_FFFF, UInt64(counts.events), UInt64(counts.units)]
      },
      timeInStage: map.timeInStage.map(AggregateState.Sample.init), next: map.next.map(rows), exit: map.exit.map(rows),
      stepDurations: map.stepDurations.map(AggregateState.Sample.init),
      wholeDuration: AggregateState.Sample(map.wholeDuration), successes: map.successes, failures: map.failures,
      liftSuccesses: rows(map.liftSuccesses), liftFailures: rows(map.liftFailures))
  }

  /// The counts, with value ids mapped through `remap` (0 and `(exit)` stay).
  func counts(stageCount: Int, remap: ValueRemap) throws(StateError) -> JourneyMapCounts {
    var map = JourneyMapCounts(stageCount: stageCount)
    guard reach.count == stageCount, stageEvents.count == stageCount + 1, timeInStage.count == stageCount,
      next.count == max(0, stageCount - 1), exit.count == next.count, stepDurations.count == stageCount
    else { throw StateError("the journey map's shape does not fit \(stageCount) stages") }
    func dictionary(_ rows: [[UInt64]]) throws(StateError) -> [UInt32: Int] {
      var counts: [UInt32: Int] = [:]
      for row in rows {
        guard row.count == 2 else { throw StateError("a count row is not [value, units]") }
        counts[try remap(row[0]), default: 0] += Int(row[1])
      }
      return counts
    }
    map.units = units
    map.reach = reach
    map.noStageUnits = noStageUnits
    map.stageEvents = stageEvents
    for row in touchpoints {
      guard row.count == 4, row[0] <= UInt64(stageCount) else { throw StateError("a touchpoint row is not [stage, value, events, units]") }
      let key = UnitMapSummary.key(stage: Int(row[0]), touchpoint: try remap(row[1]))
      map.touchpoints[key, default: .init()].events += Int(row[2])
      map.touchpoints[key, default: .init()].units += Int(row[3])
    }
    map.timeInStage = try timeInStage.map { sample throws(StateError) in try sample.sample() }
    for step in next.indices {
      map.next[step] = try dictionary(next[step])
      map.exit[step] = try dictionary(exit[step])
    }
    map.stepDurations = try stepDurations.map { sample throws(StateError) in try sample.sample() }
    map.wholeDuration = try wholeDuration.sample()
    map.successes = successes
    map.failures = failures
    map.liftSuccesses = try dictionary(liftSuccesses)
    map.liftFailures = try dictionary(liftFailures)
    return map
  }
}

/// A partial's value id → the merged table's (0, none, and `(exit)` map to themselves).
package struct ValueRemap: Sendable {
  let ids: [UInt32]

  package init(_ ids: [UInt32]) {
    self.ids = ids
  }

  func callAsFunction(_ id: UInt64) throws(StateError) -> UInt32 {
    if id == UInt64(JourneyMapCounts.exitID) { return JourneyMapCounts.exitID }
    guard id < UInt64(ids.count) else { throw StateError("value id \(id) is outside the partial's \(ids.count) values") }
    return ids[Int(id)]
  }

  func callAsFunction(_ id: UInt32) throws(StateError) -> UInt32 { try self(UInt64(id)) }
}

/// A partial report's state that cannot be what a run wrote (a damaged or hand-edited file).
package struct StateError: Error, CustomStringConvertible {
  package let description: String

  init(_ description: String) {
    self.description = description
  }
}

extension UnitAggregator {
  /// This aggregator's mergeable state (after every user was added).
  var state: AggregateState {
    AggregateState(
      users: users, sessions: sessionCount, units: units, unitsWithoutStage: unitsWithoutStage, duplicates: duplicates,
      unclassified: unclassified, depths: depths, inProgress: inProgress, map: AggregateState.Map(ownMap),
      transitions: transitions,
      paths: paths.map { AggregateState.Path(stages: $0.key, units: $0.value) }.sorted {
        $0.stages.lexicographicallyPrecedes($1.stages)
      },
      breakdowns: breakdowns.map { values in
        values.keys.sorted().map { value in
          let counts = values[value]!
          return AggregateState.BreakdownValue(
            value: value, units: counts.units, depths: counts.depths, transitions: counts.transitions,
            map: AggregateState.Map(counts.map))
        }
      },
      undecided: AggregateState.Undecided(
        starts: undecided.starts, depths: undecided.depths, next: undecided.next, exit: undecided.exit,
        lift: undecided.lift, liftEnds: undecided.liftEnds, values: undecided.values))
  }

  /// Adds a partial's state (its value ids mapped through `remap`), as ``merge(_:)`` adds an
  /// aggregator.
  mutating func absorb(_ state: AggregateState, remap: ValueRemap) throws(StateError) {
    let k = stageCount
    guard state.depths.count == k + 1, state.inProgress.count == k + 1, state.transitions.count == (k + 1) * (k + 1),
      state.breakdowns.count == breakdowns.count
    else { throw StateError("the counts' shape does not fit \(k) stages and \(breakdowns.count) breakdowns") }
    users += state.users
    sessionCount += state.sessions
    units += state.units
    unitsWithoutStage += state.unitsWithoutStage
    duplicates += state.duplicates
    unclassified += state.unclassified
    for index in depths.indices {
      depths[index] += state.depths[index]
      inProgress[index] += state.inProgress[index]
    }
    ownMap.merge(try state.map.counts(stageCount: k, remap: remap))
    for index in transitions.indices { transitions[index] += state.transitions[index] }
    for path in state.paths {
      guard path.stages.allSatisfy({ Int($0) < k || $0 == Self.ellipsis }) else { throw StateError("a path names a stage past \(k)") }
      paths[path.stages, default: 0] += path.units
    }
    for field in breakdowns.indices {
      for row in state.breakdowns[field] {
        guard row.depths.count == k + 1, row.transitions.count == (k + 1) * (k + 1) else {
          throw StateError("a breakdown value's counts do not fit \(k) stages")
        }
        var counts = BreakdownValueCounts(stageCount: k)
        counts.units = row.units
        counts.depths = row.depths
        counts.transitions = row.transitions
        counts.map = try row.map.counts(stageCount: k, remap: remap)
        breakdowns[field][try remap(row.value), default: BreakdownValueCounts(stageCount: k)].merge(counts)
      }
    }
    let pending = state.undecided
    let n = pending.starts.count
    guard pending.depths.count == n, pending.next.count == n, pending.exit.count == n, pending.liftEnds.count == n,
      pending.values.count == n * breakdowns.count, pending.liftEnds.last ?? 0 == pending.lift.count,
      pending.depths.allSatisfy({ $0 >= 1 && Int($0) < k })
    else { throw StateError("the undecided units' columns do not agree") }
    var units = UndecidedUnits(breakdownFields: breakdowns.count)
    units.starts = pending.starts
    units.depths = pending.depths
    units.next = try pending.next.map { id throws(StateError) in try remap(id) }
    units.exit = try pending.exit.map { id throws(StateError) in try remap(id) }
    units.lift = try pending.lift.map { id throws(StateError) in try remap(id) }
    units.liftEnds = pending.liftEnds
    units.values = try pending.values.map { id throws(StateError) in try remap(id) }
    for index in 0..<n {
      for (field, value) in units.values(of: index).enumerated() where breakdowns[field][value] == nil {
        throw StateError("an undecided unit's breakdown value has no counts")
      }
    }
    undecided.append(contentsOf: units)
  }
}
