/// One event as the engine keeps it: fixed size, no references, cheap to sort and spill.
///
/// Strings (user ids, session ids, breakdown values) are interned before they get here.
public struct EventRecord: Sendable, Equatable, Hashable {
  /// Microseconds since the epoch, UTC.
  public var time: Microseconds
  /// Input order: `(fileIndex << 44) | ordinal of the event in its file`. Breaks ties of `time`.
  public var order: UInt64
  /// Interned user id.
  public var user: UInt32
  /// Interned export session id (`fields.session`), 0 when unused or empty.
  public var session: UInt32
  /// Interned value of `sessions.new_on_change`, 0 when empty.
  public var change: UInt32
  /// Interned tuple of breakdown values (see ``AttributeTable``), 0 when all are empty.
  public var attributes: UInt32
  /// Interned `dedupe` id, 0 when unused or empty.
  public var dedupe: UInt32
  /// Index into the funnel's `stages`, or ``EventRecord/noStage``.
  public var stage: UInt16
  /// The persona predicate bits of the event (SPEC §9): bit *i* set when the event satisfies the
  /// config's *i*th persona test (``PersonaPredicateLayout``); 0 without personas. It fills the
  /// stride's last 2 bytes, so the record stays 40 bytes.
  public var traits: UInt16

  public static let noStage: UInt16 = .max

  public init(
    time: Microseconds, order: UInt64, user: UInt32, session: UInt32 = 0, change: UInt32 = 0,
    attributes: UInt32 = 0, dedupe: UInt32 = 0, stage: UInt16 = EventRecord.noStage, traits: UInt16 = 0
  ) {
    self.time = time
    self.order = order
    self.user = user
    self.session = session
    self.change = change
    self.attributes = attributes
    self.dedupe = dedupe
    self.stage = stage
    self.traits = traits
  }

  public var hasStage: Bool { stage != Self.noStage }

  public static func order(file: Int, ordinal: Int) -> UInt64 {
    (UInt64(file) << 44) | UInt64(ordinal)
  }

  /// The engine's event order: time, then input order (SPEC §4).
  @inlinable public static func precedes(_ a: EventRecord, _ b: EventRecord) -> Bool {
    a.time != b.time ? a.time < b.time : a.order < b.order
  }
}
