import JourneyModel

/// The members a walk met at each node of a ``JSONPathPlan``, in order, as the raw bytes of their
/// keys (`"key":`, colon included) with the child node each leads to: lines of one export repeat
/// their keys in one order, so the next line's keys are recognized by one comparison each, instead
/// of a string scan, a colon check and a lookup among the node's members.
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

  init(nodeCount: Int) {
    entries = Array(repeating: 0, count: max(1, nodeCount) * Self.slotsPerNode * Self.entrySize)
    counts = Array(repeating: 0, count: max(1, nodeCount))
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
