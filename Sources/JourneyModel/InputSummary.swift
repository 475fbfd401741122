/// What the run read from one input: its name, encoding, format, record count and size, and the
/// problem that cut it short, if any (the report's `summary.inputs`).
public struct InputSummary: Codable, Sendable, Equatable {
  /// The path as given (or `-` for standard input).
  package var path: String
  package var compression: String
  package var format: String
  public var records: Int
  package var bytes: Int
  /// A non-fatal problem with the file (truncated gzip), naming the byte offset.
  package var error: String?

  package init(path: String, compression: String, format: String, records: Int, bytes: Int, error: String? = nil) {
    self.path = path
    self.compression = compression
    self.format = format
    self.records = records
    self.bytes = bytes
    self.error = error
  }
}
