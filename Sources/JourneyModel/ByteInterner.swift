/// Gives each distinct byte string a small number, like ``StringInterner``, but looks values up by
/// their bytes: a value seen before costs one hash and one byte comparison, no `String`, no allocation.
///
/// The bytes of every distinct value are kept once, in one arena; ``strings`` (the decoded text)
/// is built only for values seen for the first time. Id 0 is the empty value.
/// - Complexity: O(length) per lookup, amortised.
public struct ByteInterner: Sendable {
  /// The text of each id (invalid UTF-8 repaired), index 0 is "".
  public private(set) var strings: [String] = [""]
  private var arena: [UInt8] = []
  private var offsets: [Int] = [0, 0]  // arena range of id i: offsets[i]..<offsets[i + 1]
  private var table: [UInt32]  // open addressing; 0 = empty slot, else id
  private var hashes: [UInt32] = [0]
  private var mask: Int
  /// The id most recently interned or found: runs of one value (a user's consecutive events) skip the hash.
  private var lastID: UInt32 = 0

  public init() {
    table = Array(repeating: 0, count: 64)
    mask = 63
  }

  /// Number of ids handed out, including 0.
  public var count: Int { strings.count }

  public subscript(id: UInt32) -> String { strings[Int(id)] }

  @inline(__always) static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    // FNV-1a over 8-byte words, then a final mix: fast for short ids, good enough for open addressing.
    var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
    guard let base = bytes.baseAddress else { return h }
    var i = 0
    let n = bytes.count
    while i + 8 <= n {
      h = (h ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x0000_0100_0000_01B3
      h ^= h >> 29
      i += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while i < n {
      tail |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift
      shift += 8
      i += 1
    }
    h = (h ^ tail) &* 0x9E37_79B9_7F4A_7C15
    return h ^ (h >> 32)
  }

  /// The id of `bytes`, adding it when new; 0 for no bytes.
  public mutating func intern(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    if bytes.isEmpty { return 0 }
    // Id 0 has no bytes, so it never equals a non-empty value.
    if equals(Int(lastID), bytes) { return lastID }
    let h = Self.hash(bytes)
    let h32 = UInt32(truncatingIfNeeded: h)
    var slot = Int(truncatingIfNeeded: h) & mask
    while true {
      let id = table[slot]
      if id == 0 { break }
      if hashes[Int(id)] == h32 && equals(Int(id), bytes) { lastID = id; return id }
      slot = (slot + 1) & mask
    }
    let id = UInt32(strings.count)
    lastID = id
    arena.append(contentsOf: bytes)
    offsets.append(arena.count)
    hashes.append(h32)
    strings.append(String(decoding: bytes, as: UTF8.self))
    table[slot] = id
    if strings.count * 2 > table.count { grow() }
    return id
  }

  /// Calls `body` with the bytes of `id` (empty for 0); the pointer must not escape.
  public func withBytes<R>(of id: UInt32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    let start = offsets[Int(id)]
    let end = offsets[Int(id) + 1]
    return try arena.withUnsafeBytes { all in try body(UnsafeRawBufferPointer(rebasing: all[start..<end])) }
  }

  /// The id of `bytes` when already interned, like ``lookup(_:)``, but remembering the id found
  /// so a repeat of the same value costs one comparison.
  public mutating func lookupRemembering(_ bytes: UnsafeRawBufferPointer) -> UInt32? {
    if bytes.isEmpty { return 0 }
    if equals(Int(lastID), bytes) { return lastID }
    guard let id = lookup(bytes) else { return nil }
    lastID = id
    return id
  }

  /// The id of `bytes` when already interned.
  public func lookup(_ bytes: UnsafeRawBufferPointer) -> UInt32? {
    if bytes.isEmpty { return 0 }
    let h = Self.hash(bytes)
    var slot = Int(truncatingIfNeeded: h) & mask
    while true {
      let id = table[slot]
      if id == 0 { return nil }
      if hashes[Int(id)] == UInt32(truncatingIfNeeded: h) && equals(Int(id), bytes) { return id }
      slot = (slot + 1) & mask
    }
  }

  @inline(__always) private func equals(_ id: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
    let start = offsets[id]
    let length = offsets[id + 1] - start
    guard length == bytes.count else { return false }
    return arena.withUnsafeBytes { all in
      memoryEqual(all.baseAddress! + start, bytes.baseAddress!, length)
    }
  }

  private mutating func grow() {
    let size = table.count * 2
    var newTable = [UInt32](repeating: 0, count: size)
    let newMask = size - 1
    for id in 1..<strings.count {
      var slot = Int(truncatingIfNeeded: Self.rehash(Int(id), arena: arena, offsets: offsets)) & newMask
      while newTable[slot] != 0 { slot = (slot + 1) & newMask }
      newTable[slot] = UInt32(id)
    }
    table = newTable
    mask = newMask
  }

  private static func rehash(_ id: Int, arena: [UInt8], offsets: [Int]) -> UInt64 {
    arena.withUnsafeBytes { all in
      hash(UnsafeRawBufferPointer(rebasing: all[offsets[id]..<offsets[id + 1]]))
    }
  }
}

@inline(__always) func memoryEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
  var i = 0
  while i + 8 <= count {
    if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
      return false
    }
    i += 8
  }
  while i < count {
    if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
    i += 1
  }
  return true
}

/// Interns tuples of small ids (breakdown values of one event) by their content, without allocating
/// for tuples seen before. Id 0 is the all-empty tuple.
public struct IDTupleInterner: Sendable {
  public private(set) var tuples: [[UInt32]] = [[]]
  private var keys = ByteInterner()

  public init() {}

  /// The id of `ids` (as raw bytes), adding it when new.
  public mutating func intern(_ ids: UnsafeBufferPointer<UInt32>) -> UInt32 {
    let id = keys.intern(UnsafeRawBufferPointer(ids))
    if Int(id) == tuples.count { tuples.append(Array(ids)) }
    return id
  }
}
