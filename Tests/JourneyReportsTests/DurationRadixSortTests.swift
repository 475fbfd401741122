import JourneyModel
import Testing

@testable import JourneyReports

@Suite struct DurationRadixSortTests {
  /// Below and above the radix threshold; negative values, both extremes, few distinct values
  /// (bytes that never vary are skipped) and all different: the order is `sorted()`'s.
  @Test(arguments: [0, 1, 255, 256, 257, 5_000])
  func sortsAsTheStandardLibrary(count: Int) {
    var random = SplitMix64(seed: UInt64(count) &+ 7)
    let spreads: [ClosedRange<Int64>] = [0...3, -1_000...1_000, 0...1_000_000_000_000, Int64.min...Int64.max]
    for spread in spreads {
      var values = (0..<count).map { _ in Int64.random(in: spread, using: &random) }
      if count > 2 {
        values[0] = spread.lowerBound
        values[1] = spread.upperBound
      }
      let expected = values.sorted()
      DurationRadixSort.sort(&values)
      #expect(values == expected, "spread \(spread)")
    }
  }

  @Test func sortsAscendingAndDescendingRuns() {
    var ascending = (0..<3_000).map { Int64($0) * 1_000 }
    DurationRadixSort.sort(&ascending)
    #expect(ascending == (0..<3_000).map { Int64($0) * 1_000 })
    var descending = (0..<3_000).reversed().map { Int64($0) * 1_000 - 1_500_000 }
    DurationRadixSort.sort(&descending)
    #expect(descending == (0..<3_000).map { Int64($0) * 1_000 - 1_500_000 })
  }
}
