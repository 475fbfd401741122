import JourneyModel

/// What to generate.
struct GeneratorSettings {
  enum Format: String { case ndjson, csv }
  /// How the lines look: `uniform` (one Segment track call shape) or `varied` (``VariedLineWriter``).
  enum Shape: String { case uniform, varied }
  var events: Int
  var users: Int
  var seed: UInt64
  var format: Format
  var shape: Shape = .uniform
  var files: Int
  var directory: String
  var gzipLevel: Int
  var startMilliseconds: Int64
  var days: Int
  var windowSize = 1000
  var lateFraction = 0.02
  var anonymousFraction = 0.15
}

/// What was generated.
struct GeneratorSummary {
  var events = 0
  var users = 0
  var lateEvents = 0
  var paths: [String] = []
}

/// Simulates every user's sessions and writes their events in global time order.
///
/// Users get a heavy-tailed number of events (capped Pareto weights), so a few have hundreds
/// and most have one to five. A heap of next-event times interleaves users, so only the
/// per-user state lives in memory.
/// - Complexity: O(*n* log *u*) for *n* events and *u* users; memory O(*u*).
struct Generator {
  let settings: GeneratorSettings

  func run() throws -> GeneratorSummary {
    let users = max(1, min(settings.users, settings.events))
    let counts = Self.eventCounts(events: settings.events, users: users, seed: settings.seed)
    let span = Int64(max(1, settings.days)) * 86_400_000
    var timelines: [UserTimeline] = []
    timelines.reserveCapacity(users)
    var heap = EventHeap(capacity: users)
    for user in 0..<users where counts[user] > 0 {
      var rng = SplitMix64(seed: settings.seed ^ (UInt64(user) &* 0xD1B5_4A32_D192_ED03) ^ 0x5851_F42D_4C95_7F2D)
      _ = rng.next()
      let count = Int(counts[user])
      // Busy users start early so their history fits the span; sessions average ~4 events.
      let startWindow = count > 40 ? span / 3 : span
      let start = settings.startMilliseconds + Int64(rng.below(Int(startWindow)))
      let sessions = max(1, count / 4)
      let gap = Int32(clamping: max(3600, Int(span / 1000) / (sessions + 1)))
      let anonymity: UInt8 = rng.unit() < settings.anonymousFraction ? UInt8(1 + rng.below(3)) : 0
      var timeline = UserTimeline(
        rng: rng, nextTime: start, remaining: counts[user], meanSessionGap: gap,
        agent: UInt8(rng.below(Agents.all.count)), anonymity: anonymity)
      timeline.next = EventKind(rawValue: pick(EventKind.landingTable, &timeline.rng))!
      timeline.source = pick(Campaign.table, &timeline.rng)
      timelines.append(timeline)
      heap.push(time: start, user: Int32(timelines.count - 1))
    }
    let userIDs = (0..<users).filter { counts[$0] > 0 }

    var shuffler = Xoshiro256(seed: settings.seed ^ 0xA076_1D64_78BD_642F)
    var output = OutputFiles(
      directory: settings.directory, fileCount: settings.files,
      extension: settings.format.rawValue, gzipLevel: settings.gzipLevel,
      header: settings.format == .csv ? Array(EventFormatter.csvHeader.utf8) : nil,
      windowSize: settings.windowSize, lateFraction: settings.lateFraction)
    let formatter = EventFormatter(format: settings.format, shape: settings.shape)
    let total = settings.events
    let perFile = (total + settings.files - 1) / settings.files
    var index = 0
    try output.open(file: 0, rng: &shuffler)
    while !heap.isEmpty {
      let (time, slot) = heap.top
      let file = min(settings.files - 1, index / perFile)
      if file != output.currentFile { try output.open(file: file, rng: &shuffler) }
      let target = output.lateTarget(rng: &shuffler)
      let user = Int(slot)
      try output.addLine(lateTo: target, rng: &shuffler) { line in
        formatter.write(&line, timeline: &timelines[user], userIndex: userIDs[user], time: time)
      }
      index += 1
      if timelines[user].remaining <= 1 {
        timelines[user].remaining = 0
        heap.popTop()
      } else {
        timelines[user].remaining -= 1
        let next = Self.advance(&timelines[user])
        heap.replaceTop(time: next)
      }
    }
    while output.currentFile < settings.files - 1 {
      try output.open(file: output.currentFile + 1, rng: &shuffler)
    }
    try output.finish(rng: &shuffler)
    return GeneratorSummary(
      events: output.linesWritten, users: userIDs.count, lateEvents: output.lateLinesWritten,
      paths: output.paths)
  }

  /// Moves a user on after an event: picks the next event and its time.
  static func advance(_ timeline: inout UserTimeline) -> Int64 {
    let successor = pick(EventKind.successorTables[Int(timeline.next.rawValue)], &timeline.rng)
    if successor == 255 {
      // The session ends; the next one starts hours or days later, often from another source.
      timeline.nextTime += Gaps.betweenSessions(&timeline.rng, meanSeconds: timeline.meanSessionGap)
      timeline.next = EventKind(rawValue: pick(EventKind.landingTable, &timeline.rng))!
      if timeline.rng.below(2) == 0 { timeline.source = pick(Campaign.table, &timeline.rng) }
      timeline.eventsInSession = 0
    } else {
      timeline.nextTime += Gaps.withinSession(&timeline.rng)
      timeline.next = EventKind(rawValue: successor)!
      timeline.eventsInSession &+= 1
    }
    return timeline.nextTime
  }

  /// Splits `events` over `users`: every user gets at least one, the rest follows capped
  /// Pareto weights (α = 1.1, at most 300–400 × the smallest), rounding handed out in turn.
  static func eventCounts(events: Int, users: Int, seed: UInt64) -> [Int32] {
    var rng = SplitMix64(seed: seed ^ 0x2545_F491_4F6C_DD1D)
    var weights = [Double](repeating: 0, count: users)
    var sum = 0.0
    for user in 0..<users {
      // The cap varies a little, so the busiest users don't all end up with the same count.
      let weight = min(300 + 100 * rng.unit(), 1 / pow(1 - rng.unit(), 1 / 1.1))
      weights[user] = weight
      sum += weight
    }
    let extra = events - users
    var counts = [Int32](repeating: 1, count: users)
    var assigned = users
    for user in 0..<users {
      let share = Int(Double(extra) * weights[user] / sum)
      counts[user] += Int32(share)
      assigned += share
    }
    var user = rng.below(users)
    while assigned < events {
      counts[user] += 1
      assigned += 1
      user = (user + 1) % users
    }
    return counts
  }
}

#if canImport(Glibc)
  import Glibc
#endif
