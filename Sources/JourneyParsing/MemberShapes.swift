import JourneyModel

/// The members a walk met at each node of a ``JSONPathPlan``, in order, as the raw bytes of their
/// keys (`"key":`, colon included) with the child node each leads to: lines of one export repeat
/// their keys in one order, so the next line's keys are recognized by one comparison each, instead
/// of a string scan, a colon check and a lookup among the node's members.
///
/// Lines of real exports do not all have one shape: `track`, `page` and `identify` calls carry
/// different members, optional members come and go, some writers order keys differently. A key the
/// sequence does not expect is looked up in a second, order-free memory: per node, a small table of
/// the key tokens met there, found by the token's first four bytes (``find(node:_:at:end:)``).
///
/// A remembered key is only ever bytes the scanner validated in an earlier line (no escapes, the
/// colon right after the closing quote), so a line that matches them has exactly that valid key
/// there: matching changes the speed of the walk, never what it accepts or reads.
struct MemberShapes {
  /// Members remembered per node, and the longest key token remembered (`"` + key + `":`).
  static let slotsPerNode = 32
  static let longestToken = 32

  // One entry: length (1 byte, 0 = none), 3 bytes padding, child node (Int32), the token's bytes.
  private static let entrySize = 8 + longestToken
  private var entries: [UInt8]
  private var counts: [UInt8]

  /// The order-free memory: per node, `tableBuckets` buckets of `tableWays` entries, a token's
  /// bucket chosen by its first four bytes (the opening quote and three key bytes; shorter tokens
  /// are not remembered). One entry: the token's first eight bytes zero-padded (8), its length (1),
  /// 3 bytes padding, the child node (Int32), the whole token.
  static let tableBuckets = 32
  static let tableWays = 2
  private static let tableEntrySize = 16 + longestToken
  private var table: [UInt8]

  init(nodeCount: Int) {
    entries = Array(repeating: 0, count: max(1, nodeCount) * Self.slotsPerNode * Self.entrySize)
    counts = Array(repeating: 0, count: max(1, nodeCount))
    table = Array(repeating: 0, count: max(1, nodeCount) * Self.tableBuckets * Self.tableWays * Self.tableEntrySize)
  }

  @inline(__always)
  static func bucket(_ word: UInt64) -> Int {
    // Fibonacci hashing of the first four bytes (little-endian: the word's low half).
    Int(truncatingIfNeeded: (UInt32(truncatingIfNeeded: word) &* 0x9E37_79B1) >> 27)
  }

  /// The length and child of a key token of `node` remembered in any order, when the bytes at
  /// `p[pos...]` (ending at `end`) start with it; nil otherwise (and within eight bytes of `end`).
  @inline(__always)
  func find(node: Int, _ p: UnsafePointer<UInt8>, at pos: Int, end: Int) -> (length: Int, child: Int)? {
    guard pos + 8 <= end else { return nil }
    let word = UnsafeRawPointer(p + pos).loadUnaligned(as: UInt64.self)
    let first = (node * Self.tableBuckets + Self.bucket(word)) * Self.tableWays
    return table.withUnsafeBytes { all -> (length: Int, child: Int)? in
      var entry = all.baseAddress.unsafelyUnwrapped + first * Self.tableEntrySize
      for _ in 0..<Self.tableWays {
        let length = Int(entry.load(fromByteOffset: 8, as: UInt8.self))
        let mask: UInt64 = length >= 8 ? ~0 : (1 &<< (UInt64(truncatingIfNeeded: length) &* 8)) &- 1
        if length > 0 && word & mask == entry.load(as: UInt64.self) && pos + length <= end
          && (length <= 8 || bytesEqual(p + pos + 8, entry + 24, count: length - 8))
        {
          return (length, Int(entry.load(fromByteOffset: 12, as: Int32.self)))
        }
        entry += Self.tableEntrySize
      }
      return nil
    }
  }

  /// Remembers `token` (a validated `"key":`) of `node` in the order-free memory, in the first way
  /// of its bucket (the one there moves to the second; the second is forgotten).
  mutating func remember(node: Int, token: UnsafeRawBufferPointer, child: Int) {
    guard token.count >= 4, token.count <= Self.longestToken else { return }
    var word: UInt64 = 0
    withUnsafeMutableBytes(of: &word) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: token.prefix(8))) }
    let first = (node * Self.tableBuckets + Self.bucket(word)) * Self.tableWays
    table.withUnsafeMutableBytes { all in
      let entry = all.baseAddress.unsafelyUnwrapped + first * Self.tableEntrySize
      for way in stride(from: Self.tableWays - 1, to: 0, by: -1) {
        (entry + way * Self.tableEntrySize).copyMemory(from: entry + (way - 1) * Self.tableEntrySize, byteCount: Self.tableEntrySize)
      }
      entry.storeBytes(of: word, as: UInt64.self)
      entry.storeBytes(of: UInt8(token.count), toByteOffset: 8, as: UInt8.self)
      entry.storeBytes(of: Int32(child), toByteOffset: 12, as: Int32.self)
      (entry + 16).copyMemory(from: token.baseAddress.unsafelyUnwrapped, byteCount: token.count)
    }
  }

  /// The length of remembered member `index` of `node` and its child, when the bytes at
  /// `p[pos...]` (ending at `end`) start with its key token; nil otherwise.
  @inline(__always)
  func match(node: Int, index: Int, _ p: UnsafePointer<UInt8>, at pos: Int, end: Int) -> (length: Int, child: Int)? {
    guard index < Int(counts[node]) else { return nil }
    return entries.withUnsafeBytes { all -> (length: Int, child: Int)? in
      let entry = all.baseAddress.unsafelyUnwrapped + (node * Self.slotsPerNode + index) * Self.entrySize
      let length = Int(entry.load(as: UInt8.self))
      guard length > 0, pos + length <= end,
        bytesEqual(p + pos, entry + 8, count: length)
      else { return nil }
      return (length, Int(entry.load(fromByteOffset: 4, as: Int32.self)))
    }
  }

  /// Remembers `token` (a validated `"key":`) as member `index` of `node`, forgetting the members
  /// after it (they are learned again from this line); false when it does not fit (longer than
  /// ``longestToken``, or `index` past ``slotsPerNode``).
  @discardableResult
  mutating func learn(node: Int, index: Int, token: UnsafeRawBufferPointer, child: Int) -> Bool {
    guard index < Self.slotsPerNode, token.count <= Self.longestToken, token.count > 0 else { return false }
    entries.withUnsafeMutableBytes { all in
      let entry = all.baseAddress.unsafelyUnwrapped + (node * Self.slotsPerNode + index) * Self.entrySize
      entry.storeBytes(of: UInt8(token.count), as: UInt8.self)
      entry.storeBytes(of: Int32(child), toByteOffset: 4, as: Int32.self)
      (entry + 8).copyMemory(from: token.baseAddress.unsafelyUnwrapped, byteCount: token.count)
    }
    counts[node] = UInt8(index + 1)
    return true
  }
}
