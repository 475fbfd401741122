/// A tiny, fast, seeded generator (Steele, Lea & Flood's SplitMix64): the one seeded generator of
/// `journey-datagen`, the tests and the benchmarks.
///
/// The same seed gives the same sequence on every platform, so generated data sets, property-test
/// inputs and benchmark inputs are reproducible bit for bit (a failing test replays exactly). Never
/// `SystemRandomNumberGenerator` where the bytes must repeat.
///
/// `public` only as far as the benchmarks (another package) need it: seeding, ``next()`` and ``unit()``.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  /// The generator's whole state: it advances by a fixed odd constant on every ``next()``.
  @usableFromInline package var state: UInt64

  @inlinable
  public init(seed: UInt64) { state = seed }

  @inlinable
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform double in [0, 1) from the top 53 bits.
  @inlinable
  public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// A uniform integer in 0..<bound (Lemire's multiply-shift on the top 32 bits; the bias is negligible
  /// for the small bounds it is used with).
  @inlinable
  package mutating func below(_ bound: Int) -> Int {
    Int(truncatingIfNeeded: ((next() >> 32) &* UInt64(bound)) >> 32)
  }
}
