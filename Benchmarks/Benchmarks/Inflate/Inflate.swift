import Benchmark
import BenchmarkInputs
import JourneyInput

/// GzipInflater alone: ~20 MB of Segment NDJSON, gzipped in memory, inflated in 1 MiB compressed chunks
/// (the reader's chunk size). The floor under every gzip run: compare with `gzip -dc`.
let benchmarks: @Sendable () -> Void = {
  Benchmark(
    "Inflate.gzip.20MB",
    configuration: .journeyStage(mallocTolerance: 50)
  ) { (benchmark: Benchmark, compressed: [UInt8]) in
    for _ in benchmark.scaledIterations {
      var inflater = try! GzipInflater(name: "bench.gz", outputCapacity: 1 << 20)
      var total = 0
      compressed.withUnsafeBytes { all in
        var offset = 0
        while offset < all.count {
          let end = min(all.count, offset + (1 << 20))
          inflater.inflate(UnsafeRawBufferPointer(rebasing: all[offset..<end])) { piece in total += piece.count }
          offset = end
        }
      }
      precondition(inflater.finish() == nil)
      blackHole(total)
    }
  } setup: {
    var events = SyntheticEvents(seed: 42)
    return try BenchmarkFiles.gzip(events.segmentNDJSON(count: 48_000))
  }
}
