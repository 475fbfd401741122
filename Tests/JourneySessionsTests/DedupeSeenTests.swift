import JourneyModel
import Testing

@testable import JourneySessions

/// Whether an event repeats a `dedupe` value of its user: decided by the value's bytes, never by
/// its 32-bit hash alone.
@Suite struct DedupeSeenTests {
  /// Two different ids with the same 32-bit hash (found by the birthday bound among ~10^5 ids).
  static let collision: (String, String) = {
    var byHash: [UInt32: String] = [:]
    var i = 0
    while true {
      let text = "message-\(i)"
      let hash = Array(text.utf8).withUnsafeBytes { DedupeLog.hash($0) }
      if let other = byHash[hash] { return (other, text) }
      byHash[hash] = text
      i += 1
    }
  }()

  /// A user's events with the given values (nil: none), logged in order; order = index.
  static func logged(_ values: [String?]) -> (events: [EventRecord], log: DedupeLog) {
    var log = DedupeLog()
    let events = values.indices.map { i in
      var event = EventRecord(time: Int64(i), order: UInt64(i), user: 1)
      if let value = values[i] { event.dedupe = Array(value.utf8).withUnsafeBytes { log.append($0, order: UInt64(i)) } }
      return event
    }
    return (events, log)
  }

  /// The repeats of `values` as a set of strings per user sees them.
  static func expectedRepeats(_ values: [String?]) -> [Bool] {
    var seen = Set<String>()
    return values.map { value in value.map { !seen.insert($0).inserted } ?? false }
  }

  @Test func aHashCollisionIsNotARepeat() {
    let (a, b) = Self.collision
    #expect(a != b)
    let values: [String?] = [a, b, nil, a, "other", b, b, nil]
    let (events, log) = Self.logged(values)
    #expect(events[0].dedupe == events[1].dedupe, "the two ids share their hash")
    var seen = DedupeSeen()
    #expect(events.map { seen.isRepeat($0, log: log) } == [false, false, false, true, false, true, true, false])
    // Through the sessions, as the engine sees them: both ids kept once, the repeats dropped.
    let policy = { var p = SessionPolicy(dedupe: true); p.dedupeLog = log; return p }()
    var sessions = UserSessions()
    let dropped = events.withUnsafeBufferPointer { Sessionizer(policy: policy).split($0, into: &sessions) }
    #expect(dropped == 3 && sessions.events.map(\.order) == [0, 1, 2, 4, 7])
    var cutter = Sessionizer(policy: policy).makeCutter()
    #expect(events.filter { cutter.isDuplicate($0) }.map(\.order) == [3, 5, 6])
  }

  /// Random values (a small pool, so repeats are common, plus colliding ids), users one after
  /// another in one table: exactly the repeats a set of strings finds, also after a large user
  /// made the table grow and it shrank back.
  @Test func repeatsAreThoseOfASetOfStrings() {
    var random = SystemRandomNumberGenerator()
    let (a, b) = Self.collision
    let pool = (0..<40).map { "id-\($0)" } + [a, b]
    var seen = DedupeSeen()
    for user in 0..<60 {
      let count = user == 7 ? 3_000 : Int.random(in: 1...50, using: &random)
      let values: [String?] = (0..<count).map { i in
        if Int.random(in: 0..<10, using: &random) == 0 { return nil }
        return user == 7 ? "big-\(i % 1_500)" : pool.randomElement(using: &random)!
      }
      let (events, log) = Self.logged(values)
      seen.removeAll()
      #expect(events.map { seen.isRepeat($0, log: log) } == Self.expectedRepeats(values), "user \(user)")
    }
  }

  /// Without a log (events made with ids that are exact already), equal ids are repeats.
  @Test func withoutALogEqualIDsAreRepeats() {
    var seen = DedupeSeen()
    let ids: [UInt32] = [4, 0, 4, 9, 0, 9, 130, 4]
    let events = ids.indices.map { EventRecord(time: 0, order: UInt64($0), user: 1, dedupe: ids[$0]) }
    #expect(events.map { seen.isRepeat($0, log: nil) } == [false, false, true, false, false, true, false, true])
  }
}
