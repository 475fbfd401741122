import JourneyConfig
import JourneyIngest
import JourneyInput
import JourneyModel
import JourneyParsing

/// `journey inspect`: what an unknown export holds, per input file.
package enum InspectPipeline {
  package struct FileReport: Sendable, Codable {
    package var path: String
    package var compression: String
    package var format: String?
    package var preset: String?
    package var records: Int
    package var events: Int
    package var fields: [Field]
    package var firstEvent: String?
    package var lastEvent: String?
    package var rejected: Int
    package var rejectedByReason: [String: Int]
    package var rejectSamples: [RejectedRecord]
    package var issue: String?

    enum CodingKeys: String, CodingKey {
      case path, compression, format, preset, records, events, fields, rejected, issue
      case firstEvent = "first_event"
      case lastEvent = "last_event"
      case rejectedByReason = "rejected_by_reason"
      case rejectSamples = "reject_samples"
    }
  }

  package struct Field: Sendable, Codable {
    package var name: String
    package var filled: Int
    package var fillRate: Double
    package var examples: [String]

    enum CodingKeys: String, CodingKey {
      case name, filled, examples
      case fillRate = "fill_rate"
    }
  }

  /// Inspects every input on its own (each may be a different format); `settings.configPath` or
  /// `settings.preset` fix the mapping, otherwise each file's preset is detected.
  package static func run(_ settings: RunSettings) throws(JourneyError) -> [FileReport] {
    let sources = try settings.sources()
    var reports: [FileReport] = []
    var fixedConfig: JourneyConfig?
    for source in sources {
      reports.append(try inspect(source, settings: settings, fixedConfig: &fixedConfig))
    }
    return reports
  }

  /// `fixedConfig`: the config of `-c`/`--preset`, read when the first input with a line needs it,
  /// then kept for the others.
  static func inspect(
    _ source: InputSource, settings: RunSettings, fixedConfig: inout JourneyConfig?
  ) throws(JourneyError) -> FileReport {
    let name = source.displayName
    let reader = try RecordReader(source: source, maxRecordLength: settings.maxRecordLength, progress: settings.progress)
    var report = FileReport(
      path: name, compression: reader.compression.rawValue, format: nil, preset: nil, records: 0, events: 0,
      fields: [], firstEvent: nil, lastEvent: nil, rejected: 0, rejectedByReason: [:], rejectSamples: [],
      issue: reader.issue?.message)
    guard let head = reader.head else { return report }
    let sniff = FormatSniffer.sniff(head: head, declared: settings.format)
    var config: JourneyConfig?
    if let fixedConfig {
      config = fixedConfig
    } else if let path = settings.configPath {
      config = try ConfigLoader.load(path: path)
      fixedConfig = config
    } else if let preset = settings.preset {
      config = try ConfigResolver.preset(named: preset).config
      fixedConfig = config
    } else {
      config = sniff.preset?.config
    }
    report.preset = config?.input.preset ?? sniff.preset?.name
    let format: RecordFormat
    if let config, let declared = RecordFormat(config.input.format, separator: config.input.separator) {
      format = declared
    } else if let detected = sniff.format {
      format = detected
    } else {
      report.format = "unknown"
      return report
    }
    report.format = format.description

    let extractor = try config.map { c throws(JourneyError) in try EventExtractor(config: c) }
    var ingest = RecordIngest(extractor: extractor, maxRecordLength: settings.maxRecordLength)
    let parser = FormatParser(
      format: format, schema: ingest.schema,
      options: ParserOptions(eventsPath: config?.input.events, nullMarkers: config?.input.nullValues ?? []))
    var visitor = Visitor(name: name, catalog: FieldCatalog(format: format, eventsPath: config?.input.events))
    let outcome = try parser.run(FileLoop(reader: reader, format: format, readAhead: false), &ingest, &visitor)
    report.records = ingest.records
    report.events = extractor == nil ? ingest.events.parsed : visitor.events
    let (catalog, rejects, first, last) = (visitor.catalog, visitor.rejects, visitor.first, visitor.last)
    report.issue = outcome.issue?.message
    report.firstEvent = first.map(Timestamp.iso8601)
    report.lastEvent = last.map(Timestamp.iso8601)
    report.rejected = rejects.count
    for (reason, count) in rejects.byReason { report.rejectedByReason[reason.text] = count }
    report.rejectSamples = rejects.samples
    let total = max(catalog.records, 1)
    report.fields = catalog.fields.map {
      Field(name: $0.name, filled: $0.filled, fillRate: Double($0.filled) / Double(total), examples: $0.examples)
    }
    return report
  }

  /// Counts an input's events and rejects, and catalogs its fields.
  struct Visitor: RecordVisitor {
    let name: String
    var catalog: FieldCatalog
    var rejects = RejectLog(sampleLimit: 10)
    var events = 0
    var first: Microseconds?
    var last: Microseconds?

    init(name: String, catalog: FieldCatalog) {
      self.name = name
      self.catalog = catalog
    }

    mutating func willParse(_ record: InputRecord) { catalog.observe(record.bytes) }

    mutating func accept(_ event: EventRecord, extra: UInt32?, fields: borrowing RecordFields, line: Int, ids: borrowing IDSpace) {
      events += 1
      first = min(first ?? event.time, event.time)
      last = max(last ?? event.time, event.time)
    }

    mutating func drop(outOfRange: Bool, user: UInt32, fields: borrowing RecordFields, line: Int) { events += 1 }

    mutating func reject(line: Int, reason: RejectReason, detail: String, excerpt: String?) {
      rejects.reject(file: name, line: line, reason: reason)
    }

    mutating func duplicate(line: Int, _ what: String) {}
  }
}
