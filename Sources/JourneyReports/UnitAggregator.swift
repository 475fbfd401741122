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
/// Users arrive in batches (``add(batch:endsUser:)``). Events stream: sessions are cut and units
/// evaluated one event at a time with O(*k*) state per unit, plus the unit's first `max_path_length` visits and up to
/// ``pendingCellLimit`` transitions before they are folded into at most (*k* + 1)² counts, so one
/// user of any size costs no more memory than a small one. A funnel window (`scope: user`) needs
/// the unit's staged events at once: those are kept as (stage, time), 10 bytes each (and the
/// visits, 10 bytes each, for `strict`). With export sessions (`fields.session`) a user that fits
/// in one batch is evaluated whole; a bigger one streams too: with `scope: user` in time order
/// (keeping its distinct export session ids, to count them), with `scope: session` regrouped by
/// an ``ExportSessionRegrouper`` (which spills under a memory limit) one session after the other.
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

  /// Whether users stream (see above); false: gathered into ``whole``.
  let streams: Bool
  /// With export sessions: whether a user bigger than a batch streams (false: gathered into ``whole``).
  let regroups: Bool
  /// Bytes an ``ExportSessionRegrouper`` buffers before it spills, nil: never; and where.
  let regroupMemoryLimit: Int?
  let temporaryDirectory: String?
  /// Most events of one session an ``ExportSessionRegrouper`` hands over at once.
  var regroupBatchLimit = 65_536
  /// The first regrouped user that could not be spilled or read back: the counts are wrong.
  var failure: (any Error)?
  /// Transitions of a streamed unit kept as a list before they are folded into counts.
  static let pendingCellLimit = 4096

  // Reused per user / unit.
  var sessions = UserSessions()
  var whole: [EventRecord] = []
  var cutter: SessionCutter
  /// With export sessions, the user bigger than a batch being streamed (`scope: user`: its
  /// distinct export session ids; `scope: session`: its regrouper).
  var streamsExportUser = false
  var exportSessions: Set<UInt32> = []
  var regrouper: ExportSessionRegrouper?
  // The streamed unit: events, whether one has a stage, its visits (the first `maxPathLength`
  // when paths are cut), transitions as matrix cells, breakdown value per field.
  var unitEvents = 0
  var unitLastStage = UInt16.max
  var unitVisitCount = 0
  var unitCells: [Int32] = []
  var unitCellCounts: [Int32: Int] = [:]
  var unitValues: [UInt32] = []
  var unitValuesMissing = 0
  /// With a funnel window: the streamed unit's visits (all of them, for `strict`).
  var visitStages: [UInt16] = []
  /// Whether the funnel has a window: its matcher needs the unit's staged events at once.
  let windowed: Bool
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

  /// `streaming: false` gathers every user whole (the reference the tests compare streaming with).
  init(
    settings: ReportSettings, sessionizer: Sessionizer, attributes: AttributeTable, lastTime: Microseconds,
    streaming: Bool = true, regroupMemoryLimit: Int? = nil, temporaryDirectory: String? = nil
  ) {
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
    cutter = sessionizer.makeCutter()
    streams = streaming && !sessionizer.policy.useExportSessions
    regroups = streaming && sessionizer.policy.useExportSessions
    self.regroupMemoryLimit = regroupMemoryLimit
    self.temporaryDirectory = temporaryDirectory
    windowed = settings.effectiveWindow != nil
    unitValues = Array(repeating: 0, count: settings.breakdowns.count)
  }

  /// Adds a batch of one user's events (sorted by time, input order); `endsUser` on the user's
  /// last batch.
  mutating func add(batch events: UnsafeBufferPointer<EventRecord>, endsUser: Bool) {
    if regroups, streamsExportUser || !endsUser { return add(exportBatch: events, endsUser: endsUser) }
    guard streams else {
      if endsUser, whole.isEmpty { return add(user: events) }
      whole.append(contentsOf: events)
      if endsUser {
        whole.withUnsafeBufferPointer { add(user: $0) }
        whole.removeAll(keepingCapacity: true)
      }
      return
    }
    let perSession = settings.scope == .session
    for event in events {
      if cutter.isDuplicate(event) {
        duplicates += 1
        continue
      }
      if cutter.startsSession(event), perSession, cutter.sessionCount > 1 { finishUnit() }
      if !event.hasStage { unclassified += 1 }
      addToUnit(event)
    }
    if endsUser {
      if cutter.sessionCount > 0 {
        users += 1
        sessionCount += cutter.sessionCount
        finishUnit()
      }
      cutter.reset()
    }
  }

  /// Adds a batch of a user with export sessions bigger than a batch (see the type's notes).
  private mutating func add(exportBatch events: UnsafeBufferPointer<EventRecord>, endsUser: Bool) {
    streamsExportUser = !endsUser
    if settings.scope == .session {
      if regrouper == nil {
        regrouper = ExportSessionRegrouper(
          sessionizer: sessionizer, memoryLimit: regroupMemoryLimit, batchLimit: regroupBatchLimit,
          temporaryDirectory: temporaryDirectory)
      }
      regrouper!.add(events)
      guard endsUser, let user = regrouper else { return }
      regrouper = nil
      duplicates += user.duplicates
      guard user.sessionCount > 0 else { return }
      users += 1
      sessionCount += user.sessionCount
      do {
        try user.forEachSession { events, endsSession in
          for event in events {
            if !event.hasStage { unclassified += 1 }
            addToUnit(event)
          }
          if endsSession { finishUnit() }
        }
      } catch {
        if failure == nil { failure = error }
      }
      return
    }
    for event in events {
      if cutter.isDuplicate(event) {
        duplicates += 1
        continue
      }
      exportSessions.insert(event.session)
      if !event.hasStage { unclassified += 1 }
      addToUnit(event)
    }
    guard endsUser else { return }
    if !exportSessions.isEmpty {
      users += 1
      sessionCount += exportSessions.count
      finishUnit()
    }
    cutter.reset()
    exportSessions = []
  }

  /// Adds an event to the streamed unit (the unit begins with its first event).
  @inline(__always) private mutating func addToUnit(_ event: EventRecord) {
    if unitEvents == 0 {
      if !windowed {
        if stageCount > 0 { matcher.begin() }
      } else {
        stagedStages.removeAll(keepingCapacity: true)
        stagedTimes.removeAll(keepingCapacity: true)
        visitStages.removeAll(keepingCapacity: true)
        visitTimes.removeAll(keepingCapacity: true)
      }
      unitLastStage = UInt16.max
      unitVisitCount = 0
      visits.removeAll(keepingCapacity: true)
      unitValuesMissing = unitValues.count
      for field in unitValues.indices { unitValues[field] = 0 }
    }
    unitEvents += 1
    if unitValuesMissing > 0, event.attributes != 0 {
      for field in unitValues.indices where unitValues[field] == 0 {
        let id = attributes.valueID(event.attributes, field: field)
        if id != 0 {
          unitValues[field] = id
          unitValuesMissing -= 1
        }
      }
    }
    guard Int(event.stage) < stageCount else { return }
    let startsVisit = event.stage != unitLastStage
    if windowed {
      stagedStages.append(event.stage)
      stagedTimes.append(event.time)
      if startsVisit, settings.order == .strict {
        visitStages.append(event.stage)
        visitTimes.append(event.time)
      }
    } else {
      matcher.add(stage: event.stage, time: event.time, startsVisit: startsVisit)
    }
    guard startsVisit else { return }
    let k = stageCount
    let cell = unitLastStage == UInt16.max ? Int(event.stage) : (Int(unitLastStage) + 1) * (k + 1) + Int(event.stage)
    unitLastStage = event.stage
    unitVisitCount += 1
    if settings.maxPathLength <= 0 || visits.count < settings.maxPathLength { visits.append(event.stage) }
    if unitCells.count == Self.pendingCellLimit { foldCells() }
    unitCells.append(Int32(cell))
  }

  /// Folds the pending transitions of a long unit into counts, at most (k + 1)² of them.
  private mutating func foldCells() {
    for cell in unitCells { unitCellCounts[cell, default: 0] += 1 }
    unitCells.removeAll(keepingCapacity: true)
  }

  /// Ends the streamed unit: the same counts as ``add(unit:)`` on all of its events.
  private mutating func finishUnit() {
    guard unitEvents > 0 else { return }
    unitEvents = 0
    units += 1
    let k = stageCount
    let hasStage = unitLastStage != UInt16.max
    var depth = 0
    if !hasStage {
      unitsWithoutStage += 1
    } else {
      unitCells.append(Int32((Int(unitLastStage) + 1) * (k + 1) + k))
      if windowed {
        depth = matcher.match(stages: stagedStages, times: stagedTimes, visits: visitStages, visitTimes: visitTimes)
      } else {
        depth = k > 0 ? matcher.finish() : 0
      }
      countFunnel(depth: depth, lastTime: lastTime)
      Self.add(cells: unitCells, counts: unitCellCounts, into: &transitions)
      pathKey.removeAll(keepingCapacity: true)
      pathKey.append(contentsOf: visits)
      if settings.maxPathLength > 0, unitVisitCount > settings.maxPathLength { pathKey.append(Self.ellipsis) }
      paths[pathKey, default: 0] += 1
    }
    for field in breakdowns.indices {
      let value = unitValues[field]
      if let index = breakdowns[field].index(forKey: value) {
        breakdowns[field].values[index].record(
          depth: depth, cells: unitCells, counts: unitCellCounts, hasStage: hasStage)
      } else {
        var counts = BreakdownValueCounts(stageCount: stageCount)
        counts.record(depth: depth, cells: unitCells, counts: unitCellCounts, hasStage: hasStage)
        breakdowns[field][value] = counts
      }
    }
    unitCells.removeAll(keepingCapacity: true)
    if !unitCellCounts.isEmpty { unitCellCounts.removeAll(keepingCapacity: true) }
  }

  /// Adds a streamed unit's transitions (pending cells and folded counts) to a matrix.
  /// Counts a unit that reached `depth` along ``FunnelMatcher/chain``: its step durations, and
  /// whether its window was still open at `lastTime` (in progress, not dropped).
  private mutating func countFunnel(depth: Int, lastTime: Int64) {
    depths[depth] += 1
    guard depth > 0 else { return }
    for step in 1..<depth { durations[step].append(matcher.chain[step] - matcher.chain[step - 1]) }
    if depth < stageCount, let window = settings.effectiveWindow, lastTime - matcher.chain[0] < window {
      inProgress[depth] += 1
    }
  }

  static func add(cells: [Int32], counts: [Int32: Int], into matrix: inout [Int]) {
    for cell in cells { matrix[Int(cell)] += 1 }
    for (cell, count) in counts { matrix[Int(cell)] += count }
  }

  /// Adds one user's events (sorted by time, input order), held whole.
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
      countFunnel(depth: depth, lastTime: lastTime)
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
    if failure == nil { failure = other.failure }
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
  mutating func record(depth: Int, cells: [Int32], counts: [Int32: Int], hasStage: Bool) {
    units += 1
    depths[depth] += 1
    if hasStage { UnitAggregator.add(cells: cells, counts: counts, into: &transitions) }
  }

  mutating func record(depth: Int, visits: [UInt16], hasStage: Bool, stageCount: Int) {
    units += 1
    depths[depth] += 1
    if hasStage { UnitAggregator.count(visits: visits, stageCount: stageCount, into: &transitions) }
  }
}
