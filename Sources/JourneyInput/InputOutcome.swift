/// What reading one source amounted to.
package struct InputOutcome: Sendable, Equatable {
  /// Bytes read from the source (the file size when it was read to its end).
  package var compressedBytes: Int
  /// Bytes after decompression (equal to `compressedBytes` for plain input).
  package var decompressedBytes: Int
  /// Records delivered, too-long ones included.
  package var records: Int
  /// A truncated or corrupt stream, or trailing garbage; nil when the source was read cleanly.
  package var issue: InputIssue?

  package init(compressedBytes: Int, decompressedBytes: Int, records: Int, issue: InputIssue? = nil) {
    self.compressedBytes = compressedBytes
    self.decompressedBytes = decompressedBytes
    self.records = records
    self.issue = issue
  }
}
