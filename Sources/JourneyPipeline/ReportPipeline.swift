import Foundation
import JourneyConfig
import JourneyIngest
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
    package var issues: [InputIssue]
    /// Bytes one buffered event cost in the engine's store.
    package var bytesPerEvent: Int
  }

  public static func run(_ settings: RunSettings) throws(JourneyError) -> Outcome {
    let inputs = try settings.inputQueue()
    let trace = PhaseTrace()
    let config = try ConfigResolver.resolve(settings, inputs: inputs)
    let extractor = try EventExtractor(config: config, from: settings.from, to: settings.to)
    // Spilled runs (with --memory) go to a folder of this run's, removed even on an interrupt.
    let spillFolder = TemporaryFiles.makeFolder(in: settings.temporaryDirectory)
    defer { TemporaryFiles.removeFolder(spillFolder) }
    let store = EventStore(
      partitions: 64, memoryLimit: settings.memoryLimit, temporaryDirectory: spillFolder)
    if let limit = settings.userBatchLimit { store.batchLimit = limit }
    let ledger = IngestLedger(warn: settings.warn)
    let rejectsFile = try settings.rejectsPath.map { path throws(JourneyError) in try RejectsFile.attach(to: ledger, path: path) }
    trace.mark("setup")
    let ingest = try settings.ingest(inputs, config: config, ledger: ledger, extractor: extractor) { event, _ in
      store.append(event)
      if store.count & 0xFFFF == 0 { settings.eventProgress?(store.count) }
    }
    try store.checkSpills()
    let counts = (events: ingest.accepted + ingest.excluded, excluded: ingest.excluded)
    let attributes = ingest.ids.attributes
    trace.mark("ingest")
    if settings.strict, let issue = ledger.issues.first {
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
      events: counts.events, rejected: ledger.rejects.count, excluded: counts.excluded, inputs: ledger.inputs)
    engineResult.fill(&summary)
    let report = JourneyReport(
      summary: summary, funnel: engineResult.funnel, transitions: engineResult.transitions,
      entries: engineResult.entries, exits: engineResult.exits, paths: engineResult.paths,
      breakdowns: engineResult.breakdowns, rejects: rejects(ledger.rejects), config: configJSON(config))
    return Outcome(report: report, config: config, issues: ledger.issues, bytesPerEvent: store.bytesPerEvent)
  }

  static func rejects(_ log: RejectLog) -> JourneyReport.Rejects {
    var byReason: [String: Int] = [:]
    for (reason, count) in log.byReason { byReason[reason.text] = count }
    return JourneyReport.Rejects(
      count: log.count, byReason: byReason,
      samples: log.samples.map { .init(file: $0.file, line: $0.line, reason: $0.reason) })
  }

  /// The effective config as JSON values, for the report's `config` section.
  package static func configJSON(_ config: JourneyConfig) -> JSONValue? {
    try? JSONValueEncoder().encode(config)
  }
}
