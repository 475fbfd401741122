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
    /// With ``RunSettings/writesPartial``: the run's partial report (SPEC §12).
    package var partial: PartialReport?
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
    // A keyed run's inputs were read on the driver: their problems are in the stream's header.
    if settings.strict, let input = settings.keyed?.header.inputs.first(where: { $0.error != nil }), let error = input.error {
      throw JourneyError(kind: .input, location: input.path, message: error + " (--strict: no report)")
    }

    if settings.writesPartial { return try partialOutcome(settings, inputs: inputs) }
    let engineResult: EngineResult
    do {
      engineResult = try JourneyEngine.run(
        store: store, policy: inputs.policy, settings: inputs.settings,
        attributes: inputs.attributes, threads: settings.threads)
    } catch let error as JourneyError {
      throw error
    } catch {
      throw JourneyError(kind: .input, message: "sorting events failed: \(error)")
    }
    store.removeTemporaryFiles()
    var warnings = inputs.warnings
    let engineSide =
      personaWarnings(engineResult, config: config) + windowWarnings(engineResult, config: config)
      + partitionWarnings(engineResult, partition: settings.partition?.description)
    for warning in engineSide {
      settings.warn(TerminalText.escape(warning.line))
      warnings.append(warning)
    }
    // Put in place only now: a --strict failure or an engine error leaves no rejects file.
    try inputs.rejectsFile?.finish()
    inputs.trace.mark("engine")

    var report = report(
      engineResult, events: inputs.events, excluded: inputs.excluded, rejects: rejects(ledger.rejects),
      inputs: settings.reportedInputs(ledger.inputs), config: config)
    report.summary.outOfRange = inputs.outOfRange
    report.summary.partition = settings.partition?.description
    report.warnings = warnings
    report.title = settings.reportTitle(preset: config.input.preset)
    report.summary.from = settings.from.map(Timestamp.iso8601)
    report.summary.to = settings.to.map(Timestamp.iso8601)
    return Outcome(report: report, config: config, issues: ledger.issues, bytesPerEvent: store.bytesPerEvent)
  }

  /// A run that writes a partial report (`-f partial`, SPEC §12): the engine's mergeable state
  /// instead of its result, and the report the partial finishes into alone (for the other
  /// outputs and the gates).
  static func partialOutcome(_ settings: RunSettings, inputs: EngineInputs) throws(JourneyError) -> Outcome {
    let (config, store, ledger) = (inputs.config, inputs.store, inputs.ledger)
    let state: EngineState
    do {
      state = try JourneyEngine.partial(
        store: store, policy: inputs.policy, settings: inputs.settings, attributes: inputs.attributes,
        threads: settings.threads)
    } catch let error as JourneyError {
      throw error
    } catch {
      throw JourneyError(kind: .input, message: "sorting events failed: \(error)")
    }
    store.removeTemporaryFiles()
    try inputs.rejectsFile?.finish()
    inputs.trace.mark("engine")
    let configJSON = configJSON(config)
    let paths = ledger.inputs.map(\.path)
    // A keyed run's inputs are the driver's, which no executor can fingerprint (nil for all: every
    // partition's partial agrees).
    let summaries = settings.reportedInputs(ledger.inputs)
    let fingerprints = summaries.map { settings.keyed == nil ? InputFingerprint.of(path: $0.path) : nil }
    let partial = PartialReport(
      journeyVersion: JourneyVersion.number, configFingerprint: ConfigFingerprint.of(configJSON),
      config: ConfigRecipe(config: config, settings: settings), title: settings.reportTitle(preset: config.input.preset),
      partition: settings.partition?.description, from: settings.from, to: settings.to, inputs: summaries,
      inputFingerprints: fingerprints, inputWarnings: inputs.inputWarnings,
      facts: inputs.facts,
      rejects: PartialReport.Rejects(
        count: ledger.rejects.count,
        byReason: Dictionary(uniqueKeysWithValues: ledger.rejects.byReason.map { ($0.key.text, $0.value) }),
        samples: ledger.rejects.samples.map { sample in
          .init(input: paths.firstIndex(of: sample.file) ?? paths.count, file: sample.file, line: sample.line, reason: sample.reason)
        }),
      engine: state)
    // The persona and window warnings of the partial's own report: the merge says the merged ones.
    let finished = try MergePipeline.finish(
      [partial], config: config, partition: partial.partition, warnings: [], warnEngineSide: settings.warn)
    var outcome = Outcome(report: finished, config: config, issues: ledger.issues, bytesPerEvent: store.bytesPerEvent)
    outcome.partial = partial
    return outcome
  }

  /// What the engine is given: every accepted event in the store, the values of their attribute
  /// tuples (breakdown values, then the touchpoint), and the report settings that say where each is.
  package struct EngineInputs {
    package var config: JourneyConfig
    package var settings: ReportSettings
    package var store: EventStore
    package var attributes: AttributeTable
    /// How events are cut into sessions, with the `dedupe` values the ingest read.
    package var policy: SessionPolicy
    /// Events accepted (before `exclude`), and those `exclude` or `--from/--to` dropped.
    package var events: Int
    package var excluded: Int
    /// Events outside `--from/--to`.
    package var outOfRange: Int
    let ledger: IngestLedger
    let rejectsFile: RejectsFile.Writer?
    /// Spilled runs go here; the caller removes it (``TemporaryFiles/removeFolder(_:)``).
    package let spillFolder: String
    let trace: PhaseTrace
    /// What the ingest found to warn about (already on stderr), for the report's `warnings[]`.
    package var warnings: [ReportWarning] = []
    /// The input side's mergeable counts, and the warnings about the inputs themselves.
    package var facts: IngestFacts
    package var inputWarnings: [ReportWarning] = []
  }

  /// The first half of ``run(_:)``: the effective config, and every input read into the event
  /// store. Warns (through `settings.warn`) when the touchpoint field has no value in any event.
  package static func ingest(_ settings: RunSettings) throws(JourneyError) -> EngineInputs {
    let inputs = try settings.inputQueue()
    let trace = PhaseTrace()
    let config = try ConfigResolver.resolve(settings, inputs: inputs)
    try settings.checkConfig?(config)
    let extractor = try EventExtractor(config: config, from: settings.from, to: settings.to, partition: settings.partition)
    // Spilled runs (with --memory) go to a folder of this run's, removed even on an interrupt.
    let spillFolder = TemporaryFiles.makeFolder(in: settings.temporaryDirectory)
    do throws(JourneyError) {
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
      if settings.keyed != nil, ingest.otherPartition > 0, let partition = settings.partition {
        // Never dropped silently: the shuffle sent records here that this partition does not own.
        throw JourneyError(
          kind: .input,
          message: "\(ingest.otherPartition) records of users outside partition \(partition.description): Spark and journey disagree on the partition")
      }
      let attributes = ingest.ids.attributes
      let reportSettings = config.reportSettings
      let facts = IngestFacts(
        accepted: ingest.accepted, excluded: ingest.excluded, outOfRange: ingest.outOfRange,
        breakdownHasValue: config.breakdown.indices.map { attributes.hasValue(field: $0) },
        touchpointHasValue: reportSettings.touchpointAttribute.map { attributes.hasValue(field: $0) } ?? true,
        dedupeHasValue: config.dedupe == nil || ingest.ids.dedupeLog.count > 0,
        // Id 0 is the empty value: a table of more than it holds a value.
        sessionChangeHasValue: config.sessions.newOnChange == nil || ingest.ids.tables.changes.count > 1,
        rules: RuleCounts(config: config, usage: ingest.ruleUsage, schema: extractor.schema))
      let warnings = facts.warnings(config: config, timeoutGiven: settings.timeout != nil)
      for warning in warnings { settings.warn(TerminalText.escape(warning.line)) }
      trace.mark("ingest")
      // The skipped config files were said on stderr when the inputs were expanded.
      let inputWarnings = settings.skippedConfigWarnings() + [settings.terminalInputWarning()].compactMap { $0 }
      return EngineInputs(
        config: config, settings: reportSettings, store: store, attributes: attributes,
        policy: config.sessionPolicy(dedupeLog: ingest.ids.dedupeLog), events: facts.events, excluded: ingest.excluded, outOfRange: ingest.outOfRange, ledger: ledger,
        rejectsFile: rejectsFile, spillFolder: spillFolder, trace: trace, warnings: inputWarnings + warnings,
        facts: facts, inputWarnings: inputWarnings)
    } catch {
      TemporaryFiles.removeFolder(spillFolder)
      throw error
    }
  }

  /// A location worth printing: one in the user's own config file (not a preset's).
  static func configLocation(_ location: SourceLocation?, config: JourneyConfig) -> String? {
    guard let location, location.file == config.source else { return nil }
    return location.description
  }

  /// A warning per persona that no user is in (located at the persona), so that a typo in its
  /// condition is not a silent empty column.
  static func personaWarnings(_ result: EngineResult, config: JourneyConfig) -> [ReportWarning] {
    guard let personas = result.personas, result.users > 0 else { return [] }
    return zip(config.personas, personas).compactMap { settings, persona in
      guard persona.users == 0 else { return nil }
      return ReportWarning(
        .personaMatchedNothing,
        "no user is in persona '\(settings.name)' (none of the \(result.users) users meets its condition)",
        location: settings.location?.description)
    }
  }

  /// A funnel window longer than the data's time span: no unit can be decided dropped, so every
  /// step would read "0 dropped · N in progress" as if nobody dropped.
  static func windowWarnings(_ result: EngineResult, config: JourneyConfig) -> [ReportWarning] {
    guard config.funnel.scope == .user, let window = config.funnel.window, let first = result.firstEvent,
      let last = result.lastEvent, last - first < window
    else { return [] }
    return [
      ReportWarning(
        .windowLongerThanData,
        "the funnel window (\(ConfigLoader.durationText(window))) is longer than the data's time span (\(span(last - first))): no unit can be counted as dropped, and every unit that did not convert is in progress",
        location: configLocation(config.funnel.windowLocation, config: config))
    ]
  }

  /// `--partition K/N` that holds no user: every count of the report is 0 by the claim, not by the
  /// data (a wrong N, or inputs of too few users).
  static func partitionWarnings(_ result: EngineResult, partition: String?) -> [ReportWarning] {
    guard let partition, result.users == 0 else { return [] }
    return [
      ReportWarning(
        .partitionEmpty, "no user of the inputs is in partition \(partition): every count of this report is 0 by the claim")
    ]
  }

  /// A time span for people: `3.2 days`, `5.5 hours`, `12 minutes`, `40 seconds` (one decimal
  /// where it is not whole).
  static func span(_ micros: Microseconds) -> String {
    let seconds = Double(micros) / 1e6
    let (value, unit): (Double, String) =
      seconds >= 86_400 ? (seconds / 86_400, "days") : seconds >= 3600 ? (seconds / 3600, "hours")
      : seconds >= 60 ? (seconds / 60, "minutes") : (seconds, "seconds")
    let rounded = (value * 10).rounded() / 10
    let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    return "\(text) \(text == "1" ? String(unit.dropLast()) : unit)"
  }

  /// The warning for a touchpoint field that no event has: located at `touchpoint:` when a config
  /// file wrote it, else saying where the field came from.
  static func noTouchpointWarning(_ config: JourneyConfig) -> ReportWarning {
    let name = config.touchpointName ?? ""
    var location: String?
    var origin = " (the event field, the default touchpoint)"
    if let written = config.touchpoint {
      origin = ""
      if let at = written.location, at.file == config.source {
        location = at.description
      } else if let preset = config.input.preset {
        origin = " (the touchpoint of preset \(preset))"
      }
    }
    return ReportWarning(
      .touchpointFieldMissing, "no event has a value for the touchpoint field \(name)\(origin); every touchpoint is (none)",
      location: location)
  }

  /// The report of a run: the engine's sections and counts, the input side's counts, rejects and
  /// inputs, and the effective config.
  static func report(
    _ engineResult: EngineResult, events: Int, excluded: Int, rejects: JourneyReport.Rejects, inputs: [InputSummary],
    config: JourneyConfig
  ) -> JourneyReport {
    var summary = JourneyReport.Summary(events: events, rejected: rejects.count, excluded: excluded, inputs: inputs)
    engineResult.fill(&summary)
    var report = JourneyReport(
      summary: summary, funnel: engineResult.funnel, transitions: engineResult.transitions,
      entries: engineResult.entries, exits: engineResult.exits, paths: engineResult.paths,
      breakdowns: engineResult.breakdowns, rejects: rejects, config: configJSON(config))
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
