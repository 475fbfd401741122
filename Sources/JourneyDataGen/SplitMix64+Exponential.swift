#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import JourneyModel

extension SplitMix64 {
  /// An exponentially distributed value with the given mean.
  mutating func exponential(mean: Double) -> Double {
    -mean * log(1 - unit())  // 1 - u is in (0, 1]: never log(0)
  }
}
