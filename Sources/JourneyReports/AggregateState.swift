import JourneyModel

/// The whole mergeable state of one ``UnitAggregator`` as it goes into a partial report (SPEC §12):
/// every count, every dictionary as a list sorted by key, every duration sample as value → count
/// runs, and the undecided units. Touchpoint and breakdown values are ids into the partial's
/// `values` table; ``UnitAggregator/absorb(_:remap:)`` maps them onto the merged table.
package struct AggregateState: Codable, Sendable, Equatable {
  /// A duration sample: distinct durations (µs) ascending and how often each occurs.
  struct Sample: Codable, Sendable, Equatable {
    var values: PackedIntegers
    var counts: PackedIntegers
  }

  /// Value id → units, as two columns sorted by id.
  struct Counts: Codable, Sendable, Equatable {
    var values: PackedIntegers
    var units: PackedIntegers
  }

  /// ``JourneyMapCounts``: dictionaries as columns sorted by key.
  struct Map: Codable, Sendable, Equatable {
    var units: Int
    var reach: [Int]
    var noStageUnits: Int
    var stageEvents: [Int]
    /// Per (stage, touchpoint) pair: its events and units.
    var touchpointStages: PackedIntegers
    var touchpoints: PackedIntegers
    var touchpointEvents: PackedIntegers
    var touchpointUnits: PackedIntegers
    var timeInStage: [Sample]
    /// Per step: next and exit touchpoints of the units dropped there.
    var next: [Counts]
    var exit: [Counts]
    var stepDurations: [Sample]
    var wholeDuration: Sample
    var successes: Int
    var failures: Int
    var liftSuccesses: Counts
    var liftFailures: Counts
  }

  struct BreakdownValue: Codable, Sendable, Equatable {
    var value: UInt32
    var units: Int
    var depths: [Int]
    var transitions: [Int]
    var map: Map
  }

  /// Every distinct path (uncut: the top N is chosen after the merge): its stages (65535 is the `…`
  /// of a path longer than `max_path_length`), flat, with each path's length and units.
  struct Paths: Codable, Sendable, Equatable {
    var stages: PackedIntegers
    var lengths: PackedIntegers
    var units: PackedIntegers
  }

  /// ``UndecidedUnits``, column by column.
  struct Undecided: Codable, Sendable, Equatable {
    var starts: PackedIntegers
    var depths: PackedIntegers
    var next: PackedIntegers
    var exit: PackedIntegers
    var lift: PackedIntegers
    var liftEnds: PackedIntegers
    var values: PackedIntegers
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
  var paths: Paths
  var breakdowns: [[BreakdownValue]]
  var undecided: Undecided

  /// No unit waits for the merged data's end.
  package var undecidedIsEmpty: Bool { undecided.starts.values.isEmpty }
}

extension AggregateState.Sample {
  init(_ sample: DurationSample) {
    let runs = sample.runs()
    self.init(values: PackedIntegers(runs.values), counts: PackedIntegers(runs.counts))
  }

  func sample() throws(StateError) -> DurationSample {
    let (values, counts) = (values.values, counts.values)
    guard values.count == counts.count, counts.allSatisfy({ $0 > 0 }),
      zip(values, values.dropFirst()).allSatisfy({ $0 < $1 })
    else { throw StateError("a duration sample's runs are not ascending with positive counts") }
    return DurationSample(values: values, counts: counts.map { Int($0) })
  }
}

extension AggregateState.Counts {
  init(_ counts: IDMap<UInt32, Int>) {
    let keys = counts.keys.sorted()
    self.init(values: PackedIntegers(keys), units: PackedIntegers(keys.map { counts[$0]! }))
  }

  func dictionary(remap: ValueRemap) throws(StateError) -> IDMap<UInt32, Int> {
    guard values.count == units.count else { throw StateError("a count column's lengths differ") }
    var counts = IDMap<UInt32, Int>()
    for (value, units) in zip(values.values, units.values) {
      guard value >= 0 else { throw StateError("a value id is negative") }
      counts[try remap(UInt64(value)), default: 0] += Int(units)
    }
    return counts
  }
}

extension AggregateState.Map {
  init(_ map: JourneyMapCounts) {
    let keys = map.touchpoints.keys.sorted()
    self.init(
      units: map.units, reach: map.reach, noStageUnits: map.noStageUnits, stageEvents: map.stageEvents,
      touchpointStages: PackedIntegers(keys.map { $0 >> 32 }),
      touchpoints: PackedIntegers(keys.map { $0 & 0xFFFF_FFFF }),
      touchpointEvents: PackedIntegers(keys.map { map.touchpoints[$0]!.events }),
      touchpointUnits: PackedIntegers(keys.map { map.touchpoints[$0]!.units }),
      timeInStage: map.timeInStage.map(AggregateState.Sample.init),
      next: map.next.map(AggregateState.Counts.init), exit: map.exit.map(AggregateState.Counts.init),
      stepDurations: map.stepDurations.map(AggregateState.Sample.init),
      wholeDuration: AggregateState.Sample(map.wholeDuration), successes: map.successes, failures: map.failures,
      liftSuccesses: AggregateState.Counts(map.liftSuccesses), liftFailures: AggregateState.Counts(map.liftFailures))
  }

  /// The counts, with value ids mapped through `remap` (0 and `(exit)` stay).
  func counts(stageCount: Int, remap: ValueRemap) throws(StateError) -> JourneyMapCounts {
    var map = JourneyMapCounts(stageCount: stageCount)
    let pairs = touchpointStages.count
    guard reach.count == stageCount, stageEvents.count == stageCount + 1, timeInStage.count == stageCount,
      next.count == max(0, stageCount - 1), exit.count == next.count, stepDurations.count == stageCount,
      touchpoints.count == pairs, touchpointEvents.count == pairs, touchpointUnits.count == pairs
    else { throw StateError("the journey map's shape does not fit \(stageCount) stages") }
    map.units = units
    map.reach = reach
    map.noStageUnits = noStageUnits
    map.stageEvents = stageEvents
    for index in 0..<pairs {
      let (stage, touchpoint) = (touchpointStages.values[index], touchpoints.values[index])
      guard stage >= 0, stage <= Int64(stageCount), touchpoint >= 0 else { throw StateError("a touchpoint names no stage") }
      let key = UnitMapSummary.key(stage: Int(stage), touchpoint: try remap(UInt64(touchpoint)))
      map.touchpoints[key, default: .init()].events += Int(touchpointEvents.values[index])
      map.touchpoints[key, default: .init()].units += Int(touchpointUnits.values[index])
    }
    map.timeInStage = try timeInStage.map { sample throws(StateError) in try sample.sample() }
    for step in next.indices {
      map.next[step] = try next[step].dictionary(remap: remap)
      map.exit[step] = try exit[step].dictionary(remap: remap)
    }
    map.stepDurations = try stepDurations.map { sample throws(StateError) in try sample.sample() }
    map.wholeDuration = try wholeDuration.sample()
    map.successes = successes
    map.failures = failures
    map.liftSuccesses = try liftSuccesses.dictionary(remap: remap)
    map.liftFailures = try liftFailures.dictionary(remap: remap)
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
    let sortedPaths = paths.keys.sorted { $0.lexicographicallyPrecedes($1) }
    return AggregateState(
      users: users, sessions: sessionCount, units: units, unitsWithoutStage: unitsWithoutStage, duplicates: duplicates,
      unclassified: unclassified, depths: depths, inProgress: inProgress, map: AggregateState.Map(ownMap),
      transitions: transitions,
      paths: AggregateState.Paths(
        stages: PackedIntegers(sortedPaths.joined()), lengths: PackedIntegers(sortedPaths.map(\.count)),
        units: PackedIntegers(sortedPaths.map { paths[$0]! })),
      breakdowns: breakdowns.map { values in
        values.keys.sorted().map { value in
          let counts = values[value]!
          return AggregateState.BreakdownValue(
            value: value, units: counts.units, depths: counts.depths, transitions: counts.transitions,
            map: AggregateState.Map(counts.map))
        }
      },
      undecided: AggregateState.Undecided(
        starts: PackedIntegers(undecided.starts), depths: PackedIntegers(undecided.depths),
        next: PackedIntegers(undecided.next), exit: PackedIntegers(undecided.exit), lift: PackedIntegers(undecided.lift),
        liftEnds: PackedIntegers(undecided.liftEnds), values: PackedIntegers(undecided.values)))
  }

  /// Adds a partial's state (its value ids mapped through `remap`): the state made an aggregator
  /// of these settings, then ``merge(_:)``.
  mutating func absorb(_ state: AggregateState, remap: ValueRemap) throws(StateError) {
    let k = stageCount
    guard state.depths.count == k + 1, state.inProgress.count == k + 1, state.transitions.count == (k + 1) * (k + 1),
      state.breakdowns.count == breakdowns.count
    else { throw StateError("the counts' shape does not fit \(k) stages and \(breakdowns.count) breakdowns") }
    var part = UnitAggregator(settings: settings, sessionizer: sessionizer, attributes: attributes, lastTime: lastTime)
    part.users = state.users
    part.sessionCount = state.sessions
    part.units = state.units
    part.unitsWithoutStage = state.unitsWithoutStage
    part.duplicates = state.duplicates
    part.unclassified = state.unclassified
    part.depths = state.depths
    part.inProgress = state.inProgress
    part.ownMap = try state.map.counts(stageCount: k, remap: remap)
    part.transitions = state.transitions
    guard let stages = state.paths.stages.converted(to: UInt16.self), let lengths = state.paths.lengths.converted(to: Int.self),
      state.paths.units.count == lengths.count, lengths.allSatisfy({ $0 >= 0 }), lengths.reduce(0, +) == stages.count,
      stages.allSatisfy({ Int($0) < k || $0 == Self.ellipsis })
    else { throw StateError("the paths' columns do not agree, or a path names a stage past \(k)") }
    var start = 0
    for (length, count) in zip(lengths, state.paths.units.values) {
      part.paths[Array(stages[start..<(start + length)]), default: 0] += Int(count)
      start += length
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
        part.breakdowns[field][try remap(row.value), default: BreakdownValueCounts(stageCount: k)].merge(counts)
      }
    }
    part.undecided = try undecided(state.undecided, breakdowns: part.breakdowns, remap: remap)
    merge(part)
  }

  /// The undecided units of a state, checked against its breakdown values.
  private func undecided(
    _ pending: AggregateState.Undecided, breakdowns: [IDMap<UInt32, BreakdownValueCounts>], remap: ValueRemap
  ) throws(StateError) -> UndecidedUnits {
    let k = stageCount
    let n = pending.starts.count
    guard let depths = pending.depths.converted(to: UInt16.self), let next = pending.next.converted(to: UInt32.self),
      let exit = pending.exit.converted(to: UInt32.self), let lift = pending.lift.converted(to: UInt32.self),
      let liftEnds = pending.liftEnds.converted(to: Int.self), let values = pending.values.converted(to: UInt32.self),
      depths.count == n, next.count == n, exit.count == n, liftEnds.count == n, values.count == n * breakdowns.count,
      liftEnds.last ?? 0 == lift.count, zip([0] + liftEnds, liftEnds).allSatisfy({ $0 <= $1 }),
      depths.allSatisfy({ $0 >= 1 && Int($0) < k })
    else { throw StateError("the undecided units' columns do not agree") }
    var units = UndecidedUnits(breakdownFields: breakdowns.count)
    units.starts = pending.starts.values
    units.depths = depths
    units.next = try next.map { id throws(StateError) in try remap(id) }
    units.exit = try exit.map { id throws(StateError) in try remap(id) }
    units.lift = try lift.map { id throws(StateError) in try remap(id) }
    units.liftEnds = liftEnds
    units.values = try values.map { id throws(StateError) in try remap(id) }
    for index in 0..<n {
      for (field, value) in units.values(of: index).enumerated() where breakdowns[field][value] == nil {
        throw StateError("an undecided unit's breakdown value has no counts")
      }
    }
    return units
  }
}
