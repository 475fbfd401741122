import JourneyConfig
import JourneyModel
import JourneyParsing
import JourneyStages

/// Turns the parsed fields of one event into an ``EventRecord``: user, time, stage, interned ids.
///
/// Built once per run from the effective config; it registers every field the run needs in the
/// ``FieldSchema`` the parsers fill. Not thread-safe: one per ingest thread.
public struct EventExtractor {
  public enum Outcome {
    case accepted(EventRecord)
    case excluded
    case outOfRange
    case rejected(RejectReason, detail: String)
  }

  public private(set) var schema = FieldSchema()
  public let classifier: StageClassifier
  let exclusion: ExclusionFilter
  let userSlots: [Int]
  let combineUser: Bool
  let timeSlot: Int
  let timeOffsetSlot: Int?
  let timeOffsetScale: Int64
  let sessionSlot: Int?
  let changeSlot: Int?
  let dedupeSlot: Int?
  let breakdownSlots: [Int]
  let timeParser: TimestampParser
  let from: Microseconds?
  let to: Microseconds?

  public var users = StringInterner()
  public var sessions = StringInterner()
  public var changes = StringInterner()
  public var dedupeIDs = StringInterner()
  public var attributes = AttributeTable()
  private var breakdownScratch: [String]

  public init(config: JourneyConfig, from: Microseconds? = nil, to: Microseconds? = nil) throws(JourneyError) {
    var schema = FieldSchema()
    let fields = config.input.fields
    switch fields.user {
    case .fallbacks(let names):
      userSlots = names.map { schema.slot(for: $0) }
      combineUser = false
    case .combined(let names):
      userSlots = names.map { schema.slot(for: $0) }
      combineUser = true
    }
    timeSlot = schema.slot(for: fields.time)
    timeOffsetSlot = fields.timeOffset.map { schema.slot(for: $0) }
    timeOffsetScale = EventExtractor.microsecondsPerUnit(fields.timeOffsetUnit)
    sessionSlot = fields.session.map { schema.slot(for: $0) }
    changeSlot = config.sessions.newOnChange.map { schema.slot(for: $0) }
    dedupeSlot = config.dedupe.map { schema.slot(for: $0) }
    breakdownSlots = config.breakdown.map { schema.slot(for: $0.field) }
    classifier = try StageClassifier(config: config, schema: &schema)
    exclusion = try ExclusionFilter(config: config, schema: &schema)
    guard let format = TimeFormat(rawValue: config.input.timeFormat) else {
      throw JourneyError(kind: .config, location: config.source, message: "unknown input.time_format '\(config.input.timeFormat)'")
    }
    timeParser = TimestampParser(format: format)
    self.from = from
    self.to = to
    self.schema = schema
    breakdownScratch = Array(repeating: "", count: breakdownSlots.count)
  }

  static func microsecondsPerUnit(_ unit: String) -> Int64 {
    switch unit {
    case "s", "seconds": 1_000_000
    case "us", "µs", "microseconds": 1
    case "ns": 0  // handled as division below
    default: 1_000  // "ms"
    }
  }

  /// Classifies and packs one event; `order` is its position in the input.
  public mutating func extract(_ fields: RecordFields, order: UInt64) -> Outcome {
    guard let user = userKey(fields) else { return .rejected(.noUser, detail: "no value for the user field") }
    guard let timeBytes = fields.bytes(timeSlot), !timeBytes.isEmpty else {
      return .rejected(.missingTimestamp, detail: "no value for the time field")
    }
    guard var time = timeParser.parse(timeBytes) else {
      return .rejected(.badTimestamp, detail: "cannot read '\(String(decoding: timeBytes.prefix(60), as: UTF8.self))' as a time")
    }
    if let slot = timeOffsetSlot, let text = fields.string(slot), !text.isEmpty {
      guard let offset = Int64(text) else {
        return .rejected(.badTimestamp, detail: "time offset '\(text.prefix(40))' is not an integer")
      }
      time += offset * timeOffsetScale
    }
    if exclusion.excludes(fields) { return .excluded }
    if let from, time < from { return .outOfRange }
    if let to, time >= to { return .outOfRange }
    let stage = classifier.classify(fields)
    var event = EventRecord(time: time, order: order, user: users.intern(user), stage: stage)
    if let slot = sessionSlot, let value = fields.string(slot), !value.isEmpty {
      event.session = sessions.intern(value)
    }
    if let slot = changeSlot, let value = fields.string(slot), !value.isEmpty {
      event.change = changes.intern(value)
    }
    if let slot = dedupeSlot, let value = fields.string(slot), !value.isEmpty {
      event.dedupe = dedupeIDs.intern(value)
    }
    if !breakdownSlots.isEmpty {
      var any = false
      for (i, slot) in breakdownSlots.enumerated() {
        let value = fields.string(slot) ?? ""
        breakdownScratch[i] = value
        any = any || !value.isEmpty
      }
      if any { event.attributes = attributes.intern(breakdownScratch) }
    }
    return .accepted(event)
  }

  /// The user of an event: the first non-empty fallback, or every part joined for a combined key.
  func userKey(_ fields: RecordFields) -> String? {
    if combineUser {
      var parts: [String] = []
      var any = false
      for slot in userSlots {
        let value = fields.string(slot) ?? ""
        any = any || !value.isEmpty
        parts.append(value)
      }
      return any ? parts.joined(separator: " \u{1F} ") : nil
    }
    for slot in userSlots where fields.hasValue(slot) {
      return fields.string(slot)
    }
    return nil
  }
}
