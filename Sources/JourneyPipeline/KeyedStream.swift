import Foundation
import JourneyModel
import JourneyParsing

/// The line format `journey keys` writes and `journey report --keyed` reads back (the Spark job's
/// wire format, `contrib/spark/journey_spark.py`).
///
/// One line per framed record, `KEY<TAB>INPUT<TAB>LINE<TAB>RECORD`, and after each input
/// `#input<TAB>{json}` (``KeyedInput``). KEY and RECORD are escaped so that no line holds a raw
/// TAB, LF or CR: `\` → `\\`, TAB → `\t`, LF → `\n`, CR → `\r`. A record longer than
/// `--max-line-length` (whose bytes were never read whole) is the RECORD ``tooLongMarker``, which
/// no escaped record can be. `report --keyed` reads the first line `#journey-keyed/1<TAB>{json}`
/// (``KeyedHeader``), then the record lines sorted by (INPUT, LINE).
package enum KeyedStream {
  /// The first word of the header line `report --keyed` reads.
  package static let headerTag = "#journey-keyed/1"
  /// The first word of the line after each input.
  package static let inputTag = "#input"
  /// The RECORD of a record too long to read (`\L`: not an escape `keys` writes).
  package static let tooLongMarker: [UInt8] = [0x5C, 0x4C]

  /// Appends `bytes` escaped.
  @inline(__always)
  package static func appendEscaped(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
    var start = 0
    var i = 0
    let n = bytes.count
    while i < n {
      let byte = bytes[i]
      if byte <= 0x0D || byte == 0x5C {
        let escaped: UInt8
        switch byte {
        case 0x09: escaped = 0x74  // t
        case 0x0A: escaped = 0x6E  // n
        case 0x0D: escaped = 0x72  // r
        case 0x5C: escaped = 0x5C
        default:
          i += 1
          continue
        }
        if i > start { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<i])) }
        out.append(0x5C)
        out.append(escaped)
        start = i + 1
      }
      i += 1
    }
    if n > start { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<n])) }
  }

  /// The bytes of an escaped field; nil when it holds a backslash that escapes nothing known.
  package static func unescape(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
    out.removeAll(keepingCapacity: true)
    var i = 0
    let n = bytes.count
    var start = 0
    while i < n {
      guard bytes[i] == 0x5C else {
        i += 1
        continue
      }
      if i > start { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<i])) }
      guard i + 1 < n else { return false }
      switch bytes[i + 1] {
      case 0x74: out.append(0x09)
      case 0x6E: out.append(0x0A)
      case 0x72: out.append(0x0D)
      case 0x5C: out.append(0x5C)
      default: return false
      }
      i += 2
      start = i
    }
    if n > start { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<n])) }
    return true
  }

  /// JSON for the stream's lines: sorted keys, slashes as they are.
  static func encode<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
  }
}

/// What `journey keys` says about one input after its records (the `#input` line): the values the
/// report's `summary.inputs` has for it, and the header record of a file with one.
package struct KeyedInput: Codable, Sendable, Equatable {
  package var index: Int
  /// The name as given, or `--input-name` for standard input.
  package var path: String
  package var compression: String
  package var format: String
  package var records: Int
  package var bytes: Int
  package var error: String?
  /// The header record's raw text (CSV, TSV, whitespace columns); nil for formats without one.
  package var header: String?
  /// The header's first line number in its file.
  package var headerLine: Int?
  /// The separator of a delimited format (`;` for `csv (;)`): ``format`` names only `csv` or `tsv`.
  package var separator: String?

  package init(index: Int, summary: InputSummary, header: String?, headerLine: Int?, format recordFormat: RecordFormat?) {
    self.index = index
    path = summary.path
    compression = summary.compression
    format = summary.format
    records = summary.records
    bytes = summary.bytes
    error = summary.error
    self.header = header
    self.headerLine = headerLine
    if case .delimited(let byte) = recordFormat { separator = String(decoding: [byte], as: UTF8.self) }
  }

  /// The format `keys` read the original in (nil for an input without records).
  package var recordFormat: RecordFormat? {
    guard let format = InputFormat(rawValue: self.format), format != .auto else { return nil }
    return RecordFormat(format, separator: format == .csv ? separator : nil)
  }

  package var summary: InputSummary {
    InputSummary(path: path, compression: compression, format: format, records: records, bytes: bytes, error: error)
  }

  enum CodingKeys: String, CodingKey { case index, path, compression, format, records, bytes, error, header, headerLine, separator }

  // Every key written, null included: the line says what it does not have.
  package func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(index, forKey: .index)
    try container.encode(path, forKey: .path)
    try container.encode(compression, forKey: .compression)
    try container.encode(format, forKey: .format)
    try container.encode(records, forKey: .records)
    try container.encode(bytes, forKey: .bytes)
    try container.encode(error, forKey: .error)
    try container.encode(header, forKey: .header)
    try container.encode(headerLine, forKey: .headerLine)
    try container.encode(separator, forKey: .separator)
  }
}

/// The first line of `report --keyed`'s stream: the partition the records are, the driver's
/// config, and every input's `#input` object in index order.
package struct KeyedHeader: Codable, Sendable {
  package struct Config: Codable, Sendable {
    /// The path as given on the driver: the title and the config's locations name it.
    package var path: String
    package var text: String
  }

  /// `K/N`, or nil for every record.
  package var partition: String?
  /// nil: `-c` or `--preset` on the command line.
  package var config: Config?
  package var inputs: [KeyedInput]
  /// The inputs as given on the driver (folders unexpanded), for the default title; nil: the
  /// inputs' paths.
  package var arguments: [String]?
  /// The YAML files the driver left out of input folders, less the config itself (the report's
  /// `config-skipped` warnings); nil: none.
  package var skipped: [String]?
}
