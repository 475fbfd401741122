import JourneyModel
import JourneyReports

/// The terminal report: aligned sections that fit in `options.width` columns (at least
/// ``TerminalWidth/minimum``), a bar per funnel step.
///
/// No line is longer than the width: tables too wide for it are split into blocks of columns one
/// below the other (journey map, transitions, personas, number rows), long values are cut in the
/// middle and apart from the other values of their column (``ReportFormatting/cutApart(_:to:)``),
/// and sentences and summary values wrap. Times are shown without padding (``ReportFormatting/time(_:)``).
///
/// User text (stage names, breakdown values, file names) is made single-line and stripped of control
/// characters, so a value cannot break the layout or inject escape codes. ANSI colour only when
/// `options.color` is set.
struct TableReportRenderer {
  let report: JourneyReport
  let options: RenderOptions
  var width: Int { max(TerminalWidth.minimum, options.width) }
  var lines: [String] = []

  init(report: JourneyReport, options: RenderOptions) {
    self.report = report
    self.options = options
  }

  func render() -> String {
    var renderer = self
    renderer.header()
    renderer.findings()
    renderer.funnel()
    renderer.journeyMap()
    renderer.timeToConvert()
    renderer.lift()
    renderer.personas()
    renderer.entriesAndExits()
    renderer.transitions()
    renderer.paths()
    renderer.breakdowns()
    renderer.summary()
    renderer.rejects()
    return renderer.lines.joined(separator: "\n") + "\n"
  }

  // MARK: Sections

  private mutating func header() {
    let funnel = report.funnel
    lines.append(style(ReportFormatting.truncateMiddle(clean(report.title ?? "Customer journey"), to: width), .bold))
    var kind = "\(clean(funnel.scope)) scope · \(clean(funnel.order)) funnel"
    if let window = funnel.windowSeconds { kind += " · window \(ReportFormatting.duration(window))" }
    lines.append(style(ReportFormatting.truncate(kind, to: width), .dim))
    if let first = report.summary.firstEvent, let last = report.summary.lastEvent {
      lines.append(style(ReportFormatting.truncate("\(time(first)) – \(time(last))", to: width), .dim))
    }
    if report.summary.from != nil || report.summary.to != nil {
      let range = ReportFormatting.range(from: report.summary.from, to: report.summary.to)
      lines.append(style(ReportFormatting.truncate("events read: \(clean(range))", to: width), .dim))
    }
  }

  private mutating func funnel() {
    section("Funnel")
    let steps = report.funnel.steps
    guard !steps.isEmpty else { return lines.append("  (no stages)") }
    let unitsWidth = steps.map { ReportFormatting.integer($0.units).count }.max() ?? 1
    // The stage column gives way to a bar of at least 8 cells.
    let stageWidth = max(4, min(22, steps.map { clean($0.label).count }.max() ?? 5, width - (2 + 2 + unitsWidth + 2 + 6 + 2 + 8)))
    let fixed = 2 + stageWidth + 2 + unitsWidth + 2 + 6 + 2
    let barWidth = max(8, min(56, width - fixed))
    let maxUnits = max(1, steps.map(\.units).max() ?? 1)
    let labels = ReportFormatting.cutApart(steps.map { clean($0.label) }, to: stageWidth)
    for (index, step) in steps.enumerated() {
      let stage = ReportFormatting.pad(labels[index], stageWidth)
      let units = ReportFormatting.pad(ReportFormatting.integer(step.units), unitsWidth, right: true)
      let share = ReportFormatting.pad(ReportFormatting.percent(step.conversionFromStart), 6, right: true)
      let bar = Self.bar(Double(step.units) / Double(maxUnits), width: barWidth)
      lines.append("  \(style(stage, .bold))  \(units)  \(share)  \(style(bar, .bar))")
      guard index + 1 < steps.count else { continue }
      let next = steps[index + 1]
      var detail = "↓ \(ReportFormatting.percent(next.conversionFromPrevious)) continue"
      detail += " · \(ReportFormatting.integer(step.dropped)) dropped"
      if step.inProgress > 0 { detail += " · \(ReportFormatting.integer(step.inProgress)) in progress" }
      detail += " · median \(ReportFormatting.duration(next.medianSecondsFromPrevious))"
      detail += " · p90 \(ReportFormatting.duration(next.p90SecondsFromPrevious))"
      // Wrapped under the numbers rather than cut, so that a narrow table keeps the p90.
      let indent = String(repeating: " ", count: 2 + stageWidth + 2)
      let parts = detail.split(separator: " · ", omittingEmptySubsequences: false).map(String.init)
      for line in ReportFormatting.wrap(parts: parts, width: width - indent.count) { lines.append(style(indent + line, .dim)) }
    }
    if let last = steps.last, last.inProgress > 0 {
      lines.append(style(
        ReportFormatting.truncate("  \(ReportFormatting.integer(last.inProgress)) units still in progress at the last step", to: width), .dim))
    }
  }

  private mutating func entriesAndExits() {
    section("Entries and exits")
    let entries = report.entries.map { ($0.stage, $0.units, $0.share) }
    let exits = report.exits.map { ($0.stage, $0.units, $0.share) }
    let half = (width - 4) / 2
    // Side by side when each half leaves its stage column room for its title ("first stage").
    let unitsWidth = max(5, (entries + exits).map { ReportFormatting.integer($0.1).count }.max() ?? 0)
    guard half - unitsWidth - 2 - 6 - 2 >= 11 else {
      // Too narrow for two tables side by side: one below the other.
      let left = shareLines("first stage", entries, width: width - 2)
      let right = shareLines("last stage", exits, width: width - 2)
      for (row, line) in (left + [""] + right).enumerated() {
        lines.append(row == 0 || row == left.count + 1 ? style("  " + line, .dim) : line.isEmpty ? "" : "  " + line)
      }
      return
    }
    let left = shareLines("first stage", entries, width: half)
    let right = shareLines("last stage", exits, width: half)
    for row in 0..<max(left.count, right.count) {
      let l = row < left.count ? left[row] : ""
      let r = row < right.count ? right[row] : ""
      let line = "  " + ReportFormatting.pad(l, half) + "  " + r
      lines.append(row == 0 ? style(line, .dim) : line)
    }
  }

  private func shareLines(_ title: String, _ rows: [(String, Int, Double)], width: Int) -> [String] {
    let numbers = rows.map { ReportFormatting.integer($0.1) }
    let unitsWidth = max(5, numbers.map(\.count).max() ?? 0)
    let stageWidth = max(4, width - unitsWidth - 2 - 6 - 2)
    let names = ReportFormatting.cutApart(rows.map { clean($0.0) }, to: stageWidth)
    var out = [
      ReportFormatting.pad(title, stageWidth) + "  " + ReportFormatting.pad("units", unitsWidth, right: true) + "  "
        + ReportFormatting.pad("share", 6, right: true)
    ]
    for (index, (row, number)) in zip(rows, numbers).enumerated() {
      out.append(
        ReportFormatting.pad(names[index], stageWidth) + "  "
          + ReportFormatting.pad(number, unitsWidth, right: true) + "  "
          + ReportFormatting.pad(ReportFormatting.percent(row.2), 6, right: true))
    }
    if rows.isEmpty { out.append("(none)") }
    return out
  }

  private mutating func transitions() {
    section("Transitions", note: "rows: from, columns: to; count and share of the row")
    let matrix = TransitionMatrix(report.transitions, funnelStages: report.stageNames)
    guard !report.transitions.isEmpty else { return lines.append("  (no transitions)") }
    let cells = matrix.rows.map { from in
      matrix.columns.map { to -> String in
        guard let t = matrix[from, to], t.count > 0 else { return "·" }
        return "\(ReportFormatting.integer(t.count)) \(ReportFormatting.percent(t.probability))"
      }
    }
    let content = max(6, cells.joined().map(\.count).max() ?? 6)
    let rowLabelWidth = min(16, max(4, width - 2 - 2 - content), matrix.rows.map { clean($0).count }.max() ?? 7)
    // Wider than the numbers when one block holds every column and the stage names want the room.
    let longest = matrix.columns.map { clean($0).count }.max() ?? 0
    let cellWidth = max(content, min(longest, (width - 2 - rowLabelWidth) / matrix.columns.count - 2))
    // As many columns per block as fit the width; blocks one below the other, each with every row.
    let perBlock = max(1, (width - 2 - rowLabelWidth) / (2 + cellWidth))
    // Stages are cut together (numbered by their place when they must be); (start) and (exit) as they are.
    let rowLabels = [TransitionMatrix.start] + ReportFormatting.cutApart(matrix.stages.map(clean), to: rowLabelWidth)
    let columnLabels = ReportFormatting.cutApart(matrix.stages.map(clean), to: cellWidth) + [TransitionMatrix.exit]
    for start in stride(from: 0, to: matrix.columns.count, by: perBlock) {
      let block = start..<min(start + perBlock, matrix.columns.count)
      if start > 0 { lines.append("") }
      var head = "  " + String(repeating: " ", count: rowLabelWidth)
      for column in block { head += "  " + ReportFormatting.pad(columnLabels[column], cellWidth, right: true) }
      lines.append(style(head, .dim))
      for (rowIndex, row) in cells.enumerated() {
        var line = "  " + style(ReportFormatting.pad(rowLabels[rowIndex], rowLabelWidth), .bold)
        for column in block { line += "  " + ReportFormatting.pad(row[column], cellWidth, right: true) }
        lines.append(line)
      }
    }
  }

  private mutating func paths() {
    section("Top paths")
    guard !report.paths.isEmpty else { return lines.append("  (no paths)") }
    let rankWidth = String(report.paths.count).count
    let unitsWidth = max(5, report.paths.map { ReportFormatting.integer($0.units).count }.max() ?? 0)
    let prefix = 2 + rankWidth + 2 + unitsWidth + 2 + 6 + 2
    lines.append(style(
      "  " + String(repeating: " ", count: rankWidth) + "  " + ReportFormatting.pad("units", unitsWidth, right: true)
        + "  " + ReportFormatting.pad("share", 6, right: true) + "  path", .dim))
    let texts = ReportFormatting.cutApart(report.paths.map { ReportFormatting.path($0.path.map(clean)) }, to: width - prefix)
    for (index, path) in report.paths.enumerated() {
      let text = texts[index]
      lines.append(
        "  " + ReportFormatting.pad(String(index + 1), rankWidth, right: true) + "  "
          + ReportFormatting.pad(ReportFormatting.integer(path.units), unitsWidth, right: true) + "  "
          + ReportFormatting.pad(ReportFormatting.percent(path.share), 6, right: true) + "  " + text)
    }
  }

  private mutating func breakdowns() {
    let stages = report.funnel.steps.map(\.label)
    for breakdown in report.breakdowns {
      section("Breakdown by \(clean(breakdown.field))", note: "units reaching each step, by first-touch value")
      let numberWidth = max(5, breakdown.values.flatMap { value in [value.units] + value.funnel.map(\.units) }
        .map { ReportFormatting.integer($0).count }.max() ?? 0)
      var valueWidth = min(18, max(5, breakdown.values.map { clean($0.value).count }.max() ?? 5))
      let fixed = 2 + valueWidth + 2 + numberWidth + 2 + 10
      let available = width - fixed
      // As wide as the stage names want, up to 13, in what the width leaves; the numbers at least.
      let stageWidth = max(numberWidth, min(13, stages.map(\.count).max() ?? 0, available / max(1, stages.count) - 2))
      let showStages = !stages.isEmpty && stages.count * (stageWidth + 2) <= available
      // Without stage columns the values take the room they leave.
      let longest = breakdown.values.map { clean($0.value).count }.max() ?? 5
      if !showStages { valueWidth = max(valueWidth, min(longest, 60, width - (fixed - valueWidth))) }
      var head = "  " + ReportFormatting.pad("value", valueWidth) + "  " + ReportFormatting.pad("units", numberWidth, right: true)
      if showStages {
        for stage in ReportFormatting.cutApart(stages.map(clean), to: stageWidth) {
          head += "  " + ReportFormatting.pad(stage, stageWidth, right: true)
        }
      }
      head += "  " + ReportFormatting.pad("conversion", 10, right: true)
      lines.append(style(head, .dim))
      let values = ReportFormatting.cutApart(breakdown.values.map { clean($0.value) }, to: valueWidth)
      for (index, value) in breakdown.values.enumerated() {
        var line = "  " + ReportFormatting.pad(values[index], valueWidth)
          + "  " + ReportFormatting.pad(ReportFormatting.integer(value.units), numberWidth, right: true)
        if showStages {
          for stage in stages {
            let units = value.funnel.first { $0.label == stage }?.units
            line += "  " + ReportFormatting.pad(units.map(ReportFormatting.integer) ?? "–", stageWidth, right: true)
          }
        }
        let conversion = value.funnel.last.map { ReportFormatting.percent($0.conversionFromStart) } ?? "–"
        line += "  " + ReportFormatting.pad(conversion, 10, right: true)
        lines.append(line)
      }
      breakdownReach(breakdown)
    }
  }

  private mutating func summary() {
    section("Summary")
    let s = report.summary
    let int = ReportFormatting.integer
    var rows: [(String, String)] = [
      ("events", "\(int(s.events)) accepted · \(int(s.rejected)) rejected · \(int(s.excluded)) excluded · \(int(s.duplicates)) duplicates"
        + (s.outOfRange.map { $0 > 0 ? " · \(int($0)) outside --from/--to" : "" } ?? "")),
      ("users", int(s.users)),
      ("sessions", int(s.sessions)),
      ("units", "\(int(s.units)) (\(clean(report.funnel.scope))s) · \(int(s.unitsWithoutStage)) without a stage"),
      ("unclassified", "\(int(s.unclassifiedEvents)) events matched no rule"),
      ("time range", "\(s.firstEvent.map(time) ?? "–") – \(s.lastEvent.map(time) ?? "–")"),
    ]
    // A file name keeps its start and its end when cut, apart from the others; what follows it wraps.
    let details = s.inputs.map { input in
      var text = " · \(clean(input.compression)) · \(clean(input.format)) · \(int(input.records)) records · \(ReportFormatting.bytes(input.bytes))"
      if let error = input.error { text += " · \(clean(error))" }
      return text
    }
    let names = ReportFormatting.cutApart(s.inputs.map { clean($0.path) }, to: width - 16)
    for (name, detail) in zip(names, details) { rows.append(("input", name + detail)) }
    rows.append(("ties", clean(s.tieRule)))
    // A value longer than the width goes on under itself.
    for (key, value) in rows {
      let parts = value.split(separator: " · ", omittingEmptySubsequences: false).map(String.init)
      for (index, line) in ReportFormatting.wrap(parts: parts, width: width - 16).enumerated() {
        lines.append("  " + style(ReportFormatting.pad(index == 0 ? key : "", 13), .dim) + " " + line)
      }
    }
  }

  private mutating func rejects() {
    let rejects = report.rejects
    guard rejects.count > 0 || !rejects.byReason.isEmpty else { return }
    section("Rejected records", note: "\(ReportFormatting.integer(rejects.count)) in all")
    let reasons = rejects.byReason.sorted { $0.key < $1.key }
    let numberWidth = reasons.map { ReportFormatting.integer($0.value).count }.max() ?? 1
    for (reason, count) in reasons {
      for (index, line) in ReportFormatting.wrap(clean(reason), width: width - numberWidth - 4).enumerated() {
        let number = index == 0 ? ReportFormatting.integer(count) : ""
        lines.append("  " + ReportFormatting.pad(number, numberWidth, right: true) + "  " + line)
      }
    }
    if !rejects.samples.isEmpty {
      lines.append(style("  first samples:", .dim))
      let files = ReportFormatting.cutApart(rejects.samples.map { clean($0.file) }, to: max(12, (width - 4) / 2))
      for (file, sample) in zip(files, rejects.samples) {
        lines.append(ReportFormatting.truncate("    \(file):\(sample.line): \(clean(sample.reason))", to: width))
      }
    }
  }

  // MARK: Helpers

  mutating func section(_ title: String, note: String? = nil) {
    lines.append("")
    var text = style(ReportFormatting.truncate(title, to: width), .heading)
    if let note, title.count + note.count + 4 <= width { text += style("  (\(note))", .dim) }
    lines.append(text)
  }

  /// A horizontal bar of `fraction` × `width` cells, with eighth blocks for the remainder.
  static func bar(_ fraction: Double, width: Int) -> String {
    let eighths = Int((max(0, min(1, fraction)) * Double(width) * 8).rounded())
    let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    var bar = String(repeating: "█", count: eighths / 8) + partials[eighths % 8]
    if bar.isEmpty, fraction > 0 { bar = "▏" }
    return bar
  }

  func clean(_ text: String) -> String { ReportFormatting.singleLine(text) }

  /// A time of the report for people (``ReportFormatting/time(_:)``), single-line.
  func time(_ text: String) -> String { clean(ReportFormatting.time(text)) }

  enum Style { case bold, dim, heading, bar }

  func style(_ text: String, _ style: Style) -> String {
    guard options.color, !text.isEmpty else { return text }
    let code =
      switch style {
      case .bold: "1"
      case .dim: "2"
      case .heading: "1;4"
      case .bar: "36"
      }
    return "\u{1B}[\(code)m\(text)\u{1B}[0m"
  }
}
