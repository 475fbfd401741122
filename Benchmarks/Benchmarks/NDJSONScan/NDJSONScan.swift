import Benchmark
import BenchmarkInputs
import Foundation
import JourneyModel
import JourneyParsing

/// NDJSONRecordParser alone: 200k Segment lines (already split), extracting five fields, one of them
/// nested three levels deep (`context.campaign.source`); the rest of each object is skipped but validated.
/// mallocCountTotal per iteration shows whether parsing allocates per line (it should not).
///
/// With `JOURNEY_BENCH_NDJSON=FILE` also `Parsing.ndjson.file`: the lines of FILE with the six fields of
/// `Benchmarks/compare`'s config, for `json-floor.sh` (simdjson on the same lines); no threshold.
let benchmarks: @Sendable () -> Void = {
  Benchmark(
    "Parsing.ndjson.200k",
    configuration: .journeyStage(mallocTolerance: 2_000)
  ) { (benchmark: Benchmark, input: LinedBytes) in
    let schema = FieldSchema(SyntheticEvents.ndjsonFields)
    for _ in benchmark.scaledIterations {
      var parser = NDJSONRecordParser(schema: schema)
      var fields = RecordFields(slotCount: schema.count)
      var events = 0
      var filled = 0
      for i in 0..<input.count {
        let result = parser.parse(input.line(i), into: &fields) { event in
          if event.hasValue(4) { filled &+= 1 }
        }
        if case .events(let n) = result { events &+= n }
      }
      precondition(events == input.count)
      blackHole(filled)
    }
  } setup: {
    var events = SyntheticEvents(seed: 42)
    return LinedBytes(events.segmentNDJSON(count: 200_000))
  }

  if let path = ProcessInfo.processInfo.environment["JOURNEY_BENCH_NDJSON"] {
    Benchmark("Parsing.ndjson.file", configuration: .journeyStage(mallocTolerance: 2_000)) {
      (benchmark: Benchmark, input: LinedBytes) in
      let schema = FieldSchema(["userId", "anonymousId", "timestamp", "event", "context.page.url", "context.campaign.source"])
      for _ in benchmark.scaledIterations {
        var parser = NDJSONRecordParser(schema: schema)
        var fields = RecordFields(slotCount: schema.count)
        var filled = 0
        for i in 0..<input.count {
          _ = parser.parse(input.line(i), into: &fields) { event in
            if event.hasValue(4) { filled &+= 1 }
          }
        }
        blackHole(filled)
      }
    } setup: {
      guard let data = FileManager.default.contents(atPath: path) else { fatalError("cannot read \(path)") }
      return LinedBytes(Array(data))
    }
  }
}
