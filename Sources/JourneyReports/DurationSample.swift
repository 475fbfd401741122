/// A multiset of durations (µs), the mergeable state of every duration aggregate: added one at a
/// time, merged by concatenation (in partition order), finalized sorted into exact quantiles, the
/// exact mean and the fixed-bin histogram, so the result never depends on append or merge order.
///
/// Two samples are equal when they hold the same durations, in any order.
/// - Complexity: O(1) to add, O(*m*) to merge *m* durations, O(*n* log *n*) to finalize.
struct DurationSample: Equatable {
  private(set) var values: [Int64] = []

  var count: Int { values.count }

  @inline(__always) mutating func add(_ microseconds: Int64) { values.append(microseconds) }

  mutating func merge(_ other: DurationSample) { values.append(contentsOf: other.values) }

  static func == (a: DurationSample, b: DurationSample) -> Bool {
    a.values.count == b.values.count && a.values.sorted() == b.values.sorted()
  }

  /// The `q` quantile in seconds (``Quantile/continuous(_:_:)``), nil when empty.
  func seconds(_ q: Double) -> Double? {
    Quantile.continuous(values.sorted(), q).map { $0 / 1_000_000 }
  }

  /// Count, median and p90 (time in stage).
  func summary() -> JourneyMap.TimeSummary {
    let sorted = values.sorted()
    return JourneyMap.TimeSummary(
      count: sorted.count, medianSeconds: Quantile.continuous(sorted, 0.5).map { $0 / 1_000_000 },
      p90Seconds: Quantile.continuous(sorted, 0.9).map { $0 / 1_000_000 })
  }

  /// The bin of ``DurationDistribution/binEdges`` a duration falls in: the last whose edge is ≤ it.
  static func bin(of microseconds: Int64) -> Int {
    var bin = 0
    let edges = DurationDistribution.binEdges
    while bin + 1 < edges.count, edges[bin + 1] * 1_000_000 <= microseconds { bin += 1 }
    return bin
  }

  /// The whole distribution: quantiles by ``Quantile``'s interpolation, the mean of the exact
  /// (128-bit) sum, and every bin of ``DurationDistribution/binEdges`` (empty ones included).
  func distribution() -> DurationDistribution {
    let sorted = values.sorted()
    func q(_ q: Double) -> Double? { Quantile.continuous(sorted, q).map { $0 / 1_000_000 } }
    var sum: Int128 = 0
    var counts = Array(repeating: 0, count: DurationDistribution.binEdges.count)
    for value in sorted {
      sum += Int128(value)
      counts[Self.bin(of: value)] += 1
    }
    let edges = DurationDistribution.binEdges
    let histogram = edges.indices.map { bin in
      DurationDistribution.Bin(
        label: DurationDistribution.binLabels[bin], fromSeconds: Double(edges[bin]),
        toSeconds: bin + 1 < edges.count ? Double(edges[bin + 1]) : nil, count: counts[bin])
    }
    return DurationDistribution(
      count: sorted.count, minSeconds: sorted.first.map { Double($0) / 1_000_000 }, p25Seconds: q(0.25),
      medianSeconds: q(0.5), p75Seconds: q(0.75), p90Seconds: q(0.9), p95Seconds: q(0.95), p99Seconds: q(0.99),
      maxSeconds: sorted.last.map { Double($0) / 1_000_000 },
      meanSeconds: sorted.isEmpty ? nil : Double(sum) / Double(sorted.count) / 1_000_000, histogram: histogram)
  }
}
