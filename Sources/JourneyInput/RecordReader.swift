#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif
import JourneyModel

/// Reads one source (a file or standard input) chunk by chunk, decompresses it when it is gzip, and hands
/// out its records.
///
/// Opening reads just enough to know ``compression`` and ``head``; nothing is consumed, so
/// ``forEachRecord(framing:_:)`` still delivers the head line (standard input cannot be reopened).
/// Memory stays bounded: one input chunk, one output chunk, the record carry (at most `maxRecordLength + 1`
/// bytes) and, until records are read, the bytes read to find the head.
///
/// A facade: the opened input is an ``OpenedInput``, and each way of reading it a reader of its own
/// (``RecordLoop``, ``ReadAheadRecordLoop``, ``RecordBlockReader``, ``RawBlockReader``). Records are
/// read once, one way.
package final class RecordReader {
  package var source: InputSource { input.source }
  /// Sniffed from the first two bytes (`1f 8b`).
  package var compression: Compression { input.compression }
  package let maxRecordLength: Int
  /// The first non-empty line (BOM and `\r` stripped, at most 1 MiB of it), for format detection; nil for empty input.
  package var head: [UInt8]? { input.head }
  /// Set when the input is a kind of binary file (plain or inside gzip): it is skipped, with an ``issue``
  /// that names the kind, and delivers no record.
  package var binaryFormat: BinaryFormat? { input.binaryFormat }

  private let input: OpenedInput

  /// Opens `source` (a path, or standard input, which is read but never closed).
  ///
  /// `progress` is called with the number of compressed bytes of each chunk read.
  /// - Throws: `JourneyError(kind: .input, location: path)` when the file cannot be opened or read.
  package init(
    source: InputSource, maxRecordLength: Int = 16 << 20, chunkSize: Int = 1 << 20,
    progress: (@Sendable (Int) -> Void)? = nil
  ) throws(JourneyError) {
    self.maxRecordLength = max(1, maxRecordLength)
    switch source {
    case .file(let path):
      let descriptor = try SystemFile.openForReading(path)
      input = try OpenedInput(
        descriptor: descriptor, ownsDescriptor: true, source: source, chunkSize: chunkSize, progress: progress)
    case .standardInput:
      input = try OpenedInput(
        descriptor: STDIN_FILENO, ownsDescriptor: false, source: source, chunkSize: chunkSize, progress: progress)
    }
  }

  /// Reads the file at `path`, a copy of `source` (``StandardInputCopy``), naming it `source` in
  /// messages and records: a second read of standard input.
  ///
  /// - Throws: `JourneyError(kind: .input, location: path)` when the copy cannot be opened.
  package init(
    copyOf source: InputSource, at path: String, maxRecordLength: Int = 16 << 20, chunkSize: Int = 1 << 20,
    progress: (@Sendable (Int) -> Void)? = nil
  ) throws(JourneyError) {
    self.maxRecordLength = max(1, maxRecordLength)
    let descriptor = try SystemFile.openForReading(path)
    input = try OpenedInput(
      descriptor: descriptor, ownsDescriptor: true, source: source, chunkSize: chunkSize, progress: progress)
  }

  /// Reads an already open file descriptor (a pipe, a socket) named `name` in messages; the caller keeps
  /// ownership and closes it after the reader is gone.
  package init(
    fileDescriptor: Int32, name: String, maxRecordLength: Int = 16 << 20, chunkSize: Int = 1 << 20,
    progress: (@Sendable (Int) -> Void)? = nil
  ) throws(JourneyError) {
    self.maxRecordLength = max(1, maxRecordLength)
    input = try OpenedInput(
      descriptor: fileDescriptor, ownsDescriptor: false, source: name == "-" ? .standardInput : .file(name),
      chunkSize: chunkSize, progress: progress)
  }

  /// The problem that stopped the gzip stream so far (corrupt or truncated data, trailing garbage), nil
  /// while all is well.
  ///
  /// Already set after opening when the stream broke before its first decompressed byte (a bad header,
  /// an unknown method, a member cut short, a damaged first block): ``head`` is then nil, yet the input
  /// was not empty.
  package var issue: InputIssue? { input.issue }

  /// What reading amounted to when no record is read because there is no ``head``: an empty input, or
  /// a gzip stream that broke before its first byte of output (then with its ``issue``).
  package var outcomeWithoutRecords: InputOutcome { input.outcome(records: 0) }

  /// Calls `body` with every non-empty record in order; the record's bytes are valid only during the call.
  ///
  /// Can be called once. A truncated or corrupt gzip stream does not throw: the records decoded before it
  /// are delivered (a final partial line too) and the outcome's `issue` says where it broke.
  /// - Throws: `JourneyError(kind: .input)` when reading fails; whatever `body` throws.
  package func forEachRecord(framing: Framing, _ body: (InputRecord) throws -> Void) throws -> InputOutcome {
    try RecordLoop(input: input, framing: framing, maxRecordLength: maxRecordLength).run(body)
  }

  /// Like ``forEachRecord(framing:_:)``, but reading and decompressing run on a second thread, ahead of
  /// framing and `body`, which run on the calling thread.
  ///
  /// Decompressed bytes travel in `blocks` buffers of `blockSize` bytes (so memory stays bounded); the
  /// records, their line numbers and the outcome are exactly those of ``forEachRecord(framing:_:)``.
  package func forEachRecordReadingAhead(
    framing: Framing, blockSize: Int = 4 << 20, blocks: Int = 3, _ body: (InputRecord) throws -> Void
  ) throws -> InputOutcome {
    let loop = ReadAheadRecordLoop(
      input: input, framing: framing, maxRecordLength: maxRecordLength, blockSize: blockSize, blocks: blocks)
    return try loop.run(body)
  }

  /// Frames every record on the calling thread and hands them out in blocks of whole records (about
  /// `blockBytes` bytes each, more for one longer record), for other threads to parse.
  ///
  /// `nextBlock` gives an empty block to fill (nil stops reading: the consumer gave up); `emit` takes a
  /// full one. The records, line numbers and outcome are those of ``forEachRecord(framing:_:)``.
  package func forEachRecordBlock(
    framing: Framing, blockBytes: Int = 4 << 20, nextBlock: () -> RecordBlock?, emit: (RecordBlock) -> Void
  ) throws -> InputOutcome {
    let reader = RecordBlockReader(input: input, framing: framing, maxRecordLength: maxRecordLength, blockBytes: blockBytes)
    return try reader.run(nextBlock: nextBlock, emit: emit)
  }

  /// Hands out the decompressed input in blocks of whole lines, unframed (``RecordBlock/isRaw``), for
  /// `.lines` framing: bytes are inflated (or read) straight into the blocks, so the reading thread
  /// neither frames nor copies records; the consumer frames each block with
  /// ``RecordBlock/forEachRawRecord(maxRecordLength:_:)``.
  ///
  /// Every block but the last ends with a newline and starts a line; line numbers within a block count
  /// from 1 (``RecordBlock/lineCount`` gives the next block's offset). A line longer than
  /// `maxRecordLength + 1` bytes is cut to its first `maxRecordLength + 2` (too long either way, and
  /// a too-long record shows only its first bytes), so blocks stay bounded; the records, their lines
  /// and the outcome are those of ``forEachRecord(framing:_:)`` with `.lines`.
  ///
  /// `nextBlock` gives an empty block to fill (nil stops reading); `emit` takes a full one.
  package func forEachRawBlock(
    blockBytes: Int = 4 << 20, nextBlock: () -> RecordBlock?, emit: (RecordBlock) -> Void
  ) throws(JourneyError) -> InputOutcome {
    let reader = RawBlockReader(input: input, maxRecordLength: maxRecordLength, blockBytes: blockBytes)
    return try reader.run(nextBlock: nextBlock, emit: emit)
  }
}
