#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// A tiny, fast, seedable generator (Steele, Lea & Flood's SplitMix64).
///
/// Used per user, so that each user's timeline depends only on the run's seed and the
/// user's index: the whole data set is reproducible bit for bit, whatever the platform.
struct SplitMix64: RandomNumberGenerator {
  private(set) var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform double in [0, 1) from the top 53 bits.
  mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// A uniform integer in 0..<bound (Lemire's multiply-shift; the bias is negligible here).
  mutating func below(_ bound: Int) -> Int {
    Int(truncatingIfNeeded: ((next() >> 32) &* UInt64(bound)) >> 32)
  }

  /// An exponentially distributed value with the given mean.
  mutating func exponential(mean: Double) -> Double {
    -mean * log(1 - unit())  // 1 - u is in (0, 1]: never log(0)
  }
}

/// xoshiro256** (Blackman & Vigna), seeded through SplitMix64: the run-wide generator for
/// shuffling lines and choosing late events.
struct Xoshiro256: RandomNumberGenerator {
  private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

  init(seed: UInt64) {
    var mix = SplitMix64(seed: seed)
    s0 = mix.next(); s1 = mix.next(); s2 = mix.next(); s3 = mix.next()
  }

  mutating func next() -> UInt64 {
    let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
    let t = s1 << 17
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
    s2 ^= t
    s3 = (s3 << 45) | (s3 >> 19)
    return result
  }

  mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  mutating func below(_ bound: Int) -> Int {
    Int(truncatingIfNeeded: ((next() >> 32) &* UInt64(bound)) >> 32)
  }
}
