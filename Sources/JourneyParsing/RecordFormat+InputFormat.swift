public import JourneyModel

/// Between the format a config names (``InputFormat``) and the parsers' ``RecordFormat``.
extension RecordFormat {
  /// The format `format` names; nil for `auto` (the caller detects it) and for a `csv` whose
  /// `separator` is not one ASCII character other than `"` (see ``init(name:separator:)``).
  package init?(_ format: InputFormat, separator: String? = nil) {
    guard format != .auto else { return nil }
    self.init(name: format.rawValue, separator: separator)
  }

  /// The config's name of this format: `ndjson`, `csv` (any separator but tab), `tsv`, `combined`,
  /// `common`, `whitespace`.
  package var inputFormat: InputFormat {
    switch self {
    case .ndjson: .ndjson
    case .delimited(let separator): separator == UInt8(ascii: "\t") ? .tsv : .csv
    case .combined: .combined
    case .common: .common
    case .whitespace: .whitespace
    }
  }
}
