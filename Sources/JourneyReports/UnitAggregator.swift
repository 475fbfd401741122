import JourneyModel
import JourneySessions

/// Counts of one breakdown value: units, funnel depths and transitions.
struct BreakdownValueCounts {
  var units = 0
  /// `depths[d]`: units whose funnel depth is exactly d.
  var depths: [Int]
  var transitions: [Int]

  init(stageCount: Int) {
    depths = Array(repeating: 0, count: stageCount + 1)
    transitions = Array(repeating: 0, count: (stageCount + 1) * (stageCount + 1))
  }

  mutating func merge(_ other: BreakdownValueCounts) {
    units += other.units
    for index in depths.indices { depths[index] += other.depths[index] }
    for index in transitions.indices { transitions[index] += other.transitions[index] }
  }
}

/// The per-partition accumulator of ``JourneyEngine``: sessionizes each user, evaluates each
/// unit, and keeps only order-independent counts (sums, multisets, dictionaries).
///
/// Transition matrices are `(k + 1) × (k + 1)`: row 0 is `(start)`, row s + 1 stage s;
/// column s is stage s, column k is `(exit)`.
struct UnitAggregator {
  static let ellipsis = UInt16.max

  let settings: ReportSettings
  let stageCount: Int
  let sessionizer: Sessionizer
  let attributes: AttributeTable
  let lastTime: Microseconds

  // Reused per user / unit.
  var sessions = UserSessions()
  var matcher: FunnelMatcher
  var stagedStages: [UInt16] = []
  var stagedTimes: [Microseconds] = []
  var visits: [UInt16] = []
  var visitTimes: [Microseconds] = []
  var pathKey: [UInt16] = []

  // Results.
  var users = 0
  var sessionCount = 0
  var units = 0
  var unitsWithoutStage = 0
  var duplicates = 0
  var unclassified = 0
  var depths: [Int]
  var inProgress: [Int]
  /// `durations[j]`: µs from step j − 1 to step j along the chain, per unit that reached j.
  var durations: [[Microseconds]]
  var transitions: [Int]
  var paths: [[UInt16]: Int] = [:]
  /// Per breakdown field: interned value id (0 = none) → counts.
  var breakdowns: [[UInt32: BreakdownValueCounts]]

  init(settings: ReportSettings, sessionizer: Sessionizer, attributes: AttributeTable, lastTime: Microseconds) {
    self.settings = settings
    stageCount = settings.stages.count
    self.sessionizer = sessionizer
    self.attributes = attributes
    self.lastTime = lastTime
    matcher = FunnelMatcher(stageCount: stageCount, order: settings.order, window: settings.effectiveWindow)
    depths = Array(repeating: 0, count: stageCount + 1)
    inProgress = Array(repeating: 0, count: stageCount + 1)
    durations = Array(repeating: [], count: stageCount)
    transitions = Array(repeating: 0, count: (stageCount + 1) * (stageCount + 1))
    breakdowns = Array(repeating: [:], count: settings.breakdowns.count)
  }

  /// Adds one user's events (sorted by time, input order).
  mutating func add(user events: UnsafeBufferPointer<EventRecord>) {
    duplicates += sessionizer.split(events, into: &sessions)
    guard !sessions.events.isEmpty else { return }
    users += 1
    sessionCount += sessions.count
    for event in sessions.events where !event.hasStage { unclassified += 1 }
    if settings.scope == .user {
      let all = sessions.events
      all.withUnsafeBufferPointer { add(unit: $0) }
    } else {
      let grouped = sessions.sessionEvents
      let ranges = sessions.ranges
      grouped.withUnsafeBufferPointer { buffer in
        for range in ranges { add(unit: UnsafeBufferPointer(rebasing: buffer[range])) }
      }
    }
  }

  private mutating func add(unit events: UnsafeBufferPointer<EventRecord>) {
    units += 1
    stagedStages.removeAll(keepingCapacity: true)
    stagedTimes.removeAll(keepingCapacity: true)
    visits.removeAll(keepingCapacity: true)
    visitTimes.removeAll(keepingCapacity: true)
    for event in events where Int(event.stage) < stageCount {
      stagedStages.append(event.stage)
      stagedTimes.append(event.time)
      if visits.last != event.stage {
        visits.append(event.stage)
        visitTimes.append(event.time)
      }
    }
    var depth = 0
    if stagedStages.isEmpty {
      unitsWithoutStage += 1
    } else {
      depth = matcher.match(stages: stagedStages, times: stagedTimes, visits: visits, visitTimes: visitTimes)
      depths[depth] += 1
      if depth > 0 {
        for step in 1..<depth { durations[step].append(matcher.chain[step] - matcher.chain[step - 1]) }
        if depth < stageCount, let window = settings.effectiveWindow, lastTime - matcher.chain[0] < window {
          inProgress[depth] += 1
        }
      }
      Self.count(visits: visits, stageCount: stageCount, into: &transitions)
      pathKey.removeAll(keepingCapacity: true)
      if settings.maxPathLength > 0, visits.count > settings.maxPathLength {
        pathKey.append(contentsOf: visits[0..<settings.maxPathLength])
        pathKey.append(Self.ellipsis)
      } else {
        pathKey.append(contentsOf: visits)
      }
      paths[pathKey, default: 0] += 1
    }
    for field in breakdowns.indices {
      var value: UInt32 = 0
      for event in events where event.attributes != 0 {
        let id = attributes.valueID(event.attributes, field: field)
        if id != 0 {
          value = id
          break
        }
      }
      // Not `[value, default: …]`: its autoclosure's context is allocated on every call.
      if let index = breakdowns[field].index(forKey: value) {
        breakdowns[field].values[index].record(
          depth: depth, visits: visits, hasStage: !stagedStages.isEmpty, stageCount: stageCount)
      } else {
        var counts = BreakdownValueCounts(stageCount: stageCount)
        counts.record(depth: depth, visits: visits, hasStage: !stagedStages.isEmpty, stageCount: stageCount)
        breakdowns[field][value] = counts
      }
    }
  }

  /// Adds `(start) → v0 → … → (exit)` of one unit's visits to a transition matrix.
  static func count(visits: [UInt16], stageCount k: Int, into matrix: inout [Int]) {
    guard let first = visits.first, let last = visits.last else { return }
    matrix[Int(first)] += 1
    for index in visits.indices.dropFirst() {
      matrix[(Int(visits[index - 1]) + 1) * (k + 1) + Int(visits[index])] += 1
    }
    matrix[(Int(last) + 1) * (k + 1) + k] += 1
  }

  mutating func merge(_ other: UnitAggregator) {
    users += other.users
    sessionCount += other.sessionCount
    units += other.units
    unitsWithoutStage += other.unitsWithoutStage
    duplicates += other.duplicates
    unclassified += other.unclassified
    for index in depths.indices {
      depths[index] += other.depths[index]
      inProgress[index] += other.inProgress[index]
    }
    for step in durations.indices { durations[step].append(contentsOf: other.durations[step]) }
    for index in transitions.indices { transitions[index] += other.transitions[index] }
    paths.merge(other.paths, uniquingKeysWith: +)
    for field in breakdowns.indices {
      breakdowns[field].merge(other.breakdowns[field]) { var sum = $0; sum.merge($1); return sum }
    }
  }
}

extension BreakdownValueCounts {
  mutating func record(depth: Int, visits: [UInt16], hasStage: Bool, stageCount: Int) {
    units += 1
    depths[depth] += 1
    if hasStage { UnitAggregator.count(visits: visits, stageCount: stageCount, into: &transitions) }
  }
}
