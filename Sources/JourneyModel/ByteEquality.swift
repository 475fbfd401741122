/// Whether `count` bytes at `a` equal those at `b`, eight bytes at a time (the tail as one
/// overlapping word; below eight bytes, two overlapping 4-byte words; below four, byte by byte).
///
/// For short keys and values (member names, interned ids): inlined, it costs less than a call to
/// `memcmp`. The pointers need no alignment. `public`, not `package`: Swift 6.3 does not inline an
/// `@inlinable package` function into another module.
@inlinable @inline(__always)
public func bytesEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
  if count >= 8 {
    var i = 0
    while i + 8 <= count {
      if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
        return false
      }
      i += 8
    }
    // The last 1–7 bytes: one word ending at `count`, overlapping bytes already compared.
    return i == count
      || a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
  }
  if count >= 4 {
    // Two words of four bytes, the first and the last (overlapping below eight).
    return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
      && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
  }
  var i = 0
  while i < count {
    if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
    i += 1
  }
  return true
}
