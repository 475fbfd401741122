#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif
import JourneyModel

/// Keeps raw ``RecordBlock``s to whole lines while bytes are written straight into them: the line
/// cutting of ``RawBlockReader``, without I/O.
///
/// Every block but the last ends with a newline and starts a line; the unfinished line at the end of
/// a full block is carried into the next one, whose room grows to hold a long line. A line longer
/// than `maxRecordLength + 1` bytes is cut to its first `maxRecordLength + 2` (too long either way,
/// and a too-long record shows only its first bytes) and a newline, the rest of it up to its own
/// newline dropped, so blocks stay bounded. Only the first block is marked as the stream's start.
/// Framed block by block, the blocks give the records of ``RecordFramer`` (`.lines`) on the whole input.
struct RawLineCutter {
  private let blockBytes: Int
  /// The longest line kept whole (a cut line is this long).
  private let kept: Int
  /// Bytes written into the current block.
  private var used = 0
  /// `[0..<searched]` of the current block is known to hold no newline (one unfinished line).
  private var searched = 0
  /// Look for a line end once `used` reaches this.
  private var checkAt: Int
  /// Dropping the rest of a cut line, up to its newline.
  private var skipping = false
  /// The unfinished line at the end of the last block emitted: the next block starts with it.
  private var carry: [UInt8] = []

  init(blockBytes: Int, maxRecordLength: Int) {
    self.blockBytes = max(1, blockBytes)
    self.kept = maxRecordLength + 2
    self.checkAt = self.blockBytes
  }

  /// Fills blocks from `nextBlock` with what `produce` writes into their room (0 at the end of the
  /// input) and hands each one to `emit`; false when `nextBlock` gave nil (reading stopped).
  mutating func run(
    produce: (UnsafeMutableRawBufferPointer) throws(JourneyError) -> Int,
    nextBlock: () -> RecordBlock?, emit: (RecordBlock) -> Void
  ) throws(JourneyError) -> Bool {
    guard var block = nextBlock() else { return false }
    block.startRaw(capacity: blockBytes, atStreamStart: true)
    while true {
      if used >= checkAt || used == block.rawCapacity, cut(&block) {
        emit(block)
        guard var next = nextBlock() else { return false }
        start(&next)
        block = next
      }
      let from = used
      let count = try block.withRawBytes { bytes throws(JourneyError) in
        try produce(UnsafeMutableRawBufferPointer(rebasing: bytes[from...]))
      }
      if count == 0 { break }
      wrote(count, into: &block)
    }
    if used > 0 {
      block.rawCount = used
      emit(block)
    }
    return true
  }

  /// Ends `block` after its last newline, carrying the rest, or after the first bytes of one
  /// unfinished line that is too long (true: emit it); else makes room for more of the line (false).
  private mutating func cut(_ block: inout RecordBlock) -> Bool {
    if let last = lastNewline(in: &block) {
      let used = self.used
      carry.removeAll(keepingCapacity: true)
      block.withRawBytes { bytes in carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[(last + 1)..<used])) }
      block.rawCount = last + 1
      return true
    }
    searched = used
    if used >= kept {
      // Too long: keep its first `kept` bytes as the line (the framer reports it), drop the rest.
      if block.rawCapacity < kept + 1 { block.growRaw(to: kept + 1) }
      block.withRawBytes { $0[kept] = ASCII.newline }
      block.rawCount = kept + 1
      skipping = true
      carry.removeAll(keepingCapacity: true)
      return true
    }
    if used == block.rawCapacity { block.growRaw(to: min(kept + 1, max(2 * block.rawCapacity, used + blockBytes))) }
    checkAt = used + 1  // look again after the next bytes
    return false
  }

  /// The last newline in the bytes not yet searched, from the end: the last line is short, so this
  /// reads a few hundred bytes.
  private func lastNewline(in block: inout RecordBlock) -> Int? {
    let (used, searched) = (self.used, self.searched)
    return block.withRawBytes { bytes in
      var index = used - 1
      while index >= searched {
        if bytes[index] == ASCII.newline { return index }
        index -= 1
      }
      return nil
    }
  }

  /// Starts the next block (not the stream's start) with the carried line.
  private mutating func start(_ block: inout RecordBlock) {
    block.startRaw(capacity: max(blockBytes, carry.count + 1), atStreamStart: false)
    used = carry.count
    carry.withUnsafeBytes { tail in
      guard tail.count > 0 else { return }
      block.withRawBytes { $0.baseAddress!.copyMemory(from: tail.baseAddress!, byteCount: tail.count) }
    }
    searched = 0
    checkAt = blockBytes
  }

  /// Takes in `count` bytes written at `used`: while dropping a cut line, those up to its newline
  /// are dropped and what follows moves down to `used`.
  private mutating func wrote(_ count: Int, into block: inout RecordBlock) {
    guard skipping else {
      used += count
      return
    }
    let used = self.used
    let found: Int? = block.withRawBytes { bytes in
      memchr(bytes.baseAddress! + used, Int32(ASCII.newline), count).map {
        UnsafeRawPointer(bytes.baseAddress!).distance(to: UnsafeRawPointer($0))
      }
    }
    guard let found else { return }
    skipping = false
    let rest = used + count - (found + 1)
    block.withRawBytes { bytes in
      (bytes.baseAddress! + used).copyMemory(from: bytes.baseAddress! + found + 1, byteCount: rest)
    }
    self.used += rest
  }
}
