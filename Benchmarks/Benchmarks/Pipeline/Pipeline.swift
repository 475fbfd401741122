import Benchmark
import BenchmarkInputs
import Foundation
import JourneyPipeline

struct PipelineInput: Sendable {
  let folder: URL
  let file: String
  let config: String
}

/// A config like the SPEC's example: a bot filter (regex on the user agent), rules on the event, the
/// path (prefix, regex), the medium (list) and the URL (glob), sessions cut at local midnight and on a
/// campaign change, `dedupe` by message id, two breakdowns, user scope with a window. Every per-event
/// cost a real config adds, in one run: a `String` or regex per event would show in the allocations.
let specStyleConfig = SyntheticEvents.segmentInputYAML + "\n" + """
  exclude:
    - field: context.userAgent
      regex: "(?i)bot|crawler|spider"
  sessions:
    timeout: 30m
    split_at_midnight: true
    timezone: Europe/Berlin
    new_on_change: context.campaign.source
  dedupe: messageId
  stages: [awareness, consideration, decision, purchase]
  rules:
    - stage: purchase
      event: Order Completed
    - stage: decision
      event: [Product Added, Cart Viewed, Checkout Started]
    - stage: decision
      url: "https://shop.example.com/checkout*"
    - stage: consideration
      field: context.page.path
      regex: "^/p/[0-9]+$"
    - stage: awareness
      any:
        - { event: Page Viewed, field: context.page.path, prefix: /blog }
        - { field: context.campaign.medium, in: [cpc, social, email] }
  funnel:
    scope: user
    order: ordered
    window: 7d
  breakdown:
    - field: context.campaign.source
    - field: context.campaign.medium

  """

/// ReportPipeline.run end to end on one gzipped Segment NDJSON file of 500k events in a temporary folder,
/// with the `segment` preset and the default thread count: read, inflate, frame, parse, classify, store,
/// sessionize, report (no rendering). Compare with `gzip -dc` of the same file (see ingest-ratio.sh).
let benchmarks: @Sendable () -> Void = {
  pipelineBenchmark("Pipeline.gz.500k", folder: "pipeline") { settings, _ in settings.preset = "segment" }
  pipelineBenchmark("Pipeline.gz.500k.rules", folder: "pipeline-rules") { settings, input in
    settings.configPath = input.config
  }
}

/// `ReportPipeline.run` on the 500k-line file (written by the setup, with the SPEC-style config next to
/// it) with the settings `configure` makes.
func pipelineBenchmark(
  _ name: String, folder: String, configure: @escaping @Sendable (inout RunSettings, PipelineInput) -> Void
) {
  Benchmark(
    name,
    configuration: .journeyStage(metrics: [.peakMemoryResident], mallocTolerance: 25_000, maxIterations: 8, maxSeconds: 10)
  ) { (benchmark: Benchmark, input: PipelineInput) in
    var settings = RunSettings()
    settings.inputs = [input.file]
    configure(&settings, input)
    for _ in benchmark.scaledIterations {
      let outcome = try! ReportPipeline.run(settings)
      precondition(outcome.report.summary.events == 500_000, "events: \(outcome.report.summary.events)")
      blackHole(outcome)
    }
  } setup: {
    let directory = try BenchmarkFiles.temporaryFolder(folder)
    let url = directory.appendingPathComponent("segment-500k.ndjson.gz")
    var events = SyntheticEvents(seed: 42)
    try BenchmarkFiles.writeGzip(events.segmentNDJSON(count: 500_000), to: url)
    let config = directory.appendingPathComponent("spec-style.yaml")
    try Data(specStyleConfig.utf8).write(to: config)
    return PipelineInput(folder: directory, file: url.path, config: config.path)
  } teardown: {
    try? FileManager.default.removeItem(
      at: FileManager.default.temporaryDirectory
        .appendingPathComponent("journey-bench-\(folder)-\(ProcessInfo.processInfo.processIdentifier)"))
  }
}
