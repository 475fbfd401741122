import Benchmark
import BenchmarkInputs
import JourneyInput

/// GzipInflater alone: ~20 MB of Segment NDJSON, gzipped in memory, inflated in 1 MiB compressed chunks
/// (the reader's chunk size). The floor under every gzip run: compare with `gzip -dc`.
/// `Inflate.gzip.20MB` uses the default backend (ISA-L when it loads); `.builtin` and `.zlib` name theirs.
let benchmarks: @Sendable () -> Void = {
  inflate("Inflate.gzip.20MB", backend: .current)
  inflate("Inflate.gzip.20MB.builtin", backend: .builtin)
  inflate("Inflate.gzip.20MB.zlib", backend: .zlib)
}

func inflate(_ name: String, backend: InflaterBackend) {
  Benchmark(
    name,
    configuration: .journeyStage(mallocTolerance: 50)
  ) { (benchmark: Benchmark, compressed: [UInt8]) in
    for _ in benchmark.scaledIterations {
      var inflater = try! GzipInflater(name: "bench.gz", outputCapacity: 1 << 20, backend: backend)
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
