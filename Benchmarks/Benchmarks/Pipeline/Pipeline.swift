import Benchmark
import BenchmarkInputs
import Foundation
import JourneyPipeline

struct PipelineInput: Sendable {
  let folder: URL
  let file: String
}

/// ReportPipeline.run end to end on one gzipped Segment NDJSON file of 500k events in a temporary folder,
/// with the `segment` preset and the default thread count: read, inflate, frame, parse, classify, store,
/// sessionize, report (no rendering). Compare with `gzip -dc` of the same file (see ingest-ratio.sh).
let benchmarks: @Sendable () -> Void = {
  Benchmark(
    "Pipeline.gz.500k",
    configuration: .journeyStage(metrics: [.peakMemoryResident], mallocTolerance: 25_000, maxIterations: 8, maxSeconds: 10)
  ) { (benchmark: Benchmark, input: PipelineInput) in
    var settings = RunSettings()
    settings.inputs = [input.file]
    settings.preset = "segment"
    for _ in benchmark.scaledIterations {
      let outcome = try! ReportPipeline.run(settings)
      precondition(outcome.report.summary.events == 500_000, "events: \(outcome.report.summary.events)")
      blackHole(outcome)
    }
  } setup: {
    let folder = try BenchmarkFiles.temporaryFolder("pipeline")
    let url = folder.appendingPathComponent("segment-500k.ndjson.gz")
    var events = SyntheticEvents(seed: 42)
    try BenchmarkFiles.writeGzip(events.segmentNDJSON(count: 500_000), to: url)
    return PipelineInput(folder: folder, file: url.path)
  } teardown: {
    try? FileManager.default.removeItem(
      at: FileManager.default.temporaryDirectory
        .appendingPathComponent("journey-bench-pipeline-\(ProcessInfo.processInfo.processIdentifier)"))
  }
}
