import Benchmark
import BenchmarkInputs
import JourneyParsing

/// TimestampParser in `auto` mode on 1M values cycling through six forms: ISO 8601 with `Z` and
/// milliseconds, with an offset, `YYYY-MM-DD HH:MM:SS.ffffff UTC`, epoch seconds, epoch milliseconds, and
/// the access-log form `01/Nov/2026:12:34:56 -0700`.
let benchmarks: @Sendable () -> Void = {
  Benchmark(
    "Parsing.timestamps.1M",
    configuration: .journeyStage(mallocTolerance: 2_000)
  ) { (benchmark: Benchmark, input: LinedBytes) in
    let parser = TimestampParser(format: .auto)
    for _ in benchmark.scaledIterations {
      var sum: Int64 = 0
      var failed = 0
      for i in 0..<input.count {
        if let time = parser.parse(input.line(i)) { sum &+= time } else { failed += 1 }
      }
      precondition(failed == 0, "\(failed) timestamps not parsed")
      blackHole(sum)
    }
  } setup: {
    var events = SyntheticEvents(seed: 42)
    return LinedBytes(events.timestamps(count: 1_000_000))
  }
}
