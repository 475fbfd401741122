import Foundation
import JourneyConfig
import JourneyInput
import JourneyModel
import JourneyParsing
import JourneyReports
import JourneySessions
import JourneyStages

/// The whole flow of `journey report`, in order:
/// inputs → records → fields → events (user, time, stage) → per-user sessions → aggregates → report.
public enum ReportPipeline {
  /// What a finished run hands to the renderers and to the CLI's exit-status decision.
  public struct Outcome: Sendable {
    public var report: JourneyReport
    public var config: JourneyConfig
    /// Non-fatal input problems (truncated gzip, trailing garbage), in input order.
    public var issues: [InputIssue]
    /// Bytes one buffered event cost in the engine's store.
    public var bytesPerEvent: Int
  }

  public static func run(_ settings: RunSettings) throws(JourneyError) -> Outcome {
    let sources = try settings.sources()
    let trace = PhaseTrace()
    let config = try ConfigResolver.resolve(settings, sources: sources)
    var extractor = try EventExtractor(config: config, from: settings.from, to: settings.to)
    // Spilled runs (with --memory) go to a folder of this run's, removed even on an interrupt.
    let spillFolder = TemporaryFiles.makeFolder(in: settings.temporaryDirectory)
    defer { TemporaryFiles.removeFolder(spillFolder) }
    let store = EventStore(
      partitions: 64, memoryLimit: settings.memoryLimit, temporaryDirectory: spillFolder)
    if let limit = settings.userBatchLimit { store.batchLimit = limit }
    let runner = IngestRunner(config: config, settings: settings)
    let rejectsFile = try settings.rejectsPath.map { path throws(JourneyError) in try RejectsFile.attach(to: runner, path: path) }
    trace.mark("setup")
    let ingest = try EventIngest.run(settings, sources: sources, runner: runner, extractor: &extractor) { event, _ in
      store.append(event)
      if store.count & 0xFFFF == 0 { settings.eventProgress?(store.count) }
    }
    try store.checkSpills()
    let counts = (events: ingest.accepted + ingest.excluded, excluded: ingest.excluded)
    let attributes = ingest.attributes
    trace.mark("ingest")
    if settings.strict, let issue = runner.issues.first {
      throw JourneyError(kind: .input, location: issue.file, message: issue.message + " (--strict: no report)")
    }

    let engineResult: EngineResult
    do {
      engineResult = try JourneyEngine.run(
        store: store, policy: config.sessionPolicy, settings: config.reportSettings,
        attributes: attributes, threads: settings.threads)
    } catch let error as JourneyError {
      throw error
    } catch {
      throw JourneyError(kind: .input, message: "sorting events failed: \(error)")
    }
    store.removeTemporaryFiles()
    // Put in place only now: a --strict failure or an engine error leaves no rejects file.
    try rejectsFile?.finish()
    trace.mark("engine")

    var summary = JourneyReport.Summary(
      events: counts.events, rejected: runner.rejects.count, excluded: counts.excluded, inputs: runner.inputs)
    engineResult.fill(&summary)
    let report = JourneyReport(
      summary: summary, funnel: engineResult.funnel, transitions: engineResult.transitions,
      entries: engineResult.entries, exits: engineResult.exits, paths: engineResult.paths,
      breakdowns: engineResult.breakdowns, rejects: rejects(runner.rejects), config: configJSON(config))
    return Outcome(report: report, config: config, issues: runner.issues, bytesPerEvent: store.bytesPerEvent)
  }

  static func rejects(_ log: RejectLog) -> JourneyReport.Rejects {
    var byReason: [String: Int] = [:]
    for (reason, count) in log.byReason { byReason[reason.text] = count }
    return JourneyReport.Rejects(
      count: log.count, byReason: byReason,
      samples: log.samples.map { .init(file: $0.file, line: $0.line, reason: $0.reason) })
  }

  /// The effective config as JSON values, for the report's `config` section.
  public static func configJSON(_ config: JourneyConfig) -> JSONValue? {
    try? JSONValueEncoder().encode(config)
  }
}
