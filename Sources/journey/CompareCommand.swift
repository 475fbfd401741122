import ArgumentParser
import JourneyCompare
import JourneyGates
import JourneyModel
import JourneyRender

struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Two reports of one journey side by side: changes per step and stage, with p-values.",
    discussion: """
      BASE and CURRENT are JSON reports (`journey report -f json`) of the same journey, e.g. last \
      week and this week (made with --from/--to) or two sites. Per funnel step: units, conversion \
      from start and from the previous step (base, current, change in percentage points and \
      relative, two-proportion z-test p-value), the change of the median time from the previous \
      step; reach per stage; the exit touchpoints that grew most; units, events and rejected \
      records; when both reports have personas, the same per persona (matched by name; one \
      that only one report has is listed as such). Reports with different stages, funnel \
      scope, order, window, touchpoint field, session settings or a persona of one name with \
      different conditions are refused, naming the difference (exit 1); a file that cannot be read or is not a \
      journey-report/3 (or /2) JSON is an input error (exit 2). With --fail-if, after every output is \
      written, exit 4 when a gate holds: delta(QUANTITY) is current − base (points for a \
      conversion), p the p-value of the gate's delta(conversion(…)).

      Examples:
        journey report -c shop.yaml --to 2026-11-30 exports/ -o week-47.json
        journey report -c shop.yaml --from 2026-11-30 exports/ -o week-48.json
        journey compare week-47.json week-48.json
        journey compare week-47.json week-48.json -o compare.html -o compare.json
        journey compare week-47.json week-48.json -o compare.html \\
          --fail-if 'delta(conversion(purchase)) < -1pp and p < 0.05'
        journey report -c shop.yaml today/ -f json | journey compare yesterday.json -

      The output format follows each -o file's extension (.txt .json .csv .md .html) unless \
      -f says otherwise (one -f per -o, in order). Without -o the comparison goes to standard \
      output: a table on a terminal, JSON when piped. The table fits COLUMNS, else the \
      terminal's width, else 100 columns, as for journey report.
      """)

  @Argument(help: "The report to compare against (e.g. last week's), or - for standard input.", completion: .file(extensions: ["json"]))
  var base: String

  @Argument(help: "The report to compare with it (e.g. this week's), or - for standard input.", completion: .file(extensions: ["json"]))
  var current: String

  @Option(name: [.short, .long], help: "Output format: table, json, csv, markdown, html (repeatable, paired with -o).")
  var format: [OutputFormat] = []

  @Option(name: [.short, .long], help: "Write the comparison to this file, atomically (repeatable).", completion: .file())
  var output: [String] = []

  @OptionGroup var gateOptions: GateOptions

  func run() throws {
    // First: a bad expression fails before any report is read.
    let gates = try gateOptions.gates(for: .compare)
    let plan = try OutputPlan(formats: format, outputs: output)
    guard !plan.writesPartial else {
      throw JourneyError(kind: .usage, message: "compare writes no partial report (.jpart); name the output .json, .html, …")
    }
    guard base != "-" || current != "-" else {
      throw JourneyError(kind: .usage, message: "BASE and CURRENT cannot both be - (standard input)")
    }
    let written = plan.renderedTargets.map { target in
      OutputCollisions.Output(option: target.path == nil ? "standard output" : "-o", path: target.path ?? "-")
    }
    try OutputCollisions.check(written, inputs: [base, current].filter { $0 != "-" })
    let (baseReport, currentReport) = (try ReportFile.load(base), try ReportFile.load(current))
    let comparison = try ReportComparer.compare(
      base: baseReport, current: currentReport, baseFile: ReportFile.displayName(base),
      currentFile: ReportFile.displayName(current))
    // The reports agree on stages and order (or the comparer refused them): check against either.
    let stepsAreStages = comparison.funnel.order != "any"
    for gate in gates { try gate.check(stages: comparison.funnel.stages, stepsAreStages: stepsAreStages) }
    try plan.write(comparison)
    // Only now, with every output in place: a failed gate never leaves an output missing.
    let quantities = ComparisonQuantities(base: baseReport, current: currentReport, comparison: comparison)
    if GateOptions.report(gates, on: quantities) { throw GateOptions.failedStatus }
  }
}

extension OutputPlan {
  /// Writes the comparison to every target, each atomically (``OutputFile``).
  func write(_ comparison: ReportComparison) throws {
    for target in renderedTargets {
      let color = target.path == nil && target.format == .table && Terminal.wantsColor
      let width = target.path == nil ? TerminalWidth.current() : TerminalWidth.forFile()
      let options = RenderOptions(color: color, width: width, title: "Journey comparison")
      let text = try ComparisonRenderer.render(comparison, as: target.format, options: options)
      try OutputFile.write(text, to: target.path)
    }
  }
}
