import JourneyModel

/// Turns one framed record into the values of the fields a run asks for.
///
/// A parser is stateful across the records of a file (a delimited file's header) and reuses its
/// buffers: after warm-up, parsing allocates nothing per record.
public protocol RecordParser {
  var format: RecordFormat { get }
  /// Starts a new file: for delimited and whitespace formats the next non-blank record is a header.
  mutating func startFile()
  /// Parses one record (without its line end; a trailing `\r` is tolerated).
  ///
  /// Calls `emit` once per event with `fields` holding that event's values (`fields` is reset
  /// before each event). Returns `.events(n)`, `.header` for a header row, or `.rejected`.
  /// `record` must not escape.
  mutating func parse(
    _ record: UnsafeRawBufferPointer, into fields: inout RecordFields, emit: (borrowing RecordFields) -> Void
  ) -> ParseResult
  /// The header of the current file (delimited and whitespace formats), nil before it or for others.
  var columnNames: [String]? { get }
  /// A field the record just parsed named twice, described (`key "userId"`, `column "user_id"`), then
  /// forgotten; nil when there was none. The last value is used, in every format.
  mutating func takeDuplicate() -> String?
}

extension RecordParser {
  public mutating func takeDuplicate() -> String? { nil }
}

/// The parser for `format`, extracting the fields of `schema` into slots of the same numbers.
package func makeRecordParser(format: RecordFormat, schema: FieldSchema, options: ParserOptions) -> any RecordParser {
  switch format {
  case .ndjson: NDJSONRecordParser(schema: schema, options: options)
  case .delimited(let separator): DelimitedRecordParser(separator: separator, schema: schema, options: options)
  case .whitespace: WhitespaceRecordParser(schema: schema, options: options)
  case .combined, .common: AccessLogRecordParser(format: format, schema: schema, options: options)
  }
}
