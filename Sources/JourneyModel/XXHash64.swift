/// XXH64 (xxHash's 64-bit hash, https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md),
/// the hash Spark's `xxhash64` uses (with seed 42, over a string's UTF-8 bytes), so that
/// `journey report --partition K/N` and a Spark job's `pmod(xxhash64(user), N)` put every user in
/// the same partition (SPEC §12).
///
/// Checked against the specification's test vectors and against Spark itself
/// (`XXHash64Tests`). A pure function of the bytes: no state, no allocation.
package enum XXHash64 {
  static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
  static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
  static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
  static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
  static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

  /// Spark's seed for `xxhash64`.
  package static let sparkSeed: UInt64 = 42

  /// The 64-bit hash of `bytes` with `seed`.
  package static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
    let count = bytes.count
    var at = 0
    var h: UInt64
    if count >= 32 {
      var v1 = seed &+ prime1 &+ prime2
      var v2 = seed &+ prime2
      var v3 = seed
      var v4 = seed &- prime1
      while at + 32 <= count {
        v1 = round(v1, bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian)
        v2 = round(v2, bytes.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self).littleEndian)
        v3 = round(v3, bytes.loadUnaligned(fromByteOffset: at + 16, as: UInt64.self).littleEndian)
        v4 = round(v4, bytes.loadUnaligned(fromByteOffset: at + 24, as: UInt64.self).littleEndian)
        at += 32
      }
      h = rotate(v1, 1) &+ rotate(v2, 7) &+ rotate(v3, 12) &+ rotate(v4, 18)
      h = merge(h, v1)
      h = merge(h, v2)
      h = merge(h, v3)
      h = merge(h, v4)
    } else {
      h = seed &+ prime5
    }
    h = h &+ UInt64(count)
    while at + 8 <= count {
      h ^= round(0, bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian)
      h = rotate(h, 27) &* prime1 &+ prime4
      at += 8
    }
    if at + 4 <= count {
      h ^= UInt64(bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian) &* prime1
      h = rotate(h, 23) &* prime2 &+ prime3
      at += 4
    }
    while at < count {
      h ^= UInt64(bytes[at]) &* prime5
      h = rotate(h, 11) &* prime1
      at += 1
    }
    h ^= h >> 33
    h = h &* prime2
    h ^= h >> 29
    h = h &* prime3
    h ^= h >> 32
    return h
  }

  /// The hash of a string's UTF-8 bytes.
  package static func hash(_ text: String, seed: UInt64) -> UInt64 {
    var copy = text
    return copy.withUTF8 { hash(UnsafeRawBufferPointer($0), seed: seed) }
  }

  /// Spark's `pmod(xxhash64(key), n)`: the hash with seed 42 as a signed 64-bit number, its
  /// remainder by `n` made non-negative. `n` must be positive.
  package static func sparkPartition(_ bytes: UnsafeRawBufferPointer, of n: Int) -> Int {
    let signed = Int64(bitPattern: hash(bytes, seed: sparkSeed))
    let remainder = signed % Int64(n)
    return Int(remainder < 0 ? remainder + Int64(n) : remainder)
  }

  @inline(__always) static func rotate(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

  @inline(__always) static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
    rotate(accumulator &+ input &* prime2, 31) &* prime1
  }

  @inline(__always) static func merge(_ accumulator: UInt64, _ value: UInt64) -> UInt64 {
    (accumulator ^ round(0, value)) &* prime1 &+ prime4
  }
}
