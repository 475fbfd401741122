import JourneyConfig
import JourneyModel
import JourneyParsing

/// What the first line of an input says about its format and preset.
package struct FormatSniffer {
  package var format: RecordFormat?
  package var fieldNames: [String]
  package var preset: Preset?

  package static func sniff(head: [UInt8]?, declared: InputFormat?) -> FormatSniffer {
    guard let head else { return FormatSniffer(format: nil, fieldNames: [], preset: nil) }
    let format = declared.flatMap { RecordFormat($0) } ?? FormatDetector.detect(firstLine: head)
    guard let format else { return FormatSniffer(format: nil, fieldNames: [], preset: nil) }
    var catalog = FieldCatalog(format: format)
    head.withUnsafeBytes { catalog.observe($0) }
    var names = catalog.fields.map(\.name)
    if case .delimited = format { names = headerNames(head, format: format) }
    if case .whitespace = format { names = headerNames(head, format: format) }
    let topLevel = names.map { name in String(name.prefix { $0 != "." && $0 != "[" }) }
    var unique: [String] = []
    for name in topLevel + names where !unique.contains(name) { unique.append(name) }
    let preset = Preset.detect(format: format.inputFormat, fieldNames: unique)
    return FormatSniffer(format: format, fieldNames: unique, preset: preset)
  }

  static func headerNames(_ head: [UInt8], format: RecordFormat) -> [String] {
    var parser = makeRecordParser(format: format, schema: FieldSchema(), options: ParserOptions())
    parser.startFile()
    var fields = RecordFields(slotCount: 0)
    _ = head.withUnsafeBytes { parser.parse($0, into: &fields) { _ in } }
    return parser.columnNames ?? []
  }
}
