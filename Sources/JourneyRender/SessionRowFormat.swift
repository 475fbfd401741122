/// The rows of `journey sessions`: one JSON object per line, or CSV with a header.
package enum SessionRowFormat: String, Sendable, CaseIterable {
  case ndjson, csv
}
