import JourneyModel

/// xoshiro256** (Blackman & Vigna), seeded through ``SplitMix64``: the run-wide generator for
/// shuffling lines and choosing late events.
///
/// ``SplitMix64`` is used per user, so that each user's timeline depends only on the run's seed and
/// the user's index: the whole data set is reproducible bit for bit, whatever the platform.
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
