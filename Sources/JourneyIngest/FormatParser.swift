import JourneyConfig
import JourneyInput
import JourneyModel
import JourneyParsing

/// The record parser of one input's format, positioned in its file: the one place that maps a format
/// to its parser, its framing and the way its blocks travel.
///
/// Held as an enum of the concrete parsers, and run through ``run(_:_:_:)`` with the concrete type:
/// the per-record calls are direct, not through an existential.
package enum FormatParser {
  case ndjson(NDJSONRecordParser)
  case delimited(DelimitedRecordParser)
  case whitespace(WhitespaceRecordParser)
  case accessLog(AccessLogRecordParser)

  /// A parser for `format` at the start of a file, filling the fields of `schema`.
  package init(format: RecordFormat, schema: FieldSchema, options: ParserOptions) {
    switch format {
    case .ndjson: self = .ndjson(NDJSONRecordParser(schema: schema, options: options))
    case .delimited(let separator):
      var parser = DelimitedRecordParser(separator: separator, schema: schema, options: options)
      parser.startFile()
      self = .delimited(parser)
    case .whitespace:
      var parser = WhitespaceRecordParser(schema: schema, options: options)
      parser.startFile()
      self = .whitespace(parser)
    case .combined, .common:
      var parser = AccessLogRecordParser(format: format, schema: schema, options: options)
      parser.startFile()
      self = .accessLog(parser)
    }
  }

  /// The parser the run's config asks for.
  package init(format: RecordFormat, schema: FieldSchema, config: JourneyConfig) {
    self.init(format: format, schema: schema, options: Self.options(config))
  }

  package static func options(_ config: JourneyConfig) -> ParserOptions {
    ParserOptions(eventsPath: config.input.events, nullMarkers: config.input.nullValues)
  }

  /// How records of `format` are cut: quoted fields may hold line breaks in delimited formats.
  package static func framing(_ format: RecordFormat) -> Framing {
    if case .delimited(let separator) = format { return .quoted(separator: separator) }
    return .lines
  }

  /// Formats read in raw blocks: one record per line and no header, so a block of whole lines
  /// parses without anything from the blocks before it.
  package static func readsRaw(_ format: RecordFormat) -> Bool {
    switch format {
    case .ndjson, .combined, .common: true
    case .delimited, .whitespace: false
    }
  }

  /// The format of an input: the config's `input.format`, or for `auto` the one its first line shows.
  package static func format(head: [UInt8], file: String, config: JourneyConfig) throws(JourneyError) -> RecordFormat {
    if config.input.format != .auto {
      guard let format = RecordFormat(config.input.format, separator: config.input.separator) else {
        throw JourneyError(kind: .config, location: config.source, message: "unknown input.format '\(config.input.formatName)'")
      }
      return format
    }
    guard let format = FormatDetector.detect(firstLine: head) else {
      throw JourneyError(
        kind: .input, location: file,
        message: "cannot tell the format from the first line; set input.format (ndjson, csv, tsv, combined, common, whitespace)")
    }
    return format
  }

  /// Runs `loop` with the concrete parser (a copy: the caller's parser keeps its state).
  @inline(__always)
  package func run<Loop: ParserLoop, Visitor: RecordVisitor>(
    _ loop: Loop, _ ingest: inout RecordIngest, _ visitor: inout Visitor
  ) throws(Loop.Failure) -> Loop.Result {
    switch self {
    case .ndjson(var parser): try loop.run(&parser, &ingest, &visitor)
    case .delimited(var parser): try loop.run(&parser, &ingest, &visitor)
    case .whitespace(var parser): try loop.run(&parser, &ingest, &visitor)
    case .accessLog(var parser): try loop.run(&parser, &ingest, &visitor)
    }
  }

  /// Formats with a header: the parser's state after `block`, replaying records until the header is read.
  mutating func advanceHeader(over block: RecordBlock, fields: inout RecordFields) {
    func replay<P: RecordParser>(_ parser: inout P) {
      guard parser.columnNames == nil else { return }
      block.forEachRecord { record in
        guard parser.columnNames == nil, !record.isTooLong else { return }
        _ = parser.parse(record.bytes, into: &fields) { _ in }
      }
    }
    switch self {
    case .delimited(var parser):
      replay(&parser)
      self = .delimited(parser)
    case .whitespace(var parser):
      replay(&parser)
      self = .whitespace(parser)
    case .ndjson, .accessLog: break
    }
  }
}
