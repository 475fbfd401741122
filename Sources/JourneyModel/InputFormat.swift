/// The record format a config (`input.format`) or the command line (`--input-format`) names.
///
/// `auto` detects the format from each input's first line. The parsers' own type is
/// `RecordFormat`, which also knows a CSV's separator.
package enum InputFormat: String, Sendable, Equatable, CaseIterable, Encodable {
  case auto, ndjson, csv, tsv, combined, common, whitespace

  /// An access-log format, whose fields (`client`, `time`, …) are known without a header.
  package var isAccessLog: Bool { self == .combined || self == .common }
}
