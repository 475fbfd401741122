/// The report formats `-f/--format` accepts, and the one an output file's extension implies.
package enum OutputFormat: String, Sendable, CaseIterable {
  case table, json, csv, markdown, html

  /// The format a file name's extension implies: `.txt` → table, `.json`, `.csv`, `.md`/`.markdown`,
  /// `.html`/`.htm`; nil for any other extension. Case-insensitive; a leading dot is ignored.
  package init?(fileExtension: String) {
    var ext = fileExtension.lowercased()
    if ext.hasPrefix(".") { ext.removeFirst() }
    switch ext {
    case "txt", "text": self = .table
    case "json": self = .json
    case "csv": self = .csv
    case "md", "markdown": self = .markdown
    case "html", "htm": self = .html
    default: return nil
    }
  }

  /// The usual file extension for this format, without the dot.
  package var fileExtension: String {
    switch self {
    case .table: "txt"
    case .json: "json"
    case .csv: "csv"
    case .markdown: "md"
    case .html: "html"
    }
  }
}
