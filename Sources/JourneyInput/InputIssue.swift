/// A non-fatal problem with a source: truncated or corrupt gzip data, trailing garbage.
///
/// The records read before it stay valid; the pipeline reports it as a warning (an error with `--strict`).
public struct InputIssue: Sendable, Equatable, CustomStringConvertible {
  /// The source's display name.
  package var file: String
  /// The compressed byte offset where the problem was found.
  package var byteOffset: Int
  /// What went wrong: `gzip data ends at compressed byte 81920 (truncated?)`.
  public var message: String

  package init(file: String, byteOffset: Int, message: String) {
    self.file = file
    self.byteOffset = byteOffset
    self.message = message
  }

  /// `file: message`, the shape of a warning line.
  public var description: String { "\(file): \(message)" }
}
