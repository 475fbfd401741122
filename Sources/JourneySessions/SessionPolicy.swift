public import JourneyModel

/// When a user's events start a new session (SPEC §4 "Sessions"), and which events are dropped first.
public struct SessionPolicy: Sendable, Equatable {
  /// A gap strictly greater than this starts a new session; a gap exactly equal keeps the session.
  package var timeout: Microseconds
  /// Starts a new session when the local date (in ``timeZone``) differs from the previous event's.
  package var splitAtMidnight: Bool
  /// IANA time zone name used by ``splitAtMidnight``.
  package var timeZone: String
  /// Starts a new session when an event's non-empty `change` value differs from the session's one.
  package var newOnChange: Bool
  /// Starts a new session when the session would last strictly longer than this.
  package var maxDuration: Microseconds?
  /// Groups a user's events by their export session id instead of the rules above.
  package var useExportSessions: Bool
  /// Drops events whose `dedupe` id (when not 0) was already seen for the same user.
  package var dedupe: Bool
  /// The bytes of the run's `dedupe` values, by the input order of their events (a sorted
  /// ``DedupeLog``): events' `dedupe` ids are then hashes, confirmed by comparing these bytes
  /// (``DedupeSeen``). Nil: the ids are exact (events made without an ingest). Not part of `==`:
  /// it is what the run read, not a rule.
  package var dedupeLog: DedupeLog?

  public init(
    timeout: Microseconds = 30 * 60 * 1_000_000, splitAtMidnight: Bool = false, timeZone: String = "UTC",
    newOnChange: Bool = false, maxDuration: Microseconds? = nil, useExportSessions: Bool = false,
    dedupe: Bool = false
  ) {
    self.timeout = timeout
    self.splitAtMidnight = splitAtMidnight
    self.timeZone = timeZone
    self.newOnChange = newOnChange
    self.maxDuration = maxDuration
    self.useExportSessions = useExportSessions
    self.dedupe = dedupe
  }

  public static func == (a: SessionPolicy, b: SessionPolicy) -> Bool {
    a.timeout == b.timeout && a.splitAtMidnight == b.splitAtMidnight && a.timeZone == b.timeZone
      && a.newOnChange == b.newOnChange && a.maxDuration == b.maxDuration && a.useExportSessions == b.useExportSessions
      && a.dedupe == b.dedupe
  }
}
