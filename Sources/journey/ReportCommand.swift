import ArgumentParser
import Foundation
import JourneyConfig
import JourneyGates
import JourneyIngest
import JourneyModel
import JourneyPipeline
import JourneyReports
import JourneyRender

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Funnel, drop-off, transitions, top paths and breakdowns.",
    discussion: """
      Examples:
        journey report -c shop.yaml exports/2026-11-21/
        journey report --preset rees46 2019-Oct.csv.gz -o funnel.html
        zcat day-*.gz | journey report -c shop.yaml -o funnel.html -o funnel.json -
        journey report -c shop.yaml --scope user --from 2026-11-01 exports/ -f json
        journey report -c shop.yaml day/ --fail-if 'conversion(purchase) < 2%'

      The output format follows each -o file's extension (.txt .json .csv .md .html) unless \
      -f says otherwise (one -f per -o, in order). Without -o the report goes to standard \
      output: a table on a terminal, JSON when piped.

      The table fits the terminal's width: COLUMNS when set, else the terminal's size, else \
      100 columns (40 at least); a table written to a file takes COLUMNS or 100. Long values \
      are cut in the middle (/products/…/shoes), so values that differ stay apart.

      --fail-if EXPR (repeatable) turns the run into a check: after every output is written, \
      each gate that holds prints `gate failed: EXPR (QUANTITY = VALUE)` on stderr and the exit \
      status is 4 (3 when too many records were rejected). A gate reading an undefined quantity \
      (no unit reached the stage) fails too.
      """)

  @OptionGroup var input: InputOptions
  @OptionGroup var range: TimeRangeOptions
  @OptionGroup var work: WorkOptions
  @OptionGroup var sessions: SessionOptions
  @OptionGroup var rejectFile: RejectFileOption
  @OptionGroup var rejectLimits: RejectLimitOptions

  @Option(
    name: [.short, .long],
    help: "Output format: table, json, csv, markdown, html, or partial / partial-base64 for `journey merge` (repeatable, paired with -o).")
  var format: [ReportFormat] = []

  @Option(name: [.short, .long], help: "Write the report to this file, atomically (repeatable).", completion: .file())
  var output: [String] = []

  @Option(help: "Funnel unit: session or user (overrides funnel.scope).", completion: .list(["session", "user"]))
  var scope: String?

  @Option(help: "Funnel order: ordered, strict or any (overrides funnel.order).", completion: .list(["ordered", "strict", "any"]))
  var order: String?

  @Option(help: "What the report is called, in every format (default: the config or preset and the inputs).")
  var title: String?

  @Option(parsing: .unconditional, help: "Only the users whose key hashes to K of N (Spark's pmod(xxhash64(user), N)), e.g. 0/4.")
  var partition: String?

  @Flag(
    help: "Read a keyed stream on standard input (`#journey-keyed/1` header, then `journey keys` lines sorted by input and line): the Spark job's partitions.")
  var keyed = false

  @Flag(name: .customLong("run-info"), help: "Add a `run` section (version, threads, elapsed time) to the report; makes output non-deterministic.")
  var runInfo = false

  @OptionGroup var gateOptions: GateOptions

  func run() throws {
    // First: a bad expression fails before any config or input is read.
    let gates = try gateOptions.gates(for: .report)
    let plan = try OutputPlan(choices: format.map(\.choice), outputs: output)
    var settings = try input.runSettings()
    settings.writesPartial = plan.writesPartial
    try range.apply(to: &settings)
    try work.apply(to: &settings, quiet: input.quiet)
    try sessions.apply(to: &settings)
    rejectFile.apply(to: &settings)
    try rejectLimits.apply(to: &settings)
    if !gates.isEmpty {
      settings.checkConfig = { config throws(JourneyError) in
        for gate in gates { try gate.check(stages: config.stages, stepsAreStages: config.funnel.order != .any) }
      }
    }
    settings.outputs = plan.targets.map { $0.path ?? "-" }
    settings.title = title
    if let partition {
      guard let claim = UserPartition(partition) else {
        throw JourneyError(kind: .usage, message: "--partition must be K/N with 0 ≤ K < N, such as 0/4 (got \(partition))")
      }
      settings.partition = claim
    }
    var keyedInputs: KeyedInputs?
    defer { keyedInputs?.remove() }
    if keyed {
      keyedInputs = try Self.readKeyed(into: &settings, commandLineConfig: input.config)
    }
    settings.scope = try scope.map(Self.scope)
    settings.order = try order.map(Self.order)
    let progress = Progress(mode: input.progress, quiet: input.quiet, inputs: input.inputs)
    if let progress {
      settings.progress = { @Sendable bytes in progress.advance(bytes) }
      settings.eventProgress = { @Sendable total in progress.events(total) }
    }
    let started = Date()
    let outcome = try ReportPipeline.run(settings)
    progress?.finish(events: outcome.report.summary.events)
    var report = outcome.report
    if runInfo {
      report.run = .init(
        version: JourneyVersion.number, inflater: JourneyVersion.inflater, threads: settings.threads,
        elapsedSeconds: Date().timeIntervalSince(started))
    }
    // The HTML page shows the effective config in full (the report's `config`) and, beside it, the
    // user's own file; a preset's starter config is not shown, as the user never ran it.
    try plan.write(
      report, partial: outcome.partial, configText: outcome.config.text, configName: outcome.config.source)
    // Only now, with every output in place: a failed gate never leaves an output missing.
    let gatesFailed = GateOptions.report(gates, on: report)

    let seen = report.summary.events + report.summary.rejected
    if seen > 0, Double(report.summary.rejected) / Double(seen) > settings.maxBadRatio {
      throw JourneyError(
        kind: .tooManyRejects,
        message: "\(report.summary.rejected) of \(seen) records rejected (more than --max-bad-ratio \(settings.maxBadRatio))")
    }
    if gatesFailed { throw GateOptions.failedStatus }
  }

  /// `--keyed`: rebuilds the stream's inputs as files and points `settings` at them, with the
  /// stream's partition claim and config (or the command line's), under the driver's names.
  static func readKeyed(into settings: inout RunSettings, commandLineConfig: String?) throws(JourneyError) -> KeyedInputs {
    guard settings.inputs.isEmpty else {
      throw JourneyError(kind: .usage, message: "--keyed reads the keyed stream on standard input; give no INPUT (got \(settings.inputs[0]))")
    }
    let keyed = try KeyedInputs.readStandardInput(temporaryDirectory: settings.temporaryDirectory, maxRecordLength: settings.maxRecordLength)
    do throws(JourneyError) {
      let header = keyed.header
      if let text = header.partition {
        guard let claim = UserPartition(text) else {
          throw JourneyError(kind: .input, location: "standard input:1", message: "partition must be K/N with 0 ≤ K < N (got \(text))")
        }
        if let given = settings.partition, given != claim {
          throw JourneyError(kind: .usage, message: "--partition \(given.description) conflicts with the keyed stream's partition \(text)")
        }
        settings.partition = claim
      }
      if let config = header.config {
        if let given = commandLineConfig {
          throw JourneyError(kind: .usage, message: "-c \(given) conflicts with the keyed stream's config \(config.path)")
        }
        settings.configPath = config.path
        settings.configText = config.text
      } else if settings.configPath == nil && settings.preset == nil {
        throw JourneyError(kind: .usage, message: "the keyed stream carries no config: pass -c CONFIG or --preset NAME")
      }
      settings.inputs = header.arguments ?? header.inputs.map(\.path)
      settings.keyed = keyed
      return keyed
    } catch {
      keyed.remove()
      throw error
    }
  }

  /// `--scope`: parsed here rather than by ArgumentParser, whose message would name the option's
  /// type, not the choices.
  static func scope(_ text: String) throws(JourneyError) -> FunnelScope {
    guard let scope = FunnelScope(rawValue: text) else {
      throw JourneyError(kind: .usage, message: "--scope must be session or user (got \(text))")
    }
    return scope
  }

  /// `--order`, as ``scope(_:)``.
  static func order(_ text: String) throws(JourneyError) -> FunnelOrder {
    guard let order = FunnelOrder(rawValue: text) else {
      throw JourneyError(kind: .usage, message: "--order must be ordered, strict or any (got \(text))")
    }
    return order
  }
}

extension OutputFormat: ExpressibleByArgument {}

/// `journey report -f`: a rendered format, or a partial report (SPEC §12) for `journey merge`.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json, csv, markdown, html, partial
  case partialBase64 = "partial-base64"

  var choice: OutputPlan.Choice {
    switch self {
    case .partial: .partial(base64: false)
    case .partialBase64: .partial(base64: true)
    default: .rendered(OutputFormat(rawValue: rawValue)!)
    }
  }
}

/// Which formats go to which files (or standard output).
struct OutputPlan {
  /// What one output is: a rendered report, or the run's partial report (gzip, or one base64 line).
  enum Choice: Equatable {
    case rendered(OutputFormat)
    case partial(base64: Bool)
  }

  var targets: [(choice: Choice, path: String?)]

  /// The rendered outputs (for `compare`, which has no partials).
  var renderedTargets: [(format: OutputFormat, path: String?)] {
    targets.compactMap { target in
      guard case .rendered(let format) = target.choice else { return nil }
      return (format, target.path)
    }
  }

  var writesPartial: Bool { targets.contains { if case .partial = $0.choice { true } else { false } } }

  init(formats: [OutputFormat], outputs: [String]) throws(JourneyError) {
    try self.init(choices: formats.map { .rendered($0) }, outputs: outputs)
  }

  init(choices: [Choice], outputs: [String]) throws(JourneyError) {
    if outputs.isEmpty {
      guard choices.count <= 1 else {
        throw JourneyError(kind: .usage, message: "several -f formats need one -o FILE each")
      }
      let fallback: OutputFormat = isatty(STDOUT_FILENO) != 0 ? .table : .json
      targets = [(choices.first ?? .rendered(fallback), nil)]
    } else {
      guard choices.count <= outputs.count else {
        throw JourneyError(kind: .usage, message: "more -f formats (\(choices.count)) than -o files (\(outputs.count))")
      }
      targets = []
      for (index, path) in outputs.enumerated() {
        if path == "-" {
          targets.append((index < choices.count ? choices[index] : .rendered(.json), nil))
          continue
        }
        if index < choices.count {
          targets.append((choices[index], path))
        } else {
          let ext = URL(fileURLWithPath: path).pathExtension
          if ext.lowercased() == "jpart" {
            targets.append((.partial(base64: false), path))
            continue
          }
          guard let format = OutputFormat(fileExtension: ext) else {
            throw JourneyError(
              kind: .usage, location: path,
              message: "cannot tell the format from the extension '.\(ext)'; add -f table|json|csv|markdown|html|partial")
          }
          targets.append((.rendered(format), path))
        }
      }
    }
    if targets.contains(where: { $0.choice == .partial(base64: false) && $0.path == nil }), isatty(STDOUT_FILENO) != 0 {
      throw JourneyError(
        kind: .usage, message: "a partial report is gzip data, not for a terminal: write it with -o FILE.jpart, or use -f partial-base64")
    }
  }

  /// Renders and writes every output, all or none: each file is opened (its temporary file made)
  /// before any is written, and put in place only once every one is written; a failure discards
  /// them all, so a half set of reports never looks like a finished run.
  func write(_ report: JourneyReport, partial: PartialReport? = nil, configText: String?, configName: String?) throws {
    var files: [OutputFile] = []
    do {
      for target in targets { files.append(try OutputFile(path: target.path)) }
      for (target, file) in zip(targets, files) {
        switch target.choice {
        case .partial(let base64):
          guard let partial else { throw JourneyError(kind: .usage, message: "this command writes no partial report") }
          if base64 { try file.write(try partial.base64Line()) } else { try file.write(try partial.encoded()) }
        case .rendered(let format):
          let color = target.path == nil && format == .table && Terminal.wantsColor
          let width = target.path == nil ? TerminalWidth.current() : TerminalWidth.forFile()
          var options = RenderOptions(color: color, width: width, configText: configText, configName: configName)
          if let title = report.title { options.title = title }
          try file.write(try ReportRenderer.render(report, as: format, options: options))
        }
      }
      for file in files { try file.commit() }
    } catch {
      for file in files { file.discard() }
      throw error
    }
  }
}

enum Terminal {
  /// Colour only on a terminal and never when NO_COLOR is set (https://no-color.org).
  static var wantsColor: Bool {
    let env = ProcessInfo.processInfo.environment
    if let value = env["NO_COLOR"], !value.isEmpty { return false }
    if env["TERM"] == "dumb" { return false }
    return isatty(STDOUT_FILENO) != 0
  }
}
