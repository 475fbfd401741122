/// One framed record, lent to a callback.
///
/// `bytes` points into a reader's buffer: it is valid only during the callback and must not escape.
public struct InputRecord {
  /// The record without its line terminator (`\n` or `\r\n`) and without a UTF-8 BOM at the start of the input.
  public let bytes: UnsafeRawBufferPointer
  /// The 1-based physical line where the record starts.
  public let line: Int
  /// The record was longer than the reader's limit: `bytes` holds only its first `min(256, limit)` bytes,
  /// and reading resumed at the next newline after the limit was exceeded.
  public let isTooLong: Bool

  @inlinable
  public init(bytes: UnsafeRawBufferPointer, line: Int, isTooLong: Bool = false) {
    self.bytes = bytes
    self.line = line
    self.isTooLong = isTooLong
  }
}
