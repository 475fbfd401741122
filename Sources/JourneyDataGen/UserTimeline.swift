import JourneyModel

/// One simulated user: where their journey stands and when their next event happens.
///
/// Small on purpose (the generator keeps one per user for the whole run): the events
/// themselves are formatted and written as soon as they happen, never stored.
struct UserTimeline {
  var rng: SplitMix64
  /// Milliseconds since the epoch of the next event.
  var nextTime: Int64
  var remaining: Int32
  /// Mean gap between two sessions, in seconds (shorter for busy users).
  var meanSessionGap: Int32
  var product: Int32 = 0
  var next: EventKind = .pageViewed
  /// Index into ``Campaign/sources`` of the session's source (0: direct).
  var source: UInt8 = 0
  var eventsInSession: UInt16 = 0
  var agent: UInt8
  /// 0: identified (userId set); 1, 2, 3: anonymous with userId absent, null or "".
  var anonymity: UInt8

  var isAnonymous: Bool { anonymity != 0 }
}

/// Gaps between events, in milliseconds.
enum Gaps {
  /// The session timeout the generated config uses.
  static let timeout: Int64 = 30 * 60 * 1000
  /// Gaps right at the timeout (29m59s, 30m00s: same session; 30m01s: a new one).
  static let nearTimeout: [Int64] = [timeout - 1000, timeout, timeout + 1000]

  /// Inside a session: mostly seconds, sometimes minutes, rarely close to the timeout.
  static func withinSession(_ rng: inout SplitMix64) -> Int64 {
    let roll = rng.below(1000)
    if roll < 15 { return nearTimeout[rng.below(3)] }
    if roll < 700 { return 1000 + Int64(rng.exponential(mean: 20_000)) }
    if roll < 950 { return 60_000 + Int64(rng.below(240_000)) }
    return 300_000 + Int64(rng.below(1_200_000))  // 5 to 25 minutes
  }

  /// Between sessions: hours to days, always strictly more than the timeout.
  static func betweenSessions(_ rng: inout SplitMix64, meanSeconds: Int32) -> Int64 {
    timeout + 1000 + Int64(rng.exponential(mean: Double(meanSeconds) * 1000))
  }
}
