import Benchmark
import BenchmarkInputs
import JourneyInput

/// RecordFramer alone: ~50 MB of plain NDJSON fed in 1 MiB chunks (records crossing a chunk go through
/// the carry buffer), counting records. No decompression, no parsing.
let benchmarks: @Sendable () -> Void = {
  Benchmark(
    "Framing.lines.50MB",
    configuration: .journeyStage(mallocTolerance: 50)
  ) { (benchmark: Benchmark, input: LinedBytes) in
    for _ in benchmark.scaledIterations {
      var framer = RecordFramer(framing: .lines)
      var bytes = 0
      let all = UnsafeRawBufferPointer(input.bytes)
      var offset = 0
      while offset < all.count {
        let end = min(all.count, offset + (1 << 20))
        framer.feed(UnsafeRawBufferPointer(rebasing: all[offset..<end])) { record in bytes &+= record.bytes.count }
        offset = end
      }
      framer.finish { record in bytes &+= record.bytes.count }
      precondition(framer.records == input.count)
      blackHole(bytes)
    }
  } setup: {
    var events = SyntheticEvents(seed: 42)
    return LinedBytes(events.segmentNDJSON(count: 120_000))
  }
}
