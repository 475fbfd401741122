import JourneyConfig
import JourneyInput
import JourneyModel
import JourneyParsing
import JourneyRender
import JourneyReports

/// Where one event came from.
public struct EventLocation: Sendable {
  public var fileIndex: Int
  public var file: String
  public var line: Int
  /// Position of the event among all events of its file (several per line for nested events).
  public var ordinal: Int
  /// The bytes of the record the event came from, for the excerpt of a reject: valid only during the
  /// visit, must not escape.
  nonisolated(unsafe) public var record: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)

  /// The excerpt a reject of this event shows (the record's first bytes).
  public var excerpt: String { IngestRunner.excerpt(record) }

  public var order: UInt64 { EventRecord.order(file: fileIndex, ordinal: ordinal) }
}

/// Reads every input in order: bytes → records → fields, counting what it must reject.
///
/// The first stage of every command: `report`, `sessions`, `classify` and `inspect` differ only in
/// what they do with each event's fields.
public final class IngestRunner {
  public let config: JourneyConfig
  public let settings: RunSettings
  public private(set) var rejects: RejectLog
  public private(set) var inputs: [JourneyReport.InputFile] = []
  public private(set) var issues: [InputIssue] = []
  /// Events the parsers produced (accepted or not by the visitor).
  public private(set) var parsedEvents = 0
  private var warningsShown = 0
  public static let warningLimit = 5
  /// Files already warned about a duplicate key or column.
  private var duplicateWarned = Set<String>()

  public init(config: JourneyConfig, settings: RunSettings) {
    self.config = config
    self.settings = settings
    let sink: (@Sendable (RejectedRecord) -> Void)? = nil
    rejects = RejectLog(sampleLimit: 20, sink: sink)
  }

  /// Sets where every rejected record goes besides the counts (`--rejects FILE`).
  public func setRejectSink(_ sink: @escaping @Sendable (RejectedRecord) -> Void) {
    rejects.sink = sink
  }

  /// Counts a rejected record and warns about the first few on stderr.
  public func reject(file: String, line: Int, reason: RejectReason, detail: String, excerpt: String? = nil) {
    rejects.reject(file: file, line: line, reason: reason, excerpt: excerpt)
    if warningsShown < Self.warningLimit {
      warningsShown += 1
      // One line per warning, whatever the record held (newlines, escape codes).
      settings.warn(TerminalText.escape("\(file):\(line): warning: rejected record: \(reason): \(detail)"))
    }
  }

  /// Warns, once per file, that a record names a field twice (`what`: `key "x"`, `column "x"`).
  public func warnDuplicate(file: String, line: Int, _ what: String) {
    guard duplicateWarned.insert(file).inserted else { return }
    settings.warn("\(file):\(line): warning: duplicate \(what); the last value is used")
  }

  /// Reads `sources` in order and calls `visit` for every parsed event with its fields.
  public func run(
    sources: [InputSource], schema: FieldSchema,
    visit: (RecordFields, EventLocation) -> Void
  ) throws(JourneyError) {
    for (index, source) in sources.enumerated() {
      try runOne(source, index: index, schema: schema, visit: visit)
    }
    finishRun()
  }

  /// The closing hint about rejects not shown.
  func finishRun() {
    if rejects.count > warningsShown {
      settings.warn("\(rejects.count) records rejected (first \(warningsShown) shown); --rejects FILE writes them all")
    }
  }

  /// Records a file read to its end (or to where its gzip data broke): its summary and its issue.
  func finishFile(name: String, compression: Compression, format: RecordFormat?, outcome: InputOutcome, records: Int) {
    // No format: nothing was decoded, an empty input or one that broke before its first byte.
    var input = JourneyReport.InputFile(
      path: name, compression: compression.rawValue, format: format.map(FormatSniffer.formatName) ?? "empty",
      records: records, bytes: format == nil && outcome.issue == nil ? 0 : outcome.compressedBytes)
    if let issue = outcome.issue {
      issues.append(issue)
      input.error = issue.message
      settings.warn(TerminalText.escape("\(name): warning: \(issue.message)"))
    }
    inputs.append(input)
  }

  func addParsedEvents(_ count: Int) { parsedEvents += count }

  private func runOne(
    _ source: InputSource, index: Int, schema: FieldSchema,
    visit: (RecordFields, EventLocation) -> Void
  ) throws(JourneyError) {
    let name = source.displayName
    let reader = try RecordReader(source: source, maxRecordLength: settings.maxRecordLength, progress: settings.progress)
    guard let head = reader.head else {
      finishFile(name: name, compression: reader.compression, format: nil, outcome: reader.outcomeWithoutRecords, records: 0)
      return
    }
    let format = try recordFormat(head: head, file: name)
    let options = ParserOptions(eventsPath: config.input.events, nullMarkers: config.input.nullValues)
    let framing: Framing
    switch format {
    case .delimited(let separator): framing = .quoted(separator: separator)
    default: framing = .lines
    }
    let outcome: (input: InputOutcome, records: Int)
    // One concrete parser type per format: the per-record calls are direct, not through an existential.
    switch format {
    case .ndjson:
      var parser = NDJSONRecordParser(schema: schema, options: options)
      outcome = try readRecords(reader, parser: &parser, slotCount: schema.count, framing: framing, index: index, name: name, visit: visit)
    case .delimited(let separator):
      var parser = DelimitedRecordParser(separator: separator, schema: schema, options: options)
      outcome = try readRecords(reader, parser: &parser, slotCount: schema.count, framing: framing, index: index, name: name, visit: visit)
    case .whitespace:
      var parser = WhitespaceRecordParser(schema: schema, options: options)
      outcome = try readRecords(reader, parser: &parser, slotCount: schema.count, framing: framing, index: index, name: name, visit: visit)
    case .combined, .common:
      var parser = AccessLogRecordParser(format: format, schema: schema, options: options)
      outcome = try readRecords(reader, parser: &parser, slotCount: schema.count, framing: framing, index: index, name: name, visit: visit)
    }
    finishFile(name: name, compression: reader.compression, format: format, outcome: outcome.input, records: outcome.records)
  }

  /// Frames, parses and visits every record of one source; returns the reader's outcome and the number of
  /// records that were not headers or too long.
  private func readRecords<Parser: RecordParser>(
    _ reader: RecordReader, parser: inout Parser, slotCount: Int, framing: Framing, index: Int, name: String,
    visit: (RecordFields, EventLocation) -> Void
  ) throws(JourneyError) -> (input: InputOutcome, records: Int) {
    parser.startFile()
    // The loop's state is one local passed inout (not vars captured by a local function, which
    // Swift boxes and checks for exclusive access at run time, per record).
    var state = RecordLoopState(fields: RecordFields(slotCount: slotCount))
    let outcome: InputOutcome
    do {
      if settings.threads > 1 {
        outcome = try reader.forEachRecordReadingAhead(framing: framing) {
          handle($0, parser: &parser, state: &state, index: index, name: name, visit: visit)
        }
      } else {
        outcome = try reader.forEachRecord(framing: framing) {
          handle($0, parser: &parser, state: &state, index: index, name: name, visit: visit)
        }
      }
    } catch let error as JourneyError {
      parsedEvents += state.parsed
      throw error
    } catch {
      parsedEvents += state.parsed
      throw JourneyError(kind: .input, location: name, message: "\(error)")
    }
    parsedEvents += state.parsed
    return (outcome, state.records)
  }

  /// What ``readRecords`` keeps from one record to the next.
  private struct RecordLoopState {
    var fields: RecordFields
    var ordinal = 0
    var records = 0
    var parsed = 0
  }

  /// Parses one record and visits its events.
  @inline(__always)
  private func handle<Parser: RecordParser>(
    _ record: InputRecord, parser: inout Parser, state: inout RecordLoopState, index: Int, name: String,
    visit: (RecordFields, EventLocation) -> Void
  ) {
    if record.isTooLong {
      reject(file: name, line: record.line, reason: .lineTooLong, detail: "longer than \(settings.maxRecordLength) bytes")
      return
    }
    var ordinal = state.ordinal
    var parsed = state.parsed
    let result = parser.parse(record.bytes, into: &state.fields) { eventFields in
      visit(eventFields, EventLocation(fileIndex: index, file: name, line: record.line, ordinal: ordinal, record: record.bytes))
      ordinal += 1
      parsed += 1
    }
    state.ordinal = ordinal
    state.parsed = parsed
    if let duplicate = parser.takeDuplicate() { warnDuplicate(file: name, line: record.line, duplicate) }
    switch result {
    case .events: state.records += 1
    case .header: break
    case .rejected(let reason, let detail):
      state.records += 1
      reject(file: name, line: record.line, reason: reason, detail: detail, excerpt: Self.excerpt(record.bytes))
    }
  }

  func recordFormat(head: [UInt8], file: String) throws(JourneyError) -> RecordFormat {
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

  static func excerpt(_ bytes: UnsafeRawBufferPointer) -> String {
    String(decoding: bytes.prefix(200), as: UTF8.self)
  }
}
