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
    let inputs = try ingest(settings)
    defer { TemporaryFiles.removeFolder(inputs.spillFolder) }
    let config = inputs.config
    let store = inputs.store
    let ledger = inputs.ledger
    if settings.strict, let issue = ledger.issues.first {
      throw JourneyError(kind: .input, location: issue.file, message: issue.message + " (--strict: no report)")
    }

    let engineResult: EngineResult
    do {
      engineResult = try JourneyEngine.run(
        store: store, policy: config.sessionPolicy, settings: inputs.settings,
        attributes: inputs.attributes, threads: settings.threads)
    } catch let error as JourneyError {
      throw error
    } catch {
      throw JourneyError(kind: .input, message: "sorting events failed: \(error)")
    }
    store.removeTemporaryFiles()
    for warning in personaWarnings(engineResult, config: config) { settings.warn(TerminalText.escape(warning)) }
    // Put in place only now: a --strict failure or an engine error leaves no rejects file.
    try inputs.rejectsFile?.finish()
    inputs.trace.mark("engine")

    let report = report(
      engineResult, events: inputs.events, excluded: inputs.excluded, ledger: ledger, config: config)
    return Outcome(report: report, config: config, issues: ledger.issues, bytesPerEvent: store.bytesPerEvent)
  }

  /// What the engine is given: every accepted event in the store, the values of their attribute
  /// tuples (breakdown values, then the touchpoint), and the report settings that say where each is.
  package struct EngineInputs {
    package var config: JourneyConfig
    package var settings: ReportSettings
    package var store: EventStore
    package var attributes: AttributeTable
    /// Events accepted (before `exclude`), and those `exclude` or `--from/--to` dropped.
    package var events: Int
    package var excluded: Int
    let ledger: IngestLedger
    let rejectsFile: RejectsFile.Writer?
    /// Spilled runs go here; the caller removes it (``TemporaryFiles/removeFolder(_:)``).
    package let spillFolder: String
    let trace: PhaseTrace
  }

  /// The first half of ``run(_:)``: the effective config, and every input read into the event
  /// store. Warns (through `settings.warn`) when the touchpoint field has no value in any event.
  package static func ingest(_ settings: RunSettings) throws(JourneyError) -> EngineInputs {
    let inputs = try settings.inputQueue()
    let trace = PhaseTrace()
    let config = try ConfigResolver.resolve(settings, inputs: inputs)
    try settings.checkConfig?(config)
    let extractor = try EventExtractor(config: config, from: settings.from, to: settings.to)
    // Spilled runs (with --memory) go to a folder of this run's, removed even on an interrupt.
    let spillFolder = TemporaryFiles.makeFolder(in: settings.temporaryDirectory)
    do {
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
      let attributes = ingest.ids.attributes
      let reportSettings = config.reportSettings
      if ingest.accepted > 0, let field = reportSettings.touchpointAttribute, !attributes.hasValue(field: field) {
        settings.warn(TerminalText.escape(noTouchpointWarning(config)))
      }
      trace.mark("ingest")
      return EngineInputs(
        config: config, settings: reportSettings, store: store, attributes: attributes,
        events: ingest.accepted + ingest.excluded, excluded: ingest.excluded, ledger: ledger, rejectsFile: rejectsFile,
        spillFolder: spillFolder, trace: trace)
    } catch {
      TemporaryFiles.removeFolder(spillFolder)
      throw error
    }
  }

  /// A warning per persona that no user is in (located at the persona), so that a typo in its
  /// condition is not a silent empty column.
  static func personaWarnings(_ result: EngineResult, config: JourneyConfig) -> [String] {
    guard let personas = result.personas, result.users > 0 else { return [] }
    return zip(config.personas, personas).compactMap { settings, persona in
      guard persona.users == 0 else { return nil }
      let at = settings.location.map { "\($0): " } ?? ""
      return "\(at)warning: no user is in persona '\(settings.name)' (none of the \(result.users) users meets its condition)"
    }
  }

  /// The warning for a touchpoint field that no event has: located at `touchpoint:` when a config
  /// file wrote it, else saying where the field came from.
  static func noTouchpointWarning(_ config: JourneyConfig) -> String {
    let name = config.touchpointName ?? ""
    var prefix = ""
    var origin = " (the event field, the default touchpoint)"
    if let written = config.touchpoint {
      origin = ""
      if let location = written.location, location.file == config.source {
        prefix = "\(location): "
      } else if let preset = config.input.preset {
        origin = " (the touchpoint of preset \(preset))"
      }
    }
    return "\(prefix)warning: no event has a value for the touchpoint field \(name)\(origin); every touchpoint is (none)"
  }

  /// The report of a run: the engine's sections and counts, the input side's counts, rejects and
  /// inputs, and the effective config.
  static func report(
    _ engineResult: EngineResult, events: Int, excluded: Int, ledger: IngestLedger, config: JourneyConfig
  ) -> JourneyReport {
    var summary = JourneyReport.Summary(
      events: events, rejected: ledger.rejects.count, excluded: excluded, inputs: ledger.inputs)
    engineResult.fill(&summary)
    var report = JourneyReport(
      summary: summary, funnel: engineResult.funnel, transitions: engineResult.transitions,
      entries: engineResult.entries, exits: engineResult.exits, paths: engineResult.paths,
      breakdowns: engineResult.breakdowns, rejects: rejects(ledger.rejects), config: configJSON(config))
    report.journeyMap = engineResult.journeyMap
    report.lift = engineResult.lift
    report.personas = engineResult.personas
    report.personaOverlap = engineResult.personaOverlap
    return report
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

extension AttributeTable {
  /// Whether any tuple has a value for `field` (O(tuples)).
  fileprivate func hasValue(field: Int) -> Bool {
    (1..<count).contains { valueID(UInt32($0), field: field) != 0 }
  }
}
