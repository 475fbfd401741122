/// Whole framed records of one input, copied out of the reader's buffers so that another thread can
/// parse them: the unit of work of the parallel ingest.
///
/// The records are those ``RecordFramer`` delivers, in order, with their physical line numbers.
public struct RecordBlock: Sendable {
  /// One record: `bytes[start..<end]`.
  public struct Span: Sendable {
    public var start: Int32
    public var end: Int32
    public var line: Int
    public var isTooLong: Bool
  }

  public var bytes: [UInt8] = []
  public var spans: [Span] = []

  public init(capacity: Int = 0) {
    bytes.reserveCapacity(capacity)
  }

  public var isEmpty: Bool { spans.isEmpty }

  /// Empties the block, keeping its storage for the next records.
  public mutating func removeAll() {
    bytes.removeAll(keepingCapacity: true)
    spans.removeAll(keepingCapacity: true)
  }

  /// Copies `record` in.
  public mutating func append(_ record: InputRecord) {
    let start = bytes.count
    bytes.append(contentsOf: record.bytes)
    spans.append(Span(start: Int32(start), end: Int32(bytes.count), line: record.line, isTooLong: record.isTooLong))
  }

  /// Calls `body` with every record; the bytes must not escape.
  public func forEachRecord(_ body: (InputRecord) throws -> Void) rethrows {
    try bytes.withUnsafeBytes { all in
      for span in spans {
        try body(
          InputRecord(
            bytes: UnsafeRawBufferPointer(rebasing: all[Int(span.start)..<Int(span.end)]), line: span.line,
            isTooLong: span.isTooLong))
      }
    }
  }
}
