import Benchmark
import BenchmarkInputs
import JourneyModel
import JourneyParsing

/// DelimitedRecordParser alone: a header and 200k REES46-shaped rows (already split), about a third with
/// quoted fields holding commas and doubled quotes; five of nine columns extracted.
let benchmarks: @Sendable () -> Void = {
  Benchmark(
    "Parsing.csv.200k",
    configuration: .journeyStage(mallocTolerance: 2_000)
  ) { (benchmark: Benchmark, input: LinedBytes) in
    let schema = FieldSchema(SyntheticEvents.csvFields)
    for _ in benchmark.scaledIterations {
      var parser = DelimitedRecordParser(schema: schema)
      var fields = RecordFields(slotCount: schema.count)
      var events = 0
      var quoted = 0
      for i in 0..<input.count {
        let result = parser.parse(input.line(i), into: &fields) { event in
          if event.hasValue(3) { quoted &+= 1 }
        }
        if case .events(let n) = result { events &+= n }
      }
      precondition(events == input.count - 1, "rows rejected: \(input.count - 1 - events)")
      blackHole(quoted)
    }
  } setup: {
    var events = SyntheticEvents(seed: 42)
    return LinedBytes(events.csv(count: 200_000))
  }
}
