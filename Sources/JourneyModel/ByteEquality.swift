/// Whether `count` bytes at `a` equal those at `b`, eight bytes at a time.
///
/// For short keys and values (member names, interned ids): inlined, it costs less than a call to
/// `memcmp`. The pointers need no alignment. `public`, not `package`: Swift 6.3 does not inline an
/// `@inlinable package` function into another module.
@inlinable @inline(__always)
public func bytesEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
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
