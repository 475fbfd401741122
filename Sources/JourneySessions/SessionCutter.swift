public import JourneyModel

/// Decides, one event at a time, which of a user's events are duplicates and where sessions start:
/// the rules of ``Sessionizer`` (`dedupe`, timeout, midnight, `new_on_change`, `max_duration`)
/// but export sessions, so that a user streamed in batches is cut exactly as one held whole.
///
/// Holds O(1) state, plus with `dedupe` the user's distinct dedupe values (12 bytes each in a
/// ``DedupeSeen``; their bytes are in the run's ``DedupeLog`` anyway).
/// - Complexity: O(1) per event.
package struct SessionCutter: Sendable {
  private let policy: SessionPolicy
  private let calendar: LocalDayCalendar?
  private var started = false
  private var previousTime: Microseconds = 0
  private var startTime: Microseconds = 0
  private var change: UInt32 = 0
  private var previousDay: Int64 = 0
  /// The calendar's offset period of the last event (``LocalDayCalendar/localDay(_:hint:)``).
  private var dayHint = 0
  private var seen = DedupeSeen()
  /// Sessions started since ``reset()``.
  package private(set) var sessionCount = 0

  init(policy: SessionPolicy, calendar: LocalDayCalendar?) {
    self.policy = policy
    self.calendar = calendar
  }

  /// Forgets the user: the next event starts a session.
  package mutating func reset() {
    started = false
    sessionCount = 0
    seen.removeAll()
  }

  /// Whether `event` is dropped by `dedupe`: its non-zero dedupe id was seen before for this user.
  /// Call before ``startsSession(_:)``, which must not see duplicates.
  @inline(__always) package mutating func isDuplicate(_ event: EventRecord) -> Bool {
    guard policy.dedupe else { return false }
    return seen.isRepeat(event, log: policy.dedupeLog)
  }

  /// Whether `event` (the user's next in (time, input order)) starts a new session; true for the
  /// first event after ``reset()``.
  @inline(__always) package mutating func startsSession(_ event: EventRecord) -> Bool {
    guard started else {
      started = true
      sessionCount = 1
      previousTime = event.time
      startTime = event.time
      change = event.change
      previousDay = calendar?.localDay(event.time, hint: &dayHint) ?? 0
      return true
    }
    var split = event.time - previousTime > policy.timeout
    if let calendar {
      let day = calendar.localDay(event.time, hint: &dayHint)
      if day != previousDay { split = true }
      previousDay = day
    }
    if policy.newOnChange, event.change != 0, change != 0, event.change != change { split = true }
    if let maxDuration = policy.maxDuration, event.time - startTime > maxDuration { split = true }
    previousTime = event.time
    if split {
      sessionCount += 1
      startTime = event.time
      change = event.change
    } else if change == 0 {
      change = event.change
    }
    return split
  }
}
