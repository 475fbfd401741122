import Foundation
import JourneyConfig
import JourneyIngest
import JourneyModel
import JourneyReports

/// `journey merge` (SPEC §12): partial reports of user-disjoint partitions into the report one run
/// over all their inputs gives, byte for byte in JSON.
///
/// Refuses (exit 1, naming the partials and what differs) partials of another build or format,
/// of different configs, `--from/--to` or inputs, claims that overlap (two partials of the same
/// partition, or one of every user beside any other), claims of different partition counts, and
/// gaps — unless `allowMissing`, when the report says which partitions it lacks.
package enum MergePipeline {
  package struct Outcome: Sendable {
    package var report: JourneyReport
    package var config: JourneyConfig
  }

  /// Reads, checks and merges the partials at `paths` (`-`: standard input).
  package static func run(
    paths: [String], allowMissing: Bool, warn: @escaping @Sendable (String) -> Void
  ) throws(JourneyError) -> Outcome {
    guard !paths.isEmpty else { throw JourneyError(kind: .usage, message: "no partial report given (journey merge PART…)") }
    var named: [(name: String, partial: PartialReport)] = []
    for path in paths { named.append((path, try read(path))) }
    let (ordered, missing) = try check(named, allowMissing: allowMissing)
    let first = ordered[0].partial
    let config = try first.config.resolve()
    guard ConfigFingerprint.of(ReportPipeline.configJSON(config)) == first.configFingerprint else {
      throw JourneyError(
        kind: .input, location: ordered[0].name,
        message: "its config, made again, differs from the one it was written with (fingerprint \(first.configFingerprint))")
    }
    var leading: [ReportWarning] = []
    var partition: String?
    if let count = first.claim?.count, !missing.isEmpty {
      let have = ordered.compactMap { $0.partial.claim?.index }
      partition = have.map { "\($0)/\(count)" }.joined(separator: ", ")
      leading.append(
        ReportWarning(
          .partitionsMissing,
          "merged without partition\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) (--allow-missing): every count is of the other \(have.count) of \(count) partitions' users only"))
    }
    let report = try finish(
      ordered.map(\.partial), config: config, partition: partition, warnings: leading, warnEngineSide: { _ in })
    for warning in report.warnings ?? [] { warn(TerminalText.escape(warning.line)) }
    return Outcome(report: report, config: config)
  }

  /// A partial file: a `.jpart` (gzip) or its base64 text; `-` reads standard input.
  static func read(_ path: String) throws(JourneyError) -> PartialReport {
    let data: Data?
    if path == "-" {
      data = try? FileHandle.standardInput.readToEnd() ?? Data()
    } else {
      data = FileManager.default.contents(atPath: path)
    }
    guard let data else {
      throw JourneyError(kind: .input, location: path, message: "cannot read the partial report (missing or unreadable)")
    }
    return try PartialReport.decode(Array(data), name: path == "-" ? "standard input" : path)
  }

  /// The partials in claim order, and the partitions none claims; throws on every refusal.
  static func check(
    _ named: [(name: String, partial: PartialReport)], allowMissing: Bool
  ) throws(JourneyError) -> (ordered: [(name: String, partial: PartialReport)], missing: [Int]) {
    let (firstName, first) = named[0]
    func refuse(_ message: String) -> JourneyError { JourneyError(kind: .usage, message: message) }
    for (name, partial) in named {
      guard partial.journeyVersion == JourneyVersion.number else {
        throw refuse(
          "\(name) was written by journey \(partial.journeyVersion); this is journey \(JourneyVersion.number): write the partials again with this build")
      }
    }
    for (name, partial) in named.dropFirst() {
      if partial.configFingerprint != first.configFingerprint {
        let what = configDifference(first, partial)
        throw refuse("\(firstName) and \(name) were made with different configs (\(what)): merge only partials of one config")
      }
      if partial.from != first.from || partial.to != first.to {
        throw refuse(
          "\(firstName) and \(name) read different time ranges (--from/--to \(range(first)) and \(range(partial)))")
      }
      if let difference = inputDifference(first, partial) {
        throw refuse("\(firstName) and \(name) read different inputs (\(difference)): partitions of one run's inputs merge, other splits would count a user twice")
      }
    }
    // Claims: all of one count N, each partition once; a partial of every user stands alone.
    if let index = named.firstIndex(where: { $0.partial.claim == nil }), named.count > 1 {
      let whole = named[index]
      let other = named[index == 0 ? 1 : 0]
      let what = other.partial.claim.map { "partition \($0.description)" } ?? "every user too"
      throw refuse(
        "\(whole.name) covers every user (no --partition) and \(other.name) \(what): the claims overlap, so their users would be counted twice")
    }
    guard let count = first.claim?.count else { return (named, []) }
    var owner: [Int: String] = [:]
    for (name, partial) in named {
      let claim = partial.claim!
      guard claim.count == count else {
        throw refuse(
          "\(firstName) claims partition \(first.claim!.description) and \(name) \(claim.description): partitions of different counts do not split the users alike")
      }
      if let earlier = owner[claim.index] {
        throw refuse(
          "\(earlier) and \(name) both claim partition \(claim.description): the claims overlap, so its users would be counted twice")
      }
      owner[claim.index] = name
    }
    let missing = (0..<count).filter { owner[$0] == nil }
    if !missing.isEmpty, !allowMissing {
      throw refuse(
        "no partial claims partition \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")): the report would leave their users out (--allow-missing merges without them and says so in the report)")
    }
    let ordered = named.sorted { $0.partial.claim!.index < $1.partial.claim!.index }
    return (ordered, missing)
  }

  static func range(_ partial: PartialReport) -> String {
    let from = partial.from.map(Timestamp.iso8601) ?? "the start"
    let to = partial.to.map(Timestamp.iso8601) ?? "the end"
    return "\(from) to \(to)"
  }

  /// What differs between two partials' effective configs: the first differing keys (`funnel`,
  /// `stages`), or the config files' names.
  static func configDifference(_ a: PartialReport, _ b: PartialReport) -> String {
    guard let one = try? a.config.resolve(), let two = try? b.config.resolve() else { return "fingerprints differ" }
    guard case .object(let x)? = ReportPipeline.configJSON(one), case .object(let y)? = ReportPipeline.configJSON(two)
    else { return "fingerprints differ" }
    let keys = Set(x.keys).union(y.keys).sorted()
    let differing = keys.filter { x[$0] != y[$0] }
    return differing.isEmpty ? "fingerprints differ" : "\(differing.joined(separator: ", ")) differ"
  }

  /// The first difference of two partials' inputs, in words; nil when they read the same ones.
  static func inputDifference(_ a: PartialReport, _ b: PartialReport) -> String? {
    guard a.inputs.count == b.inputs.count else { return "\(a.inputs.count) and \(b.inputs.count) inputs" }
    for index in a.inputs.indices {
      let (x, y) = (a.inputs[index], b.inputs[index])
      if x.path != y.path { return "input \(index + 1) is \(x.path) and \(y.path)" }
      if x.bytes != y.bytes || x.records != y.records || x.compression != y.compression || x.format != y.format
        || a.inputFingerprints[index] != b.inputFingerprints[index]
      {
        return "\(x.path) differs: \(x.records) records in \(x.bytes) bytes and \(y.records) in \(y.bytes)"
      }
    }
    return nil
  }

  /// The report of `partials` (checked; in claim order) with `config`: their counts merged, the
  /// engine's state finished against the latest event of all, the warnings in the order a run says
  /// them after `warnings`. `partition` is the report's claim (nil: every user).
  static func finish(
    _ partials: [PartialReport], config: JourneyConfig, partition: String?, warnings leading: [ReportWarning],
    warnEngineSide: @Sendable (String) -> Void
  ) throws(JourneyError) -> JourneyReport {
    let first = partials[0]
    var facts = first.facts
    for partial in partials.dropFirst() { facts.merge(partial.facts) }
    let engineResult: EngineResult
    do {
      engineResult = try JourneyEngine.finish(
        partials.map(\.engine), policy: config.sessionPolicy, settings: config.reportSettings)
    } catch {
      throw JourneyError(kind: .input, message: "a partial report is damaged: \(error.description)")
    }
    var warnings = leading + first.inputWarnings + facts.warnings(config: config, timeoutGiven: first.config.timeout != nil)
    let engineSide =
      ReportPipeline.personaWarnings(engineResult, config: config)
      + ReportPipeline.windowWarnings(engineResult, config: config)
      + ReportPipeline.partitionWarnings(engineResult, partition: partition)
    for warning in engineSide { warnEngineSide(TerminalText.escape(warning.line)) }
    warnings += engineSide

    var byReason: [String: Int] = [:]
    var samples: [PartialReport.Rejects.Sample] = []
    var rejected = 0
    for partial in partials {
      rejected += partial.rejects.count
      byReason.merge(partial.rejects.byReason, uniquingKeysWith: +)
      samples += partial.rejects.samples
    }
    // The first samples in input order (file, then line) of all: each partial kept its first ones.
    samples.sort { $0.input != $1.input ? $0.input < $1.input : $0.line < $1.line }
    let rejects = JourneyReport.Rejects(
      count: rejected, byReason: byReason,
      samples: samples.prefix(IngestLedger.sampleLimit).map { .init(file: $0.file, line: $0.line, reason: $0.reason) })

    var report = ReportPipeline.report(
      engineResult, events: facts.events, excluded: facts.excluded, rejects: rejects, inputs: first.inputs,
      config: config)
    report.summary.outOfRange = facts.outOfRange
    report.summary.partition = partition
    report.warnings = warnings
    report.title = first.title
    report.summary.from = first.from.map(Timestamp.iso8601)
    report.summary.to = first.to.map(Timestamp.iso8601)
    return report
  }
}
