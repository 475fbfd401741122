import Foundation
import JourneyModel

/// The draws the benchmark inputs are made of, on the package's one seeded generator.
///
/// Never `SystemRandomNumberGenerator`: a benchmark must measure the same bytes each time.
extension SplitMix64 {
  /// An integer in `0..<bound` as `next() % bound`: the draw the inputs were first made with (not
  /// ``below(_:)``'s multiply-shift), kept so that their bytes, and the thresholds recorded on them, stay
  /// the same.
  mutating func remainder(_ bound: Int) -> Int {
    Int(next() % UInt64(bound))
  }

  /// A heavy-tailed index in `0..<bound` (log-uniform rank): a few values are very common, most are rare.
  mutating func heavyTailed(_ bound: Int) -> Int {
    let rank = Int(exp2(unit() * log2(Double(bound) + 1))) - 1
    return min(max(rank, 0), bound - 1)
  }
}
