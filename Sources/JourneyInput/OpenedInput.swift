#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif
import JourneyModel

/// One source, opened: its descriptor, the compression and binary-format sniff, the inflater, the
/// progress callback, the issues, and the head line peeked for format detection.
///
/// It hands out the decompressed bytes in order — first those read to find the head (nothing is
/// consumed by opening), then the rest — through ``nextPiece()`` or ``read(into:)``; the readers
/// (``RecordLoop``, ``ReadAheadRecordLoop``, ``RawBlockReader``) cut them into records or blocks.
/// Memory stays bounded: one input chunk, the inflater's output chunk and, until records are read,
/// the bytes read to find the head.
final class OpenedInput {
  let source: InputSource
  /// The source's display name, for messages.
  let name: String
  /// Sniffed from the first two bytes (`1f 8b`).
  let compression: Compression
  /// The first non-empty line (BOM and `\r` stripped, at most 1 MiB of it); nil for empty input.
  private(set) var head: [UInt8]?
  /// Set when the input is a kind of binary file (plain or inside gzip): it delivers no byte.
  private(set) var binaryFormat: BinaryFormat?
  private(set) var compressedBytes = 0
  private(set) var decompressedBytes = 0

  private let descriptor: Int32
  private let ownsDescriptor: Bool
  private let chunkSize: Int
  private let input: UnsafeMutableRawBufferPointer
  private var inflater: GzipInflater
  private let progress: (@Sendable (Int) -> Void)?
  /// Plain input: the bytes read to sniff the compression, not yet handed out.
  private var sniffed = 0
  private var endOfInput = false
  /// Decompressed bytes read while looking for the head, handed out first (then freed).
  private var replay: UnsafeMutableRawBufferPointer?
  private var replayOffset = 0
  private var recordsRead = false
  /// Garbage after a gzip member (perhaps between members: the next ones are lost too), with the
  /// number of bytes from it to the end of the input, which are not read.
  private var garbageIssue: InputIssue?
  /// The issue of a ``binaryFormat`` input.
  private var binaryIssue: InputIssue?

  /// Opens `descriptor` and reads up to the end of the head line; closes it on error and when gone
  /// if `ownsDescriptor`.
  init(
    descriptor: Int32, ownsDescriptor: Bool, source: InputSource, chunkSize: Int,
    progress: (@Sendable (Int) -> Void)?
  ) throws(JourneyError) {
    let name = source.displayName
    let chunkSize = max(1, chunkSize)
    let input = UnsafeMutableRawBufferPointer.allocate(
      byteCount: max(BinaryFormat.sniffLength, chunkSize), alignment: 16)
    let filled: Int
    let inflater: GzipInflater
    do {
      filled = try Self.readSniffBytes(descriptor, into: input, chunkSize: chunkSize, name: name)
      inflater = try GzipInflater(name: name, outputCapacity: chunkSize, backend: .current)  // ISA-L when it loads
    } catch {
      input.deallocate()
      if ownsDescriptor { close(descriptor) }
      throw error
    }
    self.source = source
    self.name = name
    self.compression = filled >= 2 && input[0] == 0x1F && input[1] == 0x8B ? .gzip : .none
    self.descriptor = descriptor
    self.ownsDescriptor = ownsDescriptor
    self.chunkSize = chunkSize
    self.input = input
    self.inflater = inflater
    self.progress = progress
    self.compressedBytes = filled
    if filled > 0 { progress?(filled) }
    self.endOfInput = filled == 0
    try start(sniffed: filled)
  }

  deinit {
    if ownsDescriptor { close(descriptor) }
    input.deallocate()
    replay?.deallocate()
  }

  /// Reads enough bytes to sniff the gzip magic and the binary formats, even with one-byte chunks.
  private static func readSniffBytes(
    _ descriptor: Int32, into input: UnsafeMutableRawBufferPointer, chunkSize: Int, name: String
  ) throws(JourneyError) -> Int {
    var filled = 0
    while filled < BinaryFormat.sniffLength {
      let window = UnsafeMutableRawBufferPointer(rebasing: input[filled..<(filled + min(chunkSize, input.count - filled))])
      let count = try SystemFile.read(descriptor, into: window, name: name)
      if count == 0 { break }
      filled += count
    }
    return filled
  }

  /// Sniffs the binary formats (of the plain bytes, then of the decompressed start) and finds the head.
  private func start(sniffed filled: Int) throws(JourneyError) {
    if compression == .none, let format = BinaryFormat.sniff(UnsafeRawBufferPointer(rebasing: input[..<filled])) {
      skipBinary(format, message: "is a \(format.rawValue) file, not text; skipped")
      return
    }
    switch compression {
    case .gzip: inflater.provide(UnsafeRawBufferPointer(rebasing: input[..<filled]))
    case .none: sniffed = filled
    }
    var pending = try findHead()
    if compression == .gzip && head != nil {
      // The decompressed start, for the binary sniff (all of it is handed out first).
      while pending.count < BinaryFormat.sniffLength, let piece = try nextChunk() { pending.append(contentsOf: piece) }
      if let format = pending.withUnsafeBytes({ BinaryFormat.sniff($0) }) {
        skipBinary(format, message: "is a gzip-compressed \(format.rawValue) file, not text; skipped")
        return
      }
    }
    if !pending.isEmpty {
      let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: pending.count, alignment: 16)
      pending.withUnsafeBytes { bytes.copyMemory(from: $0) }
      replay = bytes
    }
  }

  private func skipBinary(_ format: BinaryFormat, message: String) {
    binaryFormat = format
    binaryIssue = InputIssue(file: name, byteOffset: 0, message: message)
    head = nil
    endOfInput = true
  }

  /// The problem that stopped the gzip stream so far (corrupt or truncated data, trailing garbage),
  /// or the binary format that was skipped; nil while all is well.
  var issue: InputIssue? { binaryIssue ?? garbageIssue ?? inflater.issue }

  /// What reading amounted to, with `records` delivered.
  func outcome(records: Int) -> InputOutcome {
    InputOutcome(compressedBytes: compressedBytes, decompressedBytes: decompressedBytes, records: records, issue: issue)
  }

  /// Marks the start of reading records, which happens once.
  /// - Throws: `JourneyError(kind: .input)` the second time.
  func beginRecords() throws(JourneyError) {
    guard !recordsRead else {
      throw JourneyError(kind: .input, location: name, message: "records were already read")
    }
    recordsRead = true
  }

  // MARK: Decompressed bytes, in order

  /// The next piece of decompressed input, valid until the next call; nil at the end (or where gzip
  /// data broke). The bytes read to find the head come first.
  func nextPiece() throws(JourneyError) -> UnsafeRawBufferPointer? {
    if let replay {
      if replayOffset < replay.count {
        defer { replayOffset = replay.count }
        return UnsafeRawBufferPointer(rebasing: replay[replayOffset...])
      }
      replay.deallocate()
      self.replay = nil
    }
    return try nextChunk()
  }

  /// Writes the next decompressed bytes into `destination` (not empty); 0 at the end of the input
  /// (or where gzip data broke). The bytes read to find the head come first.
  func read(into destination: UnsafeMutableRawBufferPointer) throws(JourneyError) -> Int {
    if let replay {
      if replayOffset < replay.count {
        let count = min(destination.count, replay.count - replayOffset)
        destination.baseAddress!.copyMemory(from: replay.baseAddress! + replayOffset, byteCount: count)
        replayOffset += count
        return count
      }
      replay.deallocate()
      self.replay = nil
    }
    return try nextChunk(into: destination)
  }

  /// ``read(into:)`` without the head's bytes.
  private func nextChunk(into destination: UnsafeMutableRawBufferPointer) throws(JourneyError) -> Int {
    if binaryFormat != nil { return 0 }
    switch compression {
    case .none:
      if endOfInput { return 0 }
      let count = try readSource(into: destination)
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

  /// ``nextPiece()`` without the head's bytes.
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

  // MARK: Compressed bytes

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
    try readSource(into: UnsafeMutableRawBufferPointer(rebasing: input[..<chunkSize]))
  }

  /// Reads the next bytes of the source into `destination`; 0 (and `endOfInput`) at the end.
  private func readSource(into destination: UnsafeMutableRawBufferPointer) throws(JourneyError) -> Int {
    let count = try SystemFile.read(descriptor, into: destination, name: name)
    if count == 0 {
      endOfInput = true
    } else {
      compressedBytes += count
      progress?(count)
    }
    return count
  }

  // MARK: The head

  /// Reads up to the end of the first non-empty line, or 1 MiB of it, and sets ``head``; returns the
  /// decompressed bytes read on the way.
  private func findHead() throws(JourneyError) -> [UInt8] {
    let limit = 1 << 20
    var pending: [UInt8] = []
    var lineStart = 0
    var scanned = 0
    while true {
      guard let piece = try nextChunk() else {
        head = Self.trimmed(pending[lineStart...], atStart: lineStart == 0)
        return pending
      }
      pending.append(contentsOf: piece)
      while let newline = pending[scanned...].firstIndex(of: ASCII.newline) {
        if let line = Self.trimmed(pending[lineStart..<newline], atStart: lineStart == 0) {
          head = line
          return pending
        }
        lineStart = newline + 1
        scanned = lineStart
      }
      scanned = pending.count
      if pending.count - lineStart >= limit, let line = Self.trimmed(pending[lineStart...], atStart: lineStart == 0) {
        head = Array(line.prefix(limit))
        return pending
      }
    }
  }

  /// A line without BOM (at the start of the input) and `\r`; nil when that leaves nothing.
  private static func trimmed(_ line: ArraySlice<UInt8>, atStart: Bool) -> [UInt8]? {
    var line = line
    if atStart && line.starts(with: ASCII.byteOrderMark) { line = line.dropFirst(3) }
    if line.last == ASCII.carriageReturn { line = line.dropLast() }
    return line.isEmpty ? nil : Array(line)
  }
}
