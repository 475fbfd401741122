import Foundation

/// SplitMix64: a small, fast, seeded generator, so every benchmark input is the same on every run.
///
/// Never `SystemRandomNumberGenerator`: a benchmark must measure the same bytes each time.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) {
    state = seed
  }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform integer in `0..<bound`.
  public mutating func below(_ bound: Int) -> Int {
    Int(next() % UInt64(bound))
  }

  /// A uniform double in `[0, 1)`.
  public mutating func unit() -> Double {
    Double(next() >> 11) / Double(UInt64(1) << 53)
  }

  /// A heavy-tailed index in `0..<bound` (log-uniform rank): a few values are very common, most are rare.
  public mutating func heavyTailed(_ bound: Int) -> Int {
    let rank = Int(exp2(unit() * log2(Double(bound) + 1))) - 1
    return min(max(rank, 0), bound - 1)
  }
}
