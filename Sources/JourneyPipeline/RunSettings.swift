#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif
import Foundation
import JourneyConfig
import JourneyIngest
import JourneyInput
import JourneyModel
import JourneyRender
import JourneyReports

/// What a run was asked to do: the command line's options, before the config file is merged in.
///
/// Every optional override here wins over the config file, which wins over the preset (SPEC §1).
public struct RunSettings: Sendable {
  public var inputs: [String] = []
  public var configPath: String?
  public var preset: String?
  /// `--input-format`: overrides `input.format`.
  package var format: InputFormat?
  /// The word `--input-format` was given as (`JSON`, `jsonl`, `clf`); see ``InputSettings/formatName``.
  package var formatSpelling: String?
  /// Whether standard input is a terminal (`isatty`); replaceable for tests.
  package var standardInputIsTerminal: @Sendable () -> Bool = { isatty(STDIN_FILENO) != 0 }
  /// `--partition K/N`: only the users whose key hashes to K of N (SPEC §12).
  package var partition: UserPartition?
  /// `report --keyed`: the inputs rebuilt from a keyed stream, read instead of ``inputs`` under their
  /// original names; ``inputs`` then holds the driver's arguments, for the title.
  package var keyed: KeyedInputs?
  /// The config's text, read instead of the file at ``configPath`` (the driver's config of a keyed
  /// stream): ``configPath`` still names it.
  package var configText: String?
  /// `--title`: what the report is called; nil: the config or preset and the inputs.
  package var title: String?
  /// `-f partial`: the engine keeps its mergeable state (SPEC §12) and the outcome carries it.
  package var writesPartial = false
  package var from: Microseconds?
  package var to: Microseconds?
  package var timeout: Microseconds?
  package var scope: FunnelScope?
  package var order: FunnelOrder?
  /// Worker threads: at least 1, at most ``maxThreads`` (a larger value is capped when set).
  public var threads: Int = RunSettings.defaultThreads {
    didSet { threads = min(max(1, threads), Self.maxThreads) }
  }
  public var memoryLimit: Int?
  package var maxBadRatio: Double = 0.01
  package var rejectsPath: String?
  /// The files the command writes (`-o`), `-` for standard output; with ``rejectsPath`` checked by
  /// ``sources()`` against the inputs and each other.
  package var outputs: [String] = []
  package var strict = false
  package var maxRecordLength = 16 << 20
  public var temporaryDirectory: String?
  /// Bytes of records per block handed to a parallel ingest worker (`JOURNEY_BLOCK_BYTES` overrides it:
  /// small blocks exercise the in-order commit in tests).
  public var ingestBlockBytes = RunSettings.defaultBlockBytes
  /// Most events of one user the event store hands on at once (nil: its default, 65,536): tests
  /// lower it so that small inputs take the paths of huge users.
  package var userBatchLimit: Int?
  /// Called with compressed bytes read, for the progress bar.
  package var progress: (@Sendable (Int) -> Void)?
  /// Called now and then with the number of events accepted so far, for the progress bar.
  package var eventProgress: (@Sendable (Int) -> Void)?
  /// Called with every warning meant for stderr (`file:line: warning: …`).
  package var warn: @Sendable (String) -> Void = { _ in }
  /// Called with the effective config once it is known, before any event is read (beyond the
  /// first line that preset detection looks at): `--fail-if` checks its stage names here.
  package var checkConfig: (@Sendable (JourneyConfig) throws(JourneyError) -> Void)?

  public init() {}

  /// The inputs to read: the arguments expanded (folders to their files, sorted), less the config
  /// file itself when a folder holds it (`journey report -c exports/journey.yaml exports/`).
  /// Throws a usage error when an output (``outputs``, ``rejectsPath``) is one of them, the config,
  /// or another output.
  package func sources() throws(JourneyError) -> [InputSource] {
    var skipped: [String] = []
    let sources = try InputSources.expand(inputs, skipped: &skipped)
    for warning in skippedConfigWarnings(skipped) { warn(TerminalText.escape(warning.line)) }
    if let note = terminalInputWarning(sources) { warn(note.line) }
    var written = outputs.map { OutputCollisions.Output(option: $0 == "-" ? "standard output" : "-o", path: $0) }
    if let rejectsPath { written.append(.init(option: "--rejects", path: rejectsPath)) }
    var read = sources.compactMap { source -> String? in
      guard case .file(let path) = source else { return nil }
      return path
    }
    if let configPath { read.append(configPath) }
    try OutputCollisions.check(written, inputs: read)
    guard let configPath else { return sources }
    let config = URL(fileURLWithPath: configPath).standardizedFileURL.resolvingSymlinksInPath().path
    return sources.filter { source in
      guard case .file(let path) = source, !inputs.contains(path) else { return true }
      return URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path != config
    }
  }

  /// A note per YAML file a folder input left out, but the config itself: read as data it would
  /// only have been rejected line by line.
  func skippedConfigWarnings(_ skipped: [String]) -> [ReportWarning] {
    // A keyed run's inputs were expanded on the driver, which says what it left out (the config itself not).
    if let keyed {
      return (keyed.header.skipped ?? []).map {
        ReportWarning(.configFileSkipped, "not read: a YAML file in an input folder is taken for a config, not data", location: $0)
      }
    }
    let config = configPath.map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path }
    return skipped.filter { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path != config }.map {
      ReportWarning(.configFileSkipped, "not read: a YAML file in an input folder is taken for a config, not data", location: $0)
    }
  }

  /// When standard input is a terminal and one of the inputs: the run would otherwise wait
  /// silently for lines typed (or pasted) until Ctrl-D.
  func terminalInputWarning(_ sources: [InputSource]) -> ReportWarning? {
    guard sources.contains(where: { if case .standardInput = $0 { true } else { false } }),
      standardInputIsTerminal()
    else { return nil }
    return ReportWarning(.standardInputTerminal, "reading standard input; Ctrl-D ends")
  }

  /// ``terminalInputWarning(_:)`` of the inputs, for the report's `warnings[]`.
  package func terminalInputWarning() -> ReportWarning? {
    guard keyed == nil else { return nil }
    guard let sources = try? InputSources.expand(inputs) else { return nil }
    return terminalInputWarning(sources)
  }

  /// ``skippedConfigWarnings(_:)`` of the inputs, for the report's `warnings[]`.
  package func skippedConfigWarnings() -> [ReportWarning] {
    var skipped: [String] = []
    _ = try? InputSources.expand(inputs, skipped: &skipped)
    return skippedConfigWarnings(skipped)
  }

  /// The report's title: ``title``, else what the run reads with what (SPEC §11) — the config as
  /// given or the preset, then the inputs as given (`shop.yaml · exports/`, `preset rees46 ·
  /// 2019-Oct.csv.gz and 3 more`, `… · standard input`).
  /// The report's `summary.inputs`: what the ingest read, or for a keyed run (which read rebuilt
  /// files) the originals as `journey keys` saw them on the driver.
  package func reportedInputs(_ read: [InputSummary]) -> [InputSummary] {
    keyed?.header.inputs.map(\.summary) ?? read
  }

  package func reportTitle(preset: String?) -> String {
    if let title, title.contains(where: { !$0.isWhitespace }) { return title }
    let name = configPath ?? preset.map { "preset \($0)" } ?? "journey"
    let given = inputs.isEmpty ? ["-"] : inputs
    let first = given[0] == "-" ? "standard input" : given[0]
    return "\(name) · \(first)" + (given.count > 1 ? " and \(given.count - 1) more" : "")
  }

  /// Bytes per block of the parallel ingest (4 MiB); `JOURNEY_BLOCK_BYTES` changes it for tests and
  /// benchmarks.
  package static var defaultBlockBytes: Int { blockBytesSetting.value }

  /// The least `--memory` the event store works with (16 MiB): below it every few events would be
  /// a sort and a spill of every partition (1K: 66 s instead of 0.2 s for 200k events), so a
  /// smaller limit is raised to it, with a note. `JOURNEY_MEMORY_FLOOR` (bytes) lowers it for tests
  /// that must spill on a small input.
  package static var memoryFloor: Int { memoryFloorSetting.value }

  private static var blockBytesSetting: (value: Int, problem: String?) {
    byteCount(name: "JOURNEY_BLOCK_BYTES", value: environment("JOURNEY_BLOCK_BYTES"), least: 1, fallback: 4 << 20)
  }

  private static var memoryFloorSetting: (value: Int, problem: String?) {
    byteCount(name: "JOURNEY_MEMORY_FLOOR", value: environment("JOURNEY_MEMORY_FLOOR"), least: 0, fallback: 16 << 20)
  }

  private static func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

  /// What is wrong with the environment's tuning variables (`JOURNEY_INFLATE`, `JOURNEY_BLOCK_BYTES`,
  /// `JOURNEY_MEMORY_FLOOR`), each a sentence saying what is used instead: a value that cannot be
  /// followed is never ignored in silence.
  package static var environmentProblems: [String] {
    [InflaterBackend.environmentProblem, blockBytesSetting.problem, memoryFloorSetting.problem].compactMap { $0 }
  }

  /// A byte-count variable's value (`nil`: unset) read as a whole number ≥ `least`, else `fallback`
  /// with a sentence saying so: the one reading of these variables, for the value and the warning.
  private static func byteCount(name: String, value: String?, least: Int, fallback: Int) -> (value: Int, problem: String?) {
    guard let value else { return (fallback, nil) }
    if let count = Int(value), count >= least { return (count, nil) }
    return (fallback, "\(name)=\(value) is not a whole number of bytes\(least > 0 ? " above 0" : ""); using \(fallback)")
  }

  package static var defaultThreads: Int {
    max(1, ProcessorCount.active)
  }

  /// Most threads per online core ``threads`` allows: more only adds contention (and at 32k
  /// threads, a crash).
  package static let threadsPerCore = 4

  /// The cap on ``threads``: ``threadsPerCore`` per online core.
  package static var maxThreads: Int { threadsPerCore * defaultThreads }
}
