import Benchmark

extension Benchmark.Configuration {
  /// The settings every journey benchmark shares: few, long iterations (each one processes a whole
  /// data set) and tolerances wide enough for a shared 2-core machine.
  ///
  /// `thresholds check` compares each metric's p90 with `Benchmarks/Thresholds/`:
  /// - wall clock fails only above 3× the recorded p90 (`relative 200 %`);
  /// - throughput (whole data sets per second, a small integer here) is for reading, not gating: its
  ///   `relative 300 %` only reports "better" above 4× (then record the thresholds again, on purpose);
  /// - malloc counts are exact up to `mallocTolerance` (absolute): pick it below the number of
  ///   events, so one new allocation per event fails the check;
  /// - peak resident memory fails above 1.5× (`relative 50 %`).
  public static func journeyStage(
    metrics extra: [BenchmarkMetric] = [], mallocTolerance: Int, maxIterations: Int = 20,
    maxSeconds: Int = 4
  ) -> Benchmark.Configuration {
    var thresholds: [BenchmarkMetric: BenchmarkThresholds] = [
      .wallClock: .init(relative: [.p90: 200]),
      .throughput: .init(relative: [.p90: 300]),
      .mallocCountTotal: .init(absolute: [.p90: mallocTolerance]),
    ]
    if extra.contains(.peakMemoryResident) { thresholds[.peakMemoryResident] = .init(relative: [.p90: 50]) }
    return .init(
      metrics: [.wallClock, .throughput, .mallocCountTotal] + extra,
      timeUnits: .milliseconds,
      warmupIterations: 1,
      scalingFactor: .one,
      maxDuration: .seconds(maxSeconds),
      maxIterations: maxIterations,
      thresholds: thresholds)
  }
}
