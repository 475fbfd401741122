/// Where one record ends and the next begins.
public enum Framing: Sendable, Equatable {
  /// One record per physical line (LF or CRLF).
  case lines
  /// CSV/TSV (RFC 4180): a `quote` at the start of a field opens a quoted field, `""` inside it is an
  /// escaped quote, and a newline inside it belongs to the record.
  case quoted(separator: UInt8, quote: UInt8 = UInt8(ascii: "\""))
}
