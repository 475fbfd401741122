/// A multiset of durations (µs), the mergeable state of every duration aggregate: exact, as
/// value → count runs. Durations are appended, and every so often sorted (``DurationRadixSort``) and
/// folded into a run set (distinct values ascending with their counts), so repeated durations
/// (whole seconds, whole milliseconds) cost one run each. Run sets are kept as a few levels, each
/// more than twice the size of the next, and two levels are merged only when the newer one grows
/// to half the older's size (as in a log-structured merge): merging the samples of many partitions
/// one after the other costs O(*n* log *partitions*), not O(*n* · *partitions*). Finalized into
/// exact quantiles (``Quantile``'s interpolation), the exact mean and the fixed-bin histogram, so
/// the result never depends on add or merge order.
///
/// Two samples are equal when they hold the same durations, in any order.
/// - Complexity: amortized O(log *n*) per duration added or merged; memory 16 bytes per distinct
///   duration plus at most as many (and at least ``minimumPending``) pending durations of 8 bytes:
///   when every duration differs, about three times a plain array; when they repeat, far less.
struct DurationSample: Equatable {
  /// Pending durations before the sample folds them into runs.
  static let minimumPending = 1024
  /// Pending storage above this many durations is released after a fold rather than kept.
  static let keptPendingCapacity = 65_536

  /// Distinct durations, ascending, and how often each occurs.
  struct Runs: Equatable {
    var values: [Int64] = []
    var counts: [Int] = []

    /// The union of two run sets, in one pass over both (written through unsafe buffers: appending
    /// element by element checked capacity and uniqueness for each run).
    static func merged(_ a: Runs, _ b: Runs) -> Runs {
      let capacity = a.values.count + b.values.count
      var written = 0
      var counts: [Int] = []
      let values = [Int64](unsafeUninitializedCapacity: capacity) { values, valuesCount in
        counts = [Int](unsafeUninitializedCapacity: capacity) { counts, countsCount in
          a.values.withUnsafeBufferPointer { av in
            a.counts.withUnsafeBufferPointer { ac in
              b.values.withUnsafeBufferPointer { bv in
                b.counts.withUnsafeBufferPointer { bc in
                  var (i, j, w) = (0, 0, 0)
                  while i < av.count, j < bv.count {
                    let (x, y) = (av[i], bv[j])
                    if x < y {
                      values.initializeElement(at: w, to: x)
                      counts.initializeElement(at: w, to: ac[i])
                      i &+= 1
                    } else if y < x {
                      values.initializeElement(at: w, to: y)
                      counts.initializeElement(at: w, to: bc[j])
                      j &+= 1
                    } else {
                      values.initializeElement(at: w, to: x)
                      counts.initializeElement(at: w, to: ac[i] + bc[j])
                      i &+= 1
                      j &+= 1
                    }
                    w &+= 1
                  }
                  while i < av.count {
                    values.initializeElement(at: w, to: av[i])
                    counts.initializeElement(at: w, to: ac[i])
                    i &+= 1
                    w &+= 1
                  }
                  while j < bv.count {
                    values.initializeElement(at: w, to: bv[j])
                    counts.initializeElement(at: w, to: bc[j])
                    j &+= 1
                    w &+= 1
                  }
                  written = w
                }
              }
            }
          }
          countsCount = written
        }
        valuesCount = written
      }
      return Runs(values: values, counts: counts).trimmed()
    }

    /// The runs in storage of their size when repeated values left a quarter or more unused.
    func trimmed() -> Runs {
      guard values.count * 4 < values.capacity * 3 else { return self }
      return Runs(values: Array(values[...]), counts: Array(counts[...]))
    }
  }

  /// Durations not yet in the runs, in any order.
  private var pending: [Int64] = []
  /// Run sets, oldest (largest) first; merged into one when finalized.
  private var levels: [Runs] = []
  /// Distinct durations in all levels.
  private var runCount = 0
  private var foldAt = Self.minimumPending
  private(set) var count = 0

  init() {}

  /// A sample of the given runs: distinct durations strictly ascending, each count ≥ 1 (a partial
  /// report's, SPEC §12).
  init(values: [Int64], counts: [Int]) {
    precondition(values.count == counts.count)
    let runs = Runs(values: values, counts: counts)
    push(runs)
    count = counts.reduce(0, +)
    foldAt = max(Self.minimumPending, runCount)
  }

  /// Empties the sample, keeping its pending storage.
  mutating func removeAll() {
    pending.removeAll(keepingCapacity: pending.capacity <= Self.keptPendingCapacity)
    levels.removeAll()
    runCount = 0
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
    for level in other.levels { push(level) }
    if pending.count >= foldAt { fold() }
  }

  /// Sorts the pending durations and pushes them as a new level.
  private mutating func fold() {
    guard !pending.isEmpty else { return }
    DurationRadixSort.sort(&pending)
    let n = pending.count
    var distinct = 0
    var counts: [Int] = []
    let values = pending.withUnsafeBufferPointer { sorted in
      [Int64](unsafeUninitializedCapacity: n) { values, valuesCount in
        counts = [Int](unsafeUninitializedCapacity: n) { counts, countsCount in
          var index = 0
          while index < n {
            let value = sorted[index]
            var end = index &+ 1
            while end < n, sorted[end] == value { end &+= 1 }
            values.initializeElement(at: distinct, to: value)
            counts.initializeElement(at: distinct, to: end &- index)
            distinct &+= 1
            index = end
          }
          countsCount = distinct
        }
        valuesCount = distinct
      }
    }
    let runs = Runs(values: values, counts: counts).trimmed()
    pending.removeAll(keepingCapacity: pending.capacity <= Self.keptPendingCapacity)
    push(runs)
    // Pending durations stay at most as many as the runs: each fold costs O(runs), amortized O(1).
    foldAt = max(Self.minimumPending, runCount)
  }

  /// Adds a level, merging the newest two while the newer is at least half the older.
  private mutating func push(_ runs: Runs) {
    guard !runs.values.isEmpty else { return }
    levels.append(runs)
    runCount += runs.values.count
    while levels.count >= 2, levels[levels.count - 2].values.count <= 2 * levels[levels.count - 1].values.count {
      let newer = levels.removeLast()
      let older = levels.removeLast()
      let merged = Runs.merged(older, newer)
      runCount -= older.values.count + newer.values.count - merged.values.count
      levels.append(merged)
    }
  }

  /// Folds the pending durations and merges every level into one, so that the quantiles, summary
  /// and distribution read the runs without merging them again.
  mutating func consolidate() {
    fold()
    guard levels.count > 1 else { return }
    var all = levels.removeLast()
    while let level = levels.popLast() { all = Runs.merged(level, all) }
    levels = [all]
  }

  /// Every duration in runs: distinct values ascending with their counts.
  func runs() -> (values: [Int64], counts: [Int]) {
    var folded = self
    folded.fold()
    var all = Runs()
    // Newest (smallest) first: each merge is as cheap as it can be.
    for level in folded.levels.reversed() { all = all.values.isEmpty ? level : Runs.merged(level, all) }
    return (all.values, all.counts)
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
      return ReportNumber.seconds(microseconds: Double(lowValue) + (h - Double(low)) * Double(highValue - lowValue))
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
      meanSeconds: ranked.count == 0 ? nil : ReportNumber.seconds(microseconds: Double(sum) / Double(ranked.count)),
      histogram: histogram)
  }
}
