#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif

/// Whole records of one input for another thread to parse: the unit of work of the parallel ingest.
///
/// Framed (``append(_:)``): records copied out of the reader's buffers, as ``RecordFramer`` delivers
/// them, with their physical line numbers. Raw (``startRaw(capacity:atStreamStart:)``, `.lines` framing
/// only): the decompressed bytes of whole lines as they were inflated into the block, framed by the
/// thread that parses it (``forEachRawRecord(maxRecordLength:_:)``), with line numbers from 1 at the
/// block's start.
package struct RecordBlock: Sendable {
  /// One record: `bytes[start..<end]`.
  package struct Span: Sendable {
    package var start: Int32
    package var end: Int32
    package var line: Int
    package var isTooLong: Bool
  }

  package var bytes: [UInt8] = []
  package var spans: [Span] = []
  /// Raw: `bytes[..<rawCount]` hold whole lines (all of `bytes` is initialized room).
  package private(set) var isRaw = false
  package var rawCount = 0
  /// Raw: the block starts the input (a BOM is dropped only there).
  package private(set) var isStreamStart = false

  package init(capacity: Int = 0) {
    bytes.reserveCapacity(capacity)
  }

  package var isEmpty: Bool { isRaw ? rawCount == 0 : spans.isEmpty }

  /// Empties the block, keeping its storage for the next records.
  package mutating func removeAll() {
    if !isRaw { bytes.removeAll(keepingCapacity: true) }
    spans.removeAll(keepingCapacity: true)
    rawCount = 0
    isStreamStart = false
  }

  // MARK: Raw blocks

  /// Makes this an empty raw block with room for at least `capacity` bytes (zeroed once, when the
  /// storage grows: a recycled raw block is reused as it is).
  package mutating func startRaw(capacity: Int, atStreamStart: Bool) {
    if !isRaw { bytes.removeAll(keepingCapacity: true) }
    isRaw = true
    spans.removeAll(keepingCapacity: true)
    rawCount = 0
    isStreamStart = atStreamStart
    growRaw(to: capacity)
  }

  /// The room of a raw block.
  package var rawCapacity: Int { bytes.count }

  /// Grows a raw block's room to at least `capacity` bytes, keeping its contents.
  package mutating func growRaw(to capacity: Int) {
    let old = bytes.count
    guard old < capacity else { return }
    // memcpy and memset: fast in a debug build too (a generic append of zeros is not).
    bytes = bytes.withUnsafeBytes { existing in
      [UInt8](unsafeUninitializedCapacity: capacity) { room, initialized in
        if old > 0 { memcpy(room.baseAddress!, existing.baseAddress!, old) }
        memset(room.baseAddress! + old, 0, capacity - old)
        initialized = capacity
      }
    }
  }

  /// The whole room of a raw block, to write into.
  /// (Array's own `withUnsafeMutableBytes` rethrows untyped errors, hence the `Result`.)
  package mutating func withRawBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
    var result: Result<R, E>?
    bytes.withUnsafeMutableBytes { room in
      do throws(E) { result = .success(try body(room)) } catch { result = .failure(error) }
    }
    return try result!.get()
  }

  /// Frames a raw block's lines as ``RecordFramer`` (`.lines`) would in the middle of the input,
  /// calling `body` with each record (lines numbered from 1 at the block's start); returns the
  /// lines the block holds (the offset of the next block's lines).
  @discardableResult
  package func forEachRawRecord(maxRecordLength: Int, _ body: (InputRecord) throws -> Void) rethrows -> Int {
    var framer = RecordFramer(framing: .lines, maxRecordLength: maxRecordLength, atStreamStart: isStreamStart)
    try bytes.withUnsafeBytes { all in
      try framer.feed(UnsafeRawBufferPointer(rebasing: all[..<rawCount]), body)
      try framer.finish(body)
    }
    return framer.line - 1
  }

  // MARK: Framed blocks

  /// Copies `record` in.
  package mutating func append(_ record: InputRecord) {
    if isRaw {
      bytes.removeAll(keepingCapacity: true)
      isRaw = false
    }
    let start = bytes.count
    bytes.append(contentsOf: record.bytes)
    spans.append(Span(start: Int32(start), end: Int32(bytes.count), line: record.line, isTooLong: record.isTooLong))
  }

  /// Calls `body` with every record; the bytes must not escape.
  package func forEachRecord(_ body: (InputRecord) throws -> Void) rethrows {
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
