import JourneyModel
import JourneyReports

/// The report as GitHub-flavoured markdown: the table output's sections as pipe tables.
///
/// Cell text escapes `|`, `\`, `&`, `<` and `>`, so user values (`<script>`) show as text on GitHub.
struct MarkdownReportRenderer {
  let report: JourneyReport
  var out: [String] = []

  init(report: JourneyReport) { self.report = report }

  func render() -> String {
    var renderer = self
    renderer.build()
    return renderer.out.joined(separator: "\n") + "\n"
  }

  private mutating func build() {
    let int = ReportFormatting.integer
    let pct = ReportFormatting.percent
    let funnel = report.funnel
    out.append("# " + Self.escape(report.title ?? "Customer journey report"))
    out.append("")
    var subtitle = "\(Self.escape(funnel.scope)) scope · \(Self.escape(funnel.order)) funnel"
    if let window = funnel.windowSeconds { subtitle += " · window \(ReportFormatting.duration(window))" }
    if let first = report.summary.firstEvent, let last = report.summary.lastEvent {
      subtitle += " · \(Self.escape(ReportFormatting.time(first))) – \(Self.escape(ReportFormatting.time(last)))"
    }
    if report.summary.from != nil || report.summary.to != nil {
      subtitle += " · events read: \(Self.escape(ReportFormatting.range(from: report.summary.from, to: report.summary.to)))"
    }
    out.append(subtitle)
    findings()

    heading("Funnel")
    table(
      ["step", "units", "from start", "from previous", "dropped", "in progress", "median from previous", "p90 from previous"],
      align: "lrrrrrrr",
      funnel.steps.map { step in
        [
          step.label, int(step.units), pct(step.conversionFromStart), pct(step.conversionFromPrevious), int(step.dropped),
          int(step.inProgress), ReportFormatting.duration(step.medianSecondsFromPrevious),
          ReportFormatting.duration(step.p90SecondsFromPrevious),
        ]
      })

    journeyMap()
    timeToConvert()
    lift()
    personas()

    heading("Entries")
    table(["first stage", "units", "share"], align: "lrr", report.entries.map { [$0.stage, int($0.units), pct($0.share)] })
    heading("Exits")
    table(["last stage", "units", "share"], align: "lrr", report.exits.map { [$0.stage, int($0.units), pct($0.share)] })

    heading("Transitions")
    out.append("Rows: from; columns: to; each cell: count (share of the row).")
    out.append("")
    let matrix = TransitionMatrix(report.transitions, funnelStages: report.stageNames)
    table(
      ["from \\ to"] + matrix.columns, align: "l" + String(repeating: "r", count: matrix.columns.count),
      matrix.rows.map { from in
        [from] + matrix.columns.map { to in
          guard let t = matrix[from, to], t.count > 0 else { return "·" }
          return "\(int(t.count)) (\(pct(t.probability)))"
        }
      })

    heading("Top paths")
    table(
      ["#", "path", "units", "share"], align: "rlrr",
      report.paths.enumerated().map { [String($0.offset + 1), ReportFormatting.path($0.element.path), int($0.element.units), pct($0.element.share)] })

    let stages = funnel.steps.map(\.label)
    for breakdown in report.breakdowns {
      heading("Breakdown by \(breakdown.field)")
      table(
        ["value", "units"] + stages + ["conversion"], align: "lr" + String(repeating: "r", count: stages.count + 1),
        breakdown.values.map { value in
          [value.value, int(value.units)]
            + stages.map { stage in value.funnel.first { $0.label == stage }.map { int($0.units) } ?? "–" }
            + [value.funnel.last.map { pct($0.conversionFromStart) } ?? "–"]
        })
      breakdownReach(breakdown)
    }

    let s = report.summary
    heading("Summary")
    let rows: [[String]] = [
      ["events", int(s.events)], ["rejected", int(s.rejected)], ["excluded", int(s.excluded)], ["outside --from/--to", int(s.outOfRange ?? 0)],
      ["duplicates", int(s.duplicates)], ["users", int(s.users)], ["sessions", int(s.sessions)],
      ["units", int(s.units)], ["units without a stage", int(s.unitsWithoutStage)],
      ["unclassified events", int(s.unclassifiedEvents)], ["first event", s.firstEvent.map(ReportFormatting.time) ?? "–"],
      ["last event", s.lastEvent.map(ReportFormatting.time) ?? "–"], ["ties", s.tieRule],
    ]
    table(["", "value"], align: "lr", rows)

    heading("Inputs")
    table(
      ["input", "compression", "format", "records", "bytes", "problem"], align: "lllrrl",
      s.inputs.map { [$0.path, $0.compression, $0.format, int($0.records), int($0.bytes), $0.error ?? ""] })

    heading("Rejected records")
    table(["reason", "records"], align: "lr", report.rejects.byReason.sorted { $0.key < $1.key }.map { [$0.key, int($0.value)] })
    if !report.rejects.samples.isEmpty {
      out.append("")
      table(["file", "line", "reason"], align: "lrl", report.rejects.samples.map { [$0.file, String($0.line), $0.reason] })
    }
  }

  mutating func heading(_ text: String) {
    out.append("")
    out.append("## \(Self.escape(text))")
    out.append("")
  }

  mutating func table(_ header: [String], align: String, _ rows: [[String]]) {
    guard !rows.isEmpty else { return out.append("_none_") }
    out.append("| " + header.map(Self.escape).joined(separator: " | ") + " |")
    out.append("|" + align.map { $0 == "r" ? " ---: |" : " --- |" }.joined())
    for row in rows { out.append("| " + row.map(Self.escape).joined(separator: " | ") + " |") }
  }

  /// Cell text that cannot end the cell or turn into HTML.
  static func escape(_ text: String) -> String {
    var out = ""
    for character in ReportFormatting.singleLine(text) {
      switch character {
      case "|": out += "\\|"
      case "\\": out += "\\\\"
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      default: out.append(character)
      }
    }
    return out
  }
}
