import JourneyModel

/// The shape of the records in an input: how one framed record turns into fields.
public enum RecordFormat: Sendable, Hashable, CustomStringConvertible {
  /// One JSON object per line.
  case ndjson
  /// A header row, then rows of fields split by `separator` with RFC 4180 quoting (csv, tsv, csv with `;`).
  case delimited(separator: UInt8)
  /// Apache/Nginx combined log format (common format plus referer and user agent).
  case combined
  /// Common Log Format: `%h %l %u [%t] "%r" %>s %b`.
  case common
  /// A header row, then fields split by runs of spaces or tabs (CDNOW).
  case whitespace

  package static let csv = RecordFormat.delimited(separator: ASCII.comma)
  package static let tsv = RecordFormat.delimited(separator: ASCII.tab)

  /// `"ndjson"`, `"csv"`, `"tsv"`, `"csv (;)"`, `"combined"`, `"common"`, `"whitespace"`.
  public var description: String {
    switch self {
    case .ndjson: "ndjson"
    case .delimited(let separator):
      switch separator {
      case ASCII.comma: "csv"
      case ASCII.tab: "tsv"
      default:
        separator >= ASCII.space && separator < 0x7F
          ? "csv (\(Character(Unicode.Scalar(separator))))" : "csv (0x\(String(separator, radix: 16)))"
      }
    case .combined: "combined"
    case .common: "common"
    case .whitespace: "whitespace"
    }
  }

  /// The format a config or command line names: `ndjson` (`json`, `jsonl`), `csv`, `tsv`, `combined`,
  /// `common`, `whitespace`; nil for anything else (including `auto`, which the caller resolves).
  ///
  /// `separator` (one ASCII character, or `\t` / `tab`) overrides the separator of `csv`.
  package init?(name: String, separator: String? = nil) {
    switch name.lowercased() {
    case "ndjson", "json", "jsonl": self = .ndjson
    case "csv":
      if let separator {
        let byte: UInt8
        switch separator {
        case "\\t", "tab", "\t": byte = ASCII.tab
        default:
          let utf8 = Array(separator.utf8)
          guard utf8.count == 1, utf8[0] < 0x80, utf8[0] != ASCII.quote else { return nil }
          byte = utf8[0]
        }
        self = .delimited(separator: byte)
      } else {
        self = .csv
      }
    case "tsv": self = .tsv
    case "combined": self = .combined
    case "common", "clf": self = .common
    case "whitespace", "ws": self = .whitespace
    default: return nil
    }
  }
}
