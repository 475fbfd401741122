/// A multiset of durations (µs), the mergeable state of every duration aggregate: exact, as
/// value → count runs. Durations are appended, and every so often sorted and folded into the runs
/// (distinct values ascending with their counts), so repeated durations (whole seconds, whole
/// milliseconds) cost one run each; merged by appending the other's pending durations and merging
/// its runs. Finalized into exact quantiles (``Quantile``'s interpolation), the exact mean and the
/// fixed-bin histogram, so the result never depends on add or merge order.
///
/// Two samples are equal when they hold the same durations, in any order.
/// - Complexity: amortized O(log *n*) per duration added; memory 16 bytes per distinct duration plus
///   at most as many (and at least ``minimumPending``) pending durations of 8 bytes (and their fold
///   counts): when every duration differs, about four times a plain array; when they repeat, far less.
struct DurationSample: Equatable {
  /// Pending durations before the sample folds them into runs.
  static let minimumPending = 1024

  /// Durations not yet in the runs, in any order.
  private var pending: [Int64] = []
  /// Distinct durations, ascending, and how often each occurs.
  private var runValues: [Int64] = []
  private var runCounts: [Int] = []
  /// The counts of the pending durations' runs while they are folded (kept for the next fold).
  private var foldCounts: [Int] = []
  private var foldAt = Self.minimumPending
  private(set) var count = 0

  /// Empties the sample, keeping its storage.
  mutating func removeAll() {
    pending.removeAll(keepingCapacity: true)
    runValues.removeAll(keepingCapacity: true)
    runCounts.removeAll(keepingCapacity: true)
    foldAt = Self.minimumPending
    count = 0
  }

  @inline(__always) mutating func add(_ microseconds: Int64) {
    pending.append(microseconds)
    count += 1
    if pending.count >= foldAt { fold() }
  }

  mutating func merge(_ other: DurationSample) {
    count += other.count
    pending.append(contentsOf: other.pending)
    if !other.runValues.isEmpty { mergeRuns(other.runValues, other.runCounts, count: other.runValues.count) }
    if pending.count >= foldAt { fold() }
  }

  /// Sorts the pending durations into runs (in place) and merges them into the sample's runs.
  private mutating func fold() {
    guard !pending.isEmpty else { return }
    pending.sort()
    foldCounts.removeAll(keepingCapacity: true)
    var distinct = 0
    for index in pending.indices {
      if distinct > 0, pending[distinct - 1] == pending[index] {
        foldCounts[distinct - 1] += 1
      } else {
        pending[distinct] = pending[index]
        foldCounts.append(1)
        distinct += 1
      }
    }
    mergeRuns(pending, foldCounts, count: distinct)
    pending.removeAll(keepingCapacity: true)
    // Pending durations stay at most as many as the runs: each fold costs O(runs), amortized O(1).
    foldAt = max(Self.minimumPending, runValues.count)
  }

  /// Merges the first `m` runs of `values` / `counts` (ascending, distinct) into the sample's runs,
  /// from the back, in place: no array but the runs' own growth is allocated.
  private mutating func mergeRuns(_ values: [Int64], _ counts: [Int], count m: Int) {
    let n = runValues.count
    runValues.append(contentsOf: repeatElement(0, count: m))
    runCounts.append(contentsOf: repeatElement(0, count: m))
    var (i, j, write) = (n - 1, m - 1, n + m - 1)
    while j >= 0 {
      if i >= 0, runValues[i] > values[j] {
        runValues[write] = runValues[i]
        runCounts[write] = runCounts[i]
        i -= 1
      } else if i >= 0, runValues[i] == values[j] {
        runValues[write] = values[j]
        runCounts[write] = runCounts[i] + counts[j]
        i -= 1
        j -= 1
      } else {
        runValues[write] = values[j]
        runCounts[write] = counts[j]
        j -= 1
      }
      write -= 1
    }
    // runs[0...i] are in place; each equal value merged left one slot between them and the rest.
    let gap = write - i
    guard gap > 0 else { return }
    for index in (write + 1)..<(n + m) {
      runValues[index - gap] = runValues[index]
      runCounts[index - gap] = runCounts[index]
    }
    runValues.removeLast(gap)
    runCounts.removeLast(gap)
  }

  /// Every duration in runs: distinct values ascending with their counts.
  func runs() -> (values: [Int64], counts: [Int]) {
    var folded = self
    folded.fold()
    return (folded.runValues, folded.runCounts)
  }

  static func == (a: DurationSample, b: DurationSample) -> Bool {
    guard a.count == b.count else { return false }
    let (x, y) = (a.runs(), b.runs())
    return x.values == y.values && x.counts == y.counts
  }

  /// Quantiles of the folded runs, as ``Quantile/continuous(_:_:)`` on the sorted durations.
  private struct Ranked {
    let values: [Int64]
    /// `ends[i]`: how many durations are ≤ `values[i]`.
    let ends: [Int]

    init(_ runs: (values: [Int64], counts: [Int])) {
      values = runs.values
      var total = 0
      ends = runs.counts.map { count in
        total += count
        return total
      }
    }

    var count: Int { ends.last ?? 0 }

    /// The duration of 0-based rank `rank` in ascending order.
    func value(atRank rank: Int) -> Int64 {
      var (low, high) = (0, ends.count - 1)
      while low < high {
        let middle = (low + high) / 2
        if ends[middle] > rank { high = middle } else { low = middle + 1 }
      }
      return values[low]
    }

    /// `h = (n − 1)·q`, `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`, in seconds; nil when empty.
    func seconds(_ q: Double) -> Double? {
      guard count > 0 else { return nil }
      let h = Double(count - 1) * q
      let low = Int(h.rounded(.down))
      let (lowValue, highValue) = (value(atRank: low), value(atRank: min(low + 1, count - 1)))
      return (Double(lowValue) + (h - Double(low)) * Double(highValue - lowValue)) / 1_000_000
    }
  }

  /// The `q` quantile in seconds, nil when empty.
  func seconds(_ q: Double) -> Double? { Ranked(runs()).seconds(q) }

  /// Count, median and p90 (time in stage).
  func summary() -> JourneyMap.TimeSummary {
    let ranked = Ranked(runs())
    return JourneyMap.TimeSummary(count: ranked.count, medianSeconds: ranked.seconds(0.5), p90Seconds: ranked.seconds(0.9))
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
    let runs = runs()
    let ranked = Ranked(runs)
    var sum: Int128 = 0
    var counts = Array(repeating: 0, count: DurationDistribution.binEdges.count)
    for (value, count) in zip(runs.values, runs.counts) {
      sum += Int128(value) * Int128(count)
      counts[Self.bin(of: value)] += count
    }
    let edges = DurationDistribution.binEdges
    let histogram = edges.indices.map { bin in
      DurationDistribution.Bin(
        label: DurationDistribution.binLabels[bin], fromSeconds: Double(edges[bin]),
        toSeconds: bin + 1 < edges.count ? Double(edges[bin + 1]) : nil, count: counts[bin])
    }
    return DurationDistribution(
      count: ranked.count, minSeconds: runs.values.first.map { Double($0) / 1_000_000 },
      p25Seconds: ranked.seconds(0.25), medianSeconds: ranked.seconds(0.5), p75Seconds: ranked.seconds(0.75),
      p90Seconds: ranked.seconds(0.9), p95Seconds: ranked.seconds(0.95), p99Seconds: ranked.seconds(0.99),
      maxSeconds: runs.values.last.map { Double($0) / 1_000_000 },
      meanSeconds: ranked.count == 0 ? nil : Double(sum) / Double(ranked.count) / 1_000_000, histogram: histogram)
  }
}
