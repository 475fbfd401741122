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
public final class RecordReader {
  public let source: InputSource
  /// Sniffed from the first two bytes (`1f 8b`).
  public let compression: Compression
  public let maxRecordLength: Int
  /// The first non-empty line (BOM and `\r` stripped, at most 1 MiB of it), for format detection; nil for empty input.
  public private(set) var head: [UInt8]?
  /// Set when the input is a kind of binary file (plain or inside gzip): it is skipped, with an ``issue``
  /// that names the kind, and delivers no record.
  public private(set) var binaryFormat: BinaryFormat?

  private let descriptor: Int32
  private let ownsDescriptor: Bool
  private let name: String
  private let chunkSize: Int
  private let input: UnsafeMutableRawBufferPointer
  private var inflater: GzipInflater
  private let progress: (@Sendable (Int) -> Void)?
  /// Decompressed bytes read while looking for the head, framed first.
  private var pending: [UInt8] = []
  /// Plain input: the bytes read to sniff the compression, not yet handed out.
  private var sniffed = 0
  private var compressedBytes = 0
  private var decompressedBytes = 0
  private var endOfInput = false
  private var recordsRead = false

  /// Opens `source` (a path, or standard input, which is read but never closed).
  ///
  /// `progress` is called with the number of compressed bytes of each chunk read.
  /// - Throws: `JourneyError(kind: .input, location: path)` when the file cannot be opened or read.
  public convenience init(
    source: InputSource, maxRecordLength: Int = 16 << 20, chunkSize: Int = 1 << 20,
    progress: (@Sendable (Int) -> Void)? = nil
  ) throws(JourneyError) {
    switch source {
    case .file(let path):
      let descriptor = try SystemFile.openForReading(path)
      try self.init(
        descriptor: descriptor, ownsDescriptor: true, source: source, maxRecordLength: maxRecordLength,
        chunkSize: chunkSize, progress: progress)
    case .standardInput:
      try self.init(
        descriptor: STDIN_FILENO, ownsDescriptor: false, source: source, maxRecordLength: maxRecordLength,
        chunkSize: chunkSize, progress: progress)
    }
  }

  /// Reads an already open file descriptor (a pipe, a socket) named `name` in messages; the caller keeps
  /// ownership and closes it after the reader is gone.
  public convenience init(
    fileDescriptor: Int32, name: String, maxRecordLength: Int = 16 << 20, chunkSize: Int = 1 << 20,
    progress: (@Sendable (Int) -> Void)? = nil
  ) throws(JourneyError) {
    try self.init(
      descriptor: fileDescriptor, ownsDescriptor: false, source: name == "-" ? .standardInput : .file(name),
      maxRecordLength: maxRecordLength, chunkSize: chunkSize, progress: progress)
  }

  private init(
    descriptor: Int32, ownsDescriptor: Bool, source: InputSource, maxRecordLength: Int, chunkSize: Int,
    progress: (@Sendable (Int) -> Void)?
  ) throws(JourneyError) {
    let name = source.displayName
    let chunkSize = max(1, chunkSize)
    // Enough bytes to sniff the gzip magic and the binary formats, even with one-byte chunks.
    let sniffLength = BinaryFormat.sniffLength
    let input = UnsafeMutableRawBufferPointer.allocate(byteCount: max(sniffLength, chunkSize), alignment: 16)
    var filled = 0
    do {
      while filled < sniffLength {
        let window = UnsafeMutableRawBufferPointer(rebasing: input[filled..<(filled + min(chunkSize, input.count - filled))])
        let count = try SystemFile.read(descriptor, into: window, name: name)
        if count == 0 { break }
        filled += count
      }
    } catch {
      input.deallocate()
      if ownsDescriptor { close(descriptor) }
      throw error
    }
    self.source = source
    self.compression = filled >= 2 && input[0] == 0x1F && input[1] == 0x8B ? .gzip : .none
    self.maxRecordLength = max(1, maxRecordLength)
    self.descriptor = descriptor
    self.ownsDescriptor = ownsDescriptor
    self.name = name
    self.chunkSize = chunkSize
    self.input = input
    do {
      self.inflater = try GzipInflater(name: name, outputCapacity: chunkSize, backend: .current)  // ISA-L when it loads
    } catch {
      input.deallocate()
      if ownsDescriptor { close(descriptor) }
      throw error
    }
    self.progress = progress
    self.compressedBytes = filled
    if filled > 0 { progress?(filled) }
    self.endOfInput = filled == 0
    if compression == .none, let format = BinaryFormat.sniff(UnsafeRawBufferPointer(rebasing: input[..<filled])) {
      binaryFormat = format
      binaryIssue = InputIssue(file: name, byteOffset: 0, message: "is a \(format.rawValue) file, not text; skipped")
      endOfInput = true
      return
    }
    switch compression {
    case .gzip: self.inflater.provide(UnsafeRawBufferPointer(rebasing: input[..<filled]))
    case .none: sniffed = filled
    }
    try findHead()
    if compression == .gzip && head != nil {
      // The decompressed start, for the binary sniff (all of it is framed first, from `pending`).
      while pending.count < sniffLength, let piece = try nextChunk() { pending.append(contentsOf: piece) }
    }
    if compression == .gzip, head != nil, let format = pending.withUnsafeBytes({ BinaryFormat.sniff($0) }) {
      binaryFormat = format
      binaryIssue = InputIssue(file: name, byteOffset: 0, message: "is a gzip-compressed \(format.rawValue) file, not text; skipped")
      head = nil
      pending = []
      endOfInput = true
    }
  }

  /// The problem that stopped the gzip stream so far (corrupt or truncated data, trailing garbage), nil
  /// while all is well.
  ///
  /// Already set after opening when the stream broke before its first decompressed byte (a bad header,
  /// an unknown method, a member cut short, a damaged first block): ``head`` is then nil, yet the input
  /// was not empty.
  public var issue: InputIssue? { binaryIssue ?? garbageIssue ?? inflater.issue }

  /// Garbage after a gzip member (perhaps between members: the next ones are lost too), with the
  /// number of bytes from it to the end of the input, which are not read.
  private var garbageIssue: InputIssue?

  /// The issue of a ``binaryFormat`` input.
  private var binaryIssue: InputIssue?

  /// What reading amounted to when no record is read because there is no ``head``: an empty input, or
  /// a gzip stream that broke before its first byte of output (then with its ``issue``).
  public var outcomeWithoutRecords: InputOutcome {
    InputOutcome(compressedBytes: compressedBytes, decompressedBytes: decompressedBytes, records: 0, issue: issue)
  }

  deinit {
    if ownsDescriptor { close(descriptor) }
    input.deallocate()
  }

  /// Calls `body` with every non-empty record in order; the record's bytes are valid only during the call.
  ///
  /// Can be called once. A truncated or corrupt gzip stream does not throw: the records decoded before it
  /// are delivered (a final partial line too) and the outcome's `issue` says where it broke.
  /// - Throws: `JourneyError(kind: .input)` when reading fails; whatever `body` throws.
  public func forEachRecord(framing: Framing, _ body: (InputRecord) throws -> Void) throws -> InputOutcome {
    guard !recordsRead else {
      throw JourneyError(kind: .input, location: name, message: "records were already read")
    }
    recordsRead = true
    var framer = RecordFramer(framing: framing, maxRecordLength: maxRecordLength)
    if !pending.isEmpty {
      let replay = pending
      pending = []
      try replay.withUnsafeBytes { bytes in try framer.feed(bytes, body) }
    }
    while let piece = try nextChunk() {
      try framer.feed(piece, body)
    }
    try framer.finish(body)
    return InputOutcome(
      compressedBytes: compressedBytes, decompressedBytes: decompressedBytes, records: framer.records,
      issue: issue)
  }

  /// Like ``forEachRecord(framing:_:)``, but reading and decompressing run on a second thread, ahead of
  /// framing and `body`, which run on the calling thread.
  ///
  /// Decompressed bytes travel in `blocks` buffers of `blockSize` bytes (so memory stays bounded); the
  /// records, their line numbers and the outcome are exactly those of ``forEachRecord(framing:_:)``.
  public func forEachRecordReadingAhead(
    framing: Framing, blockSize: Int = 4 << 20, blocks: Int = 3, _ body: (InputRecord) throws -> Void
  ) throws -> InputOutcome {
    guard !recordsRead else {
      throw JourneyError(kind: .input, location: name, message: "records were already read")
    }
    recordsRead = true
    var framer = RecordFramer(framing: framing, maxRecordLength: maxRecordLength)
    let pipe = ChunkPipe(blockSize: blockSize, capacity: blocks)
    let reader = UncheckedReader(self)
    let producer = WorkerThread { reader.reader.produceBlocks(into: pipe) }
    do {
      if !pending.isEmpty {
        let replay = pending
        pending = []
        try replay.withUnsafeBytes { bytes in try framer.feed(bytes, body) }
      }
      while let block = pipe.pop() {
        defer { pipe.recycle(block.buffer) }
        try framer.feed(UnsafeRawBufferPointer(rebasing: block.buffer[..<block.count]), body)
      }
      if let failure = pipe.failed { throw failure }
      try framer.finish(body)
    } catch {
      pipe.cancel()
      producer.join()
      throw error
    }
    producer.join()
    return InputOutcome(
      compressedBytes: compressedBytes, decompressedBytes: decompressedBytes, records: framer.records,
      issue: issue)
  }

  /// Frames every record on the calling thread and hands them out in blocks of whole records (about
  /// `blockBytes` bytes each, more for one longer record), for other threads to parse.
  ///
  /// `nextBlock` gives an empty block to fill (nil stops reading: the consumer gave up); `emit` takes a
  /// full one. The records, line numbers and outcome are those of ``forEachRecord(framing:_:)``.
  public func forEachRecordBlock(
    framing: Framing, blockBytes: Int = 4 << 20, nextBlock: () -> RecordBlock?, emit: (RecordBlock) -> Void
  ) throws -> InputOutcome {
    struct Stop: Error {}
    guard var block = nextBlock() else { throw Stop() }
    do {
      let outcome = try forEachRecord(framing: framing) { record in
        if !block.isEmpty && block.bytes.count + record.bytes.count > blockBytes {
          emit(block)
          guard let next = nextBlock() else { throw Stop() }
          block = next
        }
        block.append(record)
      }
      if !block.isEmpty { emit(block) }
      return outcome
    } catch is Stop {
      return InputOutcome(compressedBytes: compressedBytes, decompressedBytes: decompressedBytes, records: 0, issue: issue)
    }
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
  public func forEachRawBlock(
    blockBytes: Int = 4 << 20, nextBlock: () -> RecordBlock?, emit: (RecordBlock) -> Void
  ) throws(JourneyError) -> InputOutcome {
    guard !recordsRead else {
      throw JourneyError(kind: .input, location: name, message: "records were already read")
    }
    recordsRead = true
    let stopped = InputOutcome(compressedBytes: compressedBytes, decompressedBytes: decompressedBytes, records: 0, issue: issue)
    let blockBytes = max(1, blockBytes)
    let kept = maxRecordLength + 2  // the longest line kept whole (a cut line is this long)
    let newline = Int32(UInt8(ascii: "\n"))
    guard var block = nextBlock() else { return stopped }
    block.startRaw(capacity: blockBytes, atStreamStart: true)
    var used = 0
    var pendingOffset = 0
    var skipping = false  // dropping the rest of a cut line, up to its newline
    var carry: [UInt8] = []

    // Bytes the head search read come first, then the rest of the input.
    func produce(into destination: UnsafeMutableRawBufferPointer) throws(JourneyError) -> Int {
      if pendingOffset < pending.count {
        let count = min(destination.count, pending.count - pendingOffset)
        pending.withUnsafeBytes { source in
          destination.baseAddress!.copyMemory(from: source.baseAddress! + pendingOffset, byteCount: count)
        }
        pendingOffset += count
        if pendingOffset == pending.count { pending = [] ; pendingOffset = 0 }
        return count
      }
      return try nextChunk(into: destination)
    }

    // [0..<searched] of the block is known to hold no newline (one unfinished line).
    var searched = 0
    var checkAt = blockBytes

    /// Emits the block's whole lines and starts the next block with the rest, or makes room for an
    /// unfinished line that fills the block (cutting it when too long); false when stopped.
    func cut() -> Bool {
      // From the end: the last line is short, so this reads a few hundred bytes.
      let last: Int? = block.withRawBytes { bytes in
        var index = used - 1
        while index >= searched {
          if bytes[index] == UInt8(ascii: "\n") { return index }
          index -= 1
        }
        return nil
      }
      if let last {
        carry.removeAll(keepingCapacity: true)
        block.withRawBytes { bytes in carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[(last + 1)..<used])) }
        block.rawCount = last + 1
        emit(block)
        guard let next = nextBlock() else { return false }
        block = next
        block.startRaw(capacity: max(blockBytes, carry.count + 1), atStreamStart: false)
        used = carry.count
        carry.withUnsafeBytes { tail in
          guard tail.count > 0 else { return }
          block.withRawBytes { $0.baseAddress!.copyMemory(from: tail.baseAddress!, byteCount: tail.count) }
        }
        searched = 0
        checkAt = blockBytes
        return true
      }
      searched = used
      if used >= kept {
        // Too long: keep its first `kept` bytes as the line (the framer reports it), drop the rest.
        if block.rawCapacity < kept + 1 { block.growRaw(to: kept + 1) }
        block.withRawBytes { $0[kept] = UInt8(ascii: "\n") }
        block.rawCount = kept + 1
        skipping = true
        emit(block)
        guard let next = nextBlock() else { return false }
        block = next
        block.startRaw(capacity: blockBytes, atStreamStart: false)
        used = 0
        searched = 0
        checkAt = blockBytes
        return true
      }
      if used == block.rawCapacity { block.growRaw(to: min(kept + 1, max(2 * block.rawCapacity, used + blockBytes))) }
      checkAt = used + 1  // look again after the next bytes
      return true
    }

    while true {
      if used >= checkAt || used == block.rawCapacity {
        guard cut() else { return stopped }
      }
      let count = try block.withRawBytes { bytes throws(JourneyError) in
        try produce(into: UnsafeMutableRawBufferPointer(rebasing: bytes[used...]))
      }
      if count == 0 { break }
      if skipping {
        // The new bytes belong to the cut line up to its newline; what follows starts the next line.
        let found: Int? = block.withRawBytes { bytes in
          memchr(bytes.baseAddress! + used, newline, count).map { UnsafeRawPointer(bytes.baseAddress!).distance(to: UnsafeRawPointer($0)) }
        }
        guard let found else { continue }
        skipping = false
        let rest = used + count - (found + 1)
        block.withRawBytes { bytes in
          (bytes.baseAddress! + used).copyMemory(from: bytes.baseAddress! + found + 1, byteCount: rest)
        }
        used += rest
      } else {
        used += count
      }
    }
    if used > 0 {
      block.rawCount = used
      emit(block)
    }
    return InputOutcome(
      compressedBytes: compressedBytes, decompressedBytes: decompressedBytes, records: 0, issue: issue)
  }

  /// The next decompressed bytes, written into `destination` (not empty); 0 at the end of the input
  /// (or where gzip data broke). Called after ``findHead()``, which took the sniffed bytes.
  private func nextChunk(into destination: UnsafeMutableRawBufferPointer) throws(JourneyError) -> Int {
    if binaryFormat != nil { return 0 }
    switch compression {
    case .none:
      if endOfInput { return 0 }
      let count = try read(into: destination)
      decompressedBytes += count
      return count
    case .gzip:
      while true {
        let count = inflater.next(into: destination)
        if count > 0 {
          decompressedBytes += count
          return count
        }
        guard try provideInflater() else { return 0 }
      }
    }
  }

  /// Lets the reading thread use the reader while the calling thread only touches the framer.
  private struct UncheckedReader: @unchecked Sendable {
    let reader: RecordReader
    init(_ reader: RecordReader) { self.reader = reader }
  }

  /// The reading thread: fills the pipe's buffers with decompressed bytes, in order, until the end.
  private func produceBlocks(into pipe: ChunkPipe) {
    guard var buffer = pipe.takeFree() else { return pipe.finish() }
    var filled = 0
    do {
      while let piece = try nextChunk() {
        var offset = 0
        while offset < piece.count {
          let count = min(piece.count - offset, buffer.count - filled)
          (buffer.baseAddress! + filled).copyMemory(from: piece.baseAddress! + offset, byteCount: count)
          filled += count
          offset += count
          if filled == buffer.count {
            pipe.push(.init(buffer: buffer, count: filled))
            guard let next = pipe.takeFree() else { return pipe.finish() }
            buffer = next
            filled = 0
          }
        }
      }
      if filled > 0 { pipe.push(.init(buffer: buffer, count: filled)) } else { pipe.recycle(buffer) }
      pipe.finish()
    } catch {
      if filled > 0 { pipe.push(.init(buffer: buffer, count: filled)) } else { pipe.recycle(buffer) }
      pipe.finish(failure: error)
    }
  }

  /// The next piece of decompressed input, valid until the next call; nil at the end (or where gzip data broke).
  private func nextChunk() throws(JourneyError) -> UnsafeRawBufferPointer? {
    if binaryFormat != nil { return nil }
    switch compression {
    case .none:
      if sniffed > 0 {
        defer { sniffed = 0 }
        decompressedBytes += sniffed
        return UnsafeRawBufferPointer(rebasing: input[..<sniffed])
      }
      if endOfInput { return nil }
      let count = try readChunk()
      if count == 0 { return nil }
      decompressedBytes += count
      return UnsafeRawBufferPointer(rebasing: input[..<count])
    case .gzip:
      while true {
        let piece = inflater.next()
        if !piece.isEmpty {
          decompressedBytes += piece.count
          return piece
        }
        guard try provideInflater() else { return nil }
      }
    }
  }

  /// Gives the inflater the next compressed chunk; false at the end of the input (the inflater is
  /// then finished: a stream cut short becomes its issue) or once it stopped.
  private func provideInflater() throws(JourneyError) -> Bool {
    if inflater.isStopped {
      try countUnreadBytes()
      return false
    }
    if endOfInput {
      inflater.finish()
      return false
    }
    let count = try readChunk()
    if count > 0 { inflater.provide(UnsafeRawBufferPointer(rebasing: input[..<count])) }
    return true
  }

  /// Names the bytes lost to garbage after a gzip member: from its offset to the end of the input
  /// (the file's size, or what is left of a pipe, read and dropped), once.
  private func countUnreadBytes() throws(JourneyError) {
    guard garbageIssue == nil, let stopped = inflater.issue, stopped.message.hasPrefix("trailing garbage") else { return }
    var total = compressedBytes
    var info = stat()
    if descriptor != STDIN_FILENO && fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG {
      total = max(total, Int(info.st_size))
    } else {
      while !endOfInput { _ = try readChunk() }
      total = compressedBytes
    }
    let lost = total - stopped.byteOffset
    garbageIssue = InputIssue(
      file: stopped.file, byteOffset: stopped.byteOffset,
      message: "trailing garbage after gzip data at compressed byte \(stopped.byteOffset): "
        + (lost == 1 ? "the last byte is not read" : "the last \(lost) bytes are not read"))
  }

  /// Reads the next compressed chunk into `input`; 0 (and `endOfInput`) at the end.
  private func readChunk() throws(JourneyError) -> Int {
    try read(into: UnsafeMutableRawBufferPointer(rebasing: input[..<chunkSize]))
  }

  /// Reads the next bytes of the source into `destination`; 0 (and `endOfInput`) at the end.
  private func read(into destination: UnsafeMutableRawBufferPointer) throws(JourneyError) -> Int {
    let count = try SystemFile.read(descriptor, into: destination, name: name)
    if count == 0 {
      endOfInput = true
    } else {
      compressedBytes += count
      progress?(count)
    }
    return count
  }

  /// Reads (into `pending`) up to the end of the first non-empty line, or 1 MiB of it.
  private func findHead() throws(JourneyError) {
    let limit = 1 << 20
    var lineStart = 0
    var scanned = 0
    while true {
      guard let piece = try nextChunk() else {
        head = Self.trimmed(pending[lineStart...], atStart: lineStart == 0)
        return
      }
      pending.append(contentsOf: piece)
      while let newline = pending[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
        if let line = Self.trimmed(pending[lineStart..<newline], atStart: lineStart == 0) {
          head = line
          return
        }
        lineStart = newline + 1
        scanned = lineStart
      }
      scanned = pending.count
      if pending.count - lineStart >= limit, let line = Self.trimmed(pending[lineStart...], atStart: lineStart == 0) {
        head = Array(line.prefix(limit))
        return
      }
    }
  }

  /// A line without BOM (at the start of the input) and `\r`; nil when that leaves nothing.
  private static func trimmed(_ line: ArraySlice<UInt8>, atStart: Bool) -> [UInt8]? {
    var line = line
    if atStart && line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
    if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
    return line.isEmpty ? nil : Array(line)
  }
}
