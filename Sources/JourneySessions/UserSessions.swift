public import JourneyModel

/// One user's events cut into sessions by ``Sessionizer``: reusable buffers, filled user by user.
///
/// Keep one value per worker (or per accumulator) and pass it to every
/// ``Sessionizer/split(_:into:)`` call, so its arrays are allocated once and reused.
public struct UserSessions: Sendable {
  /// The user's events after `dedupe`, in (time, input order).
  package internal(set) var events: [EventRecord] = []
  /// With export sessions, the events regrouped so that each session is contiguous.
  var regrouped: [EventRecord] = []
  var usesRegrouped = false
  /// Sessions in the order of their first event, as ranges of ``sessionEvents``.
  package internal(set) var ranges: [Range<Int>] = []
  /// The index among the user's sessions of `ranges[0]`: 0 for a whole user; for a batch of a
  /// streamed user (``Sessionizer/split(_:streaming:into:)``), the sessions before it.
  package internal(set) var firstSession = 0
  /// Events dropped by `dedupe` for this user (or batch).
  package internal(set) var duplicates = 0

  // Scratch for dedupe and export-session grouping.
  var seen = DedupeSeen()
  var groupIndex: [UInt32: Int] = [:]
  var groupOfEvent: [Int] = []
  var groupStart: [Int] = []

  package init() {}

  /// The events that ``ranges`` index: each session's events are contiguous and in (time, input order).
  public var sessionEvents: [EventRecord] { usesRegrouped ? regrouped : events }

  /// Number of sessions of the user.
  package var count: Int { ranges.count }
}
