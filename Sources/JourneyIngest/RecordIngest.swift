import JourneyConfig
import JourneyInput
import JourneyModel
import JourneyParsing

/// The one path of a record: parse → extract (user, time, classify, ids) → the visitor, with a
/// reject for what cannot be read.
///
/// Every command reads records through it: `report` and `sessions` on one thread or in the blocks
/// of a parallel ingest, `classify` and `inspect`. A new reject reason belongs in the parsers or in
/// ``EventExtractor``, a new extracted field in ``EventExtractor``: this loop passes them on.
/// Not thread-safe: one per thread (each with its own extractor).
package struct RecordIngest {
  /// The fields the parsers fill: the extractor's, or none without extractor.
  package let schema: FieldSchema
  /// Fills the fields of ``schema``; reset before each event.
  package var fields: RecordFields
  package var events: Extraction
  /// Records that were neither headers nor too long.
  package var records = 0
  package let maxRecordLength: Int

  /// The extractor and the event count, apart from ``fields`` so that the parser can fill those
  /// while its callback extracts.
  package struct Extraction {
    package var extractor: EventExtractor
    /// False for `inspect` without a config: events are only counted (``extractor`` stands in).
    ///
    /// A flag beside a plain value, not an optional extractor: testing an optional of a struct
    /// this size costs an outlined tag read at every use, per event.
    package let extracts: Bool
    /// Added to an event's ordinal for its `order` (`file << 44` in a one-thread run).
    package var orderBase: UInt64 = 0
    /// Events parsed so far: the next event's ordinal.
    package var parsed = 0
  }

  /// Without an extractor, events are only counted and the parsers fill no field. `extracts: false`
  /// with an extractor: the parsers fill its fields, but only the visitor sees them
  /// (``RecordVisitor/willExtract(_:)``), as `journey keys` reads them.
  package init(extractor: EventExtractor?, maxRecordLength: Int, extracts: Bool = true) {
    schema = extractor?.schema ?? FieldSchema()
    fields = RecordFields(slotCount: schema.count)
    // The stand-in of the default config is never asked to extract.
    events = Extraction(
      extractor: extractor ?? (try! EventExtractor(config: JourneyConfig())), extracts: extracts && extractor != nil)
    self.maxRecordLength = maxRecordLength
  }

  /// Starts a new stretch of records whose events are numbered from 0, `order` from `orderBase`.
  package mutating func restart(orderBase: UInt64) {
    events.orderBase = orderBase
    events.parsed = 0
    records = 0
  }

  /// Parses `record` and hands each of its events, or its reject, to `visitor`.
  @inline(__always)
  package mutating func ingest<Parser: RecordParser, Visitor: RecordVisitor>(
    _ record: InputRecord, _ parser: inout Parser, _ visitor: inout Visitor
  ) {
    if record.isTooLong {
      // Too long to read a user from: the partition of the empty key's, as an unparseable record.
      guard events.extractor.partition?.ownsRecordsWithoutUser ?? true else {
        visitor.otherPartition(line: record.line)
        return
      }
      visitor.reject(line: record.line, reason: .lineTooLong, detail: "longer than \(maxRecordLength) bytes", excerpt: nil)
      return
    }
    visitor.willParse(record)
    let outcome = Self.parse(record, &parser, &fields, &events, &visitor)
    if let duplicate = parser.takeDuplicate() { visitor.duplicate(line: record.line, duplicate) }
    if case .header = outcome { visitor.didParse(record, header: true) } else { visitor.didParse(record, header: false) }
    switch outcome {
    case .events: records += 1
    case .header: break
    case .rejected(let reason, let detail):
      records += 1
      // An unparseable record has no user: it is the partition of the empty key's.
      guard events.extractor.partition?.ownsRecordsWithoutUser ?? true else {
        visitor.otherPartition(line: record.line)
        return
      }
      visitor.reject(line: record.line, reason: reason, detail: detail, excerpt: Self.excerpt(record.bytes))
    }
  }

  // The state the parser's callback changes is passed apart from `fields`, which the parser fills.
  @inline(__always)
  private static func parse<Parser: RecordParser, Visitor: RecordVisitor>(
    _ record: InputRecord, _ parser: inout Parser, _ fields: inout RecordFields, _ events: inout Extraction,
    _ visitor: inout Visitor
  ) -> ParseResult {
    parser.parse(record.bytes, into: &fields) { eventFields in
      let order = events.orderBase + UInt64(events.parsed)
      events.parsed += 1
      visitor.willExtract(eventFields)
      guard events.extracts else { return }
      switch events.extractor.extract(eventFields, order: order) {
      case .accepted(let event):
        let extra = events.extractor.internExtra(eventFields)
        visitor.accept(event, extra: extra, fields: eventFields, line: record.line, ids: events.extractor.ids)
      case .excluded:
        visitor.drop(outOfRange: false, user: events.extractor.lastUser, fields: eventFields, line: record.line)
      case .outOfRange:
        visitor.drop(outOfRange: true, user: events.extractor.lastUser, fields: eventFields, line: record.line)
      case .otherPartition:
        visitor.otherPartition(line: record.line)
      case .rejected(let reason, let detail):
        visitor.rejectEvent(
          line: record.line, reason: reason, detail: detail, excerpt: Self.excerpt(record.bytes),
          user: events.extractor.lastUser, fields: eventFields)
      }
    }
  }

  /// The excerpt a reject shows: the record's first 200 bytes.
  package static func excerpt(_ bytes: UnsafeRawBufferPointer) -> String {
    String(decoding: bytes.prefix(200), as: UTF8.self)
  }
}
