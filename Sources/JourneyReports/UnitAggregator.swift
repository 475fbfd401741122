import JourneyModel
import JourneySessions

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
/// The journey map (``JourneyMapCounts``) streams too: per unit O(*k*) counts plus its distinct
/// (stage, touchpoint) pairs and distinct touchpoints (with the last time each was seen, for lift in
/// user scope); a visit's time in stage is counted when the next visit starts. Only with breakdowns
/// and while a unit's breakdown values are not all known yet, its visit durations wait in one
/// ``DurationSample`` per stage (value → count runs), handed to the values' counts once known: a
/// unit that never has a value of some breakdown field keeps them until it ends, 16 bytes per
/// distinct duration. With a funnel window the unit's
/// events are held anyway: then also each staged event's position (4 bytes) and, with a touchpoint
/// field, every event's (time, touchpoint), 12 bytes, for the next/exit touchpoints and lift inside
/// the window.
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
  /// A partial report's aggregator (SPEC §12): a unit whose window is still open at ``lastTime``
  /// waits in ``undecided`` for the merged data's end instead of counting as in progress.
  var decidesAtEnd = false
  var undecided: UndecidedUnits
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
  // The journey map of the unit: its summary, the touchpoint of its last event, the first time of
  // its current visit, the last time of each distinct touchpoint, visit durations waiting for the
  // unit's breakdown values; with a window, staged positions and (time, touchpoint) of every event.
  /// Whether events carry touchpoints (`touchpointAttribute`): only then is touchpoint work done.
  let touchpoints: Bool
  let touchpointField: Int
  var unitMap: UnitMapSummary
  var unitLastTime: Microseconds = 0
  var unitLastTouchpoint: UInt32 = 0
  var visitStartTime: Microseconds = 0
  var unitTouchpointTimes = SmallMap<UInt32, Microseconds>()
  /// The streamed unit's current run of one (stage, touchpoint) pair and of one touchpoint, not yet
  /// in ``unitMap`` / ``unitTouchpointTimes`` (most events repeat their predecessor's).
  var pairRunKey = UInt64.max
  var pairRunEvents = 0
  var timeRunTouchpoint: UInt32 = 0
  var timeRunTime: Microseconds = 0
  /// Per stage, the visit durations waiting for the unit's breakdown values (see above).
  var pendingVisits: [DurationSample]
  var hasPendingVisits = false
  var stagedPositions: [UInt32] = []
  var heldTimes: [Microseconds] = []
  var heldTouchpoints: [UInt32] = []

  // Results.
  var users = 0
  var sessionCount = 0
  var units = 0
  var unitsWithoutStage = 0
  var duplicates = 0
  var unclassified = 0
  var depths: [Int]
  var inProgress: [Int]
  /// The journey map, time to convert (`stepDurations[j]`: µs from step j − 1 to step j along the
  /// chain, per unit that reached j) and lift, recorded here only without breakdowns (see ``map``).
  var ownMap: JourneyMapCounts
  var transitions: [Int]
  var paths: [[UInt16]: Int] = [:]
  /// Per breakdown field: interned value id (0 = none) → counts.
  var breakdowns: [IDMap<UInt32, BreakdownValueCounts>]

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
    ownMap = JourneyMapCounts(stageCount: stageCount)
    unitMap = UnitMapSummary(stageCount: stageCount)
    pendingVisits = Array(repeating: DurationSample(), count: stageCount)
    touchpoints = settings.touchpointAttribute != nil
    touchpointField = settings.touchpointAttribute ?? 0
    transitions = Array(repeating: 0, count: (stageCount + 1) * (stageCount + 1))
    breakdowns = Array(repeating: IDMap(), count: settings.breakdowns.count)
    cutter = sessionizer.makeCutter()
    streams = streaming && !sessionizer.policy.useExportSessions
    regroups = streaming && sessionizer.policy.useExportSessions
    self.regroupMemoryLimit = regroupMemoryLimit
    self.temporaryDirectory = temporaryDirectory
    windowed = settings.effectiveWindow != nil
    unitValues = Array(repeating: 0, count: settings.breakdowns.count)
    undecided = UndecidedUnits(breakdownFields: settings.breakdowns.count)
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

  /// Counts a unit that reached `depth` along ``FunnelMatcher/chain``; returns whether its window
  /// was still open at `lastTime` (in progress, not dropped). With ``decidesAtEnd`` such a unit is
  /// marked undecided instead (and false returned, so that its exits are found as a dropped one's).
  mutating func countFunnel(depth: Int, lastTime: Int64) -> Bool {
    depths[depth] += 1
    guard depth > 0 else { return false }
    if depth < stageCount, let window = settings.effectiveWindow, lastTime - matcher.chain[0] < window {
      if decidesAtEnd {
        unitMap.undecided = true
        return false
      }
      inProgress[depth] += 1
      return true
    }
    return false
  }

  /// A visit's time in stage: counted at once in the whole map, and in the unit's breakdown values'
  /// maps once all of them are known (until then it waits in ``pendingVisits``).
  mutating func addVisit(stage: UInt16, duration: Microseconds) {
    guard !breakdowns.isEmpty else { return ownMap.addVisit(stage: stage, duration: duration) }
    if unitValuesMissing == 0 {
      for field in breakdowns.indices { addVisit(stage: stage, duration: duration, field: field, value: unitValues[field]) }
    } else {
      pendingVisits[Int(stage)].add(duration)
      hasPendingVisits = true
    }
  }

  /// Hands the waiting visit durations to the unit's breakdown values (all known, or final).
  mutating func flushPendingVisits() {
    guard hasPendingVisits else { return }
    hasPendingVisits = false
    for stage in pendingVisits.indices where pendingVisits[stage].count > 0 {
      for field in breakdowns.indices {
        let index = breakdowns[field].position(of: unitValues[field], inserting: BreakdownValueCounts(stageCount: stageCount))
        breakdowns[field][valueAt: index].map.timeInStage[stage].merge(pendingVisits[stage])
      }
      pendingVisits[stage].removeAll()
    }
  }

  private mutating func addVisit(stage: UInt16, duration: Microseconds, field: Int, value: UInt32) {
    let index = breakdowns[field].position(of: value, inserting: BreakdownValueCounts(stageCount: stageCount))
    breakdowns[field][valueAt: index].map.addVisit(stage: stage, duration: duration)
  }

  /// Fills ``unitMap``'s next and exit touchpoints and lift touchpoints from a held unit: `eventCount`
  /// events, the staged ones at `stagedPositions`, and (with touchpoints) every event's time and
  /// touchpoint in ``heldTimes`` / ``heldTouchpoints``; after ``FunnelMatcher/match(stages:times:visits:visitTimes:)``.
  mutating func summarizeHeldUnit(eventCount n: Int) {
    let (k, depth, inProgress) = (stageCount, unitMap.depth, unitMap.inProgress)
    guard k > 0, depth >= 1 else { return }
    let window = settings.effectiveWindow
    let start = matcher.chain[0]
    if depth < k, !inProgress {
      let position = Int(stagedPositions[matcher.chainLast])
      unitMap.next = position + 1 < n ? (touchpoints ? heldTouchpoints[position + 1] : 0) : JourneyMapCounts.exitID
      if touchpoints {
        var last = n - 1
        if let window {
          while last > 0, heldTimes[last] - start > window { last -= 1 }
        }
        unitMap.exit = heldTouchpoints[last]
      }
    }
    guard touchpoints, depth == k || !inProgress else { return }
    let first = unitMap.liftTouchpoints.count
    for index in 0..<n where heldTouchpoints[index] != 0 {
      if settings.scope == .user {
        let time = heldTimes[index]
        guard time >= start else { continue }
        if let window, time - start > window { break }
      }
      unitMap.liftTouchpoints.append(heldTouchpoints[index])
    }
    // Each distinct touchpoint once: sorted, repeats dropped in place (no hashing per event).
    let kept = unitMap.liftTouchpoints.withUnsafeMutableBufferPointer { lift in
      var unit = UnsafeMutableBufferPointer(rebasing: lift[first...])
      unit.sort()
      var kept = 0
      for index in unit.indices where kept == 0 || unit[kept - 1] != unit[index] {
        unit[kept] = unit[index]
        kept += 1
      }
      return kept
    }
    unitMap.liftTouchpoints.removeLast(unitMap.liftTouchpoints.count - first - kept)
  }

  /// Records the finished unit's map in the whole map when there are no breakdowns (else its
  /// breakdown values' maps hold it: ``BreakdownValueCounts/record``, lift in the first field's).
  mutating func recordMap() {
    guard breakdowns.isEmpty else { return }
    ownMap.record(unitMap, chain: matcher.chain, lift: true)
  }

  /// The whole journey map. With breakdowns every unit is recorded once, in the map of its value of
  /// the first breakdown field (`(none)` included), with lift: the whole map is their sum, so a unit
  /// costs one recording, not two, and the maps' memory is not doubled.
  var map: JourneyMapCounts {
    guard let first = breakdowns.first else { return ownMap }
    var whole = JourneyMapCounts(stageCount: stageCount)
    for key in first.keys.sorted() { whole.merge(first[key]!.map) }
    return whole
  }

  /// Adds a streamed unit's transitions (pending cells and folded counts) to a matrix.
  static func add(cells: [Int32], counts: [Int32: Int], into matrix: inout [Int]) {
    for cell in cells { matrix[Int(cell)] += 1 }
    for (cell, count) in counts { matrix[Int(cell)] += count }
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
    ownMap.merge(other.ownMap)
    for index in transitions.indices { transitions[index] += other.transitions[index] }
    paths.merge(other.paths, uniquingKeysWith: +)
    undecided.append(contentsOf: other.undecided)
    for field in breakdowns.indices {
      breakdowns[field].merge(other.breakdowns[field]) { $0.merge($1) }
    }
  }
}
