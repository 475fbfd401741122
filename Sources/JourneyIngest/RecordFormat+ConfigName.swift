import JourneyParsing

extension RecordFormat {
  /// The config's name of a format: `ndjson`, `csv`, `tsv`, `combined`, `common`, `whitespace`.
  package var configName: String {
    switch self {
    case .ndjson: "ndjson"
    case .delimited(let separator): separator == UInt8(ascii: "\t") ? "tsv" : "csv"
    case .combined: "combined"
    case .common: "common"
    case .whitespace: "whitespace"
    }
  }
}
