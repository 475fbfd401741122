import ArgumentParser
import Foundation
import JourneyConfig
import JourneyGates
import JourneyModel
import JourneyPipeline
import JourneyReports
import JourneyRender

/// `journey merge PART…` (SPEC §12): partial reports into one report, in any format.
struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Merge partial reports (report -f partial) into one report.",
    discussion: """
      Examples:
        for k in 0 1 2 3; do journey report -c shop.yaml --partition $k/4 -f partial -o part-$k.jpart exports/ & done; wait
        journey merge part-*.jpart -o funnel.html -o funnel.json

      The partials of the N partitions of one run's inputs (report --partition K/N) merge into \
      the report one run over all of them gives: the same JSON, byte for byte. Merge refuses, \
      with exit status 1, partials of another journey version, of different configs, time \
      ranges or inputs, claims that overlap (a partition twice, or a partial of every user \
      beside another), and partitions that no partial claims (--allow-missing merges without \
      them and says so in the report). Partials may be .jpart files (gzip) or the base64 text \
      of one (-f partial-base64); - reads one from standard input.

      The output format follows each -o file's extension unless -f says otherwise, as for \
      report; --fail-if and --max-bad-ratio act as they do on report.
      """)

  @Argument(help: "Partial reports (.jpart, or base64 text of one; - for standard input).", completion: .file(extensions: ["jpart"]))
  var partials: [String] = []

  @Option(name: [.short, .long], help: "Output format: table, json, csv, markdown, html (repeatable, paired with -o).")
  var format: [OutputFormat] = []

  @Option(name: [.short, .long], help: "Write the report to this file, atomically (repeatable).", completion: .file())
  var output: [String] = []

  @Flag(help: "Merge even when some partitions have no partial; the report names the missing ones.")
  var allowMissing = false

  @Option(name: .customLong("max-bad-ratio"), parsing: .unconditional, help: "Exit 3 when more than this share of records is rejected.")
  var maxBadRatio: Double = 0.01

  @Flag(name: [.short, .long], help: "No warnings on stderr.")
  var quiet = false

  @OptionGroup var gateOptions: GateOptions

  func run() throws {
    let gates = try gateOptions.gates(for: .report)
    let plan = try OutputPlan(formats: format, outputs: output)
    guard (0...1).contains(maxBadRatio) else {
      throw JourneyError(kind: .usage, message: "--max-bad-ratio must be between 0 and 1 (got \(maxBadRatio))")
    }
    guard partials.filter({ $0 == "-" }).count <= 1 else {
      throw JourneyError(kind: .usage, message: "standard input (-) can hold one partial only")
    }
    let written = plan.targets.map { target in
      OutputCollisions.Output(option: target.path == nil ? "standard output" : "-o", path: target.path ?? "-")
    }
    try OutputCollisions.check(written, inputs: partials.filter { $0 != "-" })
    let quiet = self.quiet
    let outcome = try MergePipeline.run(
      paths: partials, allowMissing: allowMissing, warn: { message in if !quiet { Diagnostics.warning(message) } })
    let report = outcome.report
    for gate in gates {
      try gate.check(stages: outcome.config.stages, stepsAreStages: outcome.config.funnel.order != .any)
    }
    try plan.write(report, configText: outcome.config.text, configName: outcome.config.source)
    let gatesFailed = GateOptions.report(gates, on: report)
    let seen = report.summary.events + report.summary.rejected
    if seen > 0, Double(report.summary.rejected) / Double(seen) > maxBadRatio {
      throw JourneyError(
        kind: .tooManyRejects,
        message: "\(report.summary.rejected) of \(seen) records rejected (more than --max-bad-ratio \(maxBadRatio))")
    }
    if gatesFailed { throw GateOptions.failedStatus }
  }
}
