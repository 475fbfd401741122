import Foundation
import JourneyModel
import JourneyReports

/// The report as one self-contained HTML page: inline CSS and SVG, no scripts, no network.
///
/// The page embeds the report's JSON in `<script type="application/json" id="report-data">` (data,
/// never run), and funnel steps carry `data-` attributes with the exact numbers, so tests and
/// scripts can read them back from the DOM. All user text is escaped. Colours: the Okabe–Ito
/// palette, which stays distinguishable with the common colour-vision deficiencies, then five of Paul
/// Tol's (12 in all, none black, so every one reads on a dark page); past 12 stages, hue steps.
///
/// The page reflows to a phone's width (the funnel is HTML, the flow chart's labels are a key
/// beside it), prints without lost columns (`@media print`) and follows `prefers-color-scheme`.
struct HTMLReportRenderer {
  let report: JourneyReport
  let options: RenderOptions
  let stages: [String]
  let matrix: TransitionMatrix

  init(report: JourneyReport, options: RenderOptions) {
    self.report = report
    self.options = options
    matrix = TransitionMatrix(report.transitions, funnelStages: report.stageNames)
    stages = matrix.stages
  }

  /// Twelve colours, with the text colour that reads on each: Okabe–Ito without its black, then
  /// Paul Tol's wine, olive, indigo and teal, and a brown.
  static let palette: [(fill: String, ink: String)] = [
    ("#0072B2", "#fff"), ("#E69F00", "#1d2430"), ("#009E73", "#fff"), ("#CC79A7", "#1d2430"),
    ("#56B4E9", "#1d2430"), ("#D55E00", "#fff"), ("#F0E442", "#1d2430"), ("#882255", "#fff"),
    ("#999933", "#1d2430"), ("#332288", "#fff"), ("#44AA99", "#1d2430"), ("#8C564B", "#fff"),
  ]
  static let neutral = (fill: "#8a94a3", ink: "#fff")

  func color(of stage: String) -> (fill: String, ink: String) {
    guard let index = stages.firstIndex(of: stage) else { return Self.neutral }
    if index < Self.palette.count { return Self.palette[index] }
    // Past the palette: golden-angle hue steps at a mid lightness, which white text reads on.
    return (fill: "hsl(\((index * 137 + 20) % 360), 55%, 38%)", ink: "#fff")
  }

  func render() throws -> String {
    // The persona styles only with personas: a report without them keeps its bytes.
    let css = report.personas == nil ? [Self.css] : [Self.css, Self.personaCSS]
    var html = HTMLPage.opening(schema: JourneyReport.schemaName, title: options.title, css: css)
    html += header()
    html += findingsSection()
    html += funnelSection()
    html += journeyMapSection()
    html += timeToConvertSection()
    html += liftSection()
    html += personasSection()
    html += flowSection()
    html += heatmapSection()
    html += pathsSection()
    html += breakdownSection()
    html += inputSection()
    html += configSection()
    html += footer()
    html += "</main>\n"
    html += "<script type=\"application/json\" id=\"report-data\">\n"
    // `<` only occurs inside JSON strings, where `\u003c` means the same: no `</script>` can end the block.
    html += try JSONReportRenderer.render(report).replacingOccurrences(of: "<", with: "\\u003c")
    html += "</script>\n</body>\n</html>\n"
    return html
  }

  // MARK: Sections

  private func header() -> String {
    let s = report.summary
    let f = report.funnel
    var subtitle = "\(e(f.scope)) scope · \(e(f.order)) funnel"
    if let window = f.windowSeconds { subtitle += " · \(ReportFormatting.duration(window)) window" }
    if !s.inputs.isEmpty {
      subtitle += " · \(ReportFormatting.integer(s.inputs.count)) input\(s.inputs.count == 1 ? "" : "s")"
    }
    var cards = ""
    cards += card("events", "Events", s.events, note: "\(int(s.rejected)) rejected · \(int(s.excluded)) excluded"
        + (s.outOfRange.map { $0 > 0 ? " · \(int($0)) outside --from/--to" : "" } ?? ""))
    cards += card("users", "Users", s.users, note: nil)
    cards += card("sessions", "Sessions", s.sessions, note: nil)
    cards += card("units", "Units", s.units, note: "\(e(f.scope))s · \(int(s.unitsWithoutStage)) without a stage")
    if let first = f.steps.first, let last = f.steps.last {
      cards += """
        <div class="card accent" data-metric="conversion" data-kind="\(e(f.kind))" \
        data-value="\(ReportFormatting.number(last.conversionFromStart))">\
        <div class="label">Conversion · \(e(f.kind)) funnel</div><div class="value">\(pct(last.conversionFromStart))</div>\
        <div class="note">\(e(first.label)) → \(e(last.label))\(f.entrants.map { " · \(int(last.units)) of \(int($0)) entrants" } ?? "")</div></div>

        """
    }
    let (firstDate, firstTime) = Self.splitTimestamp(s.firstEvent)
    let (lastDate, lastTime) = Self.splitTimestamp(s.lastEvent)
    cards += """
      <div class="card" data-metric="time-range"><div class="label">Time range</div>\
      <div class="value small">\(e(firstDate)) → \(e(lastDate))</div>\
      <div class="note">\(e(firstTime)) → \(e(lastTime))</div></div>

      """
    return """
      <header>
      <div class="eyebrow">journey report</div>
      <h1>\(e(options.title))</h1>
      <p class="sub">\(subtitle)</p>
      \(about())</header>
      <section class="cards" aria-label="Summary">
      \(cards)</section>

      """
  }

  /// What went in, under the title: the inputs as given and `--from/--to` (the time range is a card).
  private func about() -> String {
    let s = report.summary
    var lines = ""
    if !s.inputs.isEmpty {
      let shown = s.inputs.prefix(6).map { "<b>\(e($0.path))</b>" }.joined(separator: ", ")
      let more = s.inputs.count > 6 ? " and \(int(s.inputs.count - 6)) more (listed under Inputs)" : ""
      lines += "<p class=\"about\" data-about=\"inputs\">Inputs: \(shown)\(more)</p>\n"
    }
    if s.from != nil || s.to != nil {
      lines += """
        <p class="about" data-about="window" data-from="\(e(s.from ?? ""))" data-to="\(e(s.to ?? ""))">\
        Events read: \(e(ReportFormatting.range(from: s.from, to: s.to)))</p>

        """
    }
    return lines
  }

  private func card(_ metric: String, _ label: String, _ value: Int, note: String?) -> String {
    var text = "<div class=\"card\" data-metric=\"\(metric)\" data-value=\"\(value)\"><div class=\"label\">\(label)</div>"
    text += "<div class=\"value\">\(int(value))</div>"
    if let note { text += "<div class=\"note\">\(note)</div>" }
    return text + "</div>\n"
  }

  private func funnelSection() -> String {
    let steps = report.funnel.steps
    var rows = ""
    for (index, step) in steps.enumerated() {
      let c = color(of: step.label)
      rows += """
        <tr class="funnel-step" data-stage="\(e(step.label))" data-units="\(step.units)" \
        data-conversion-from-start="\(ReportFormatting.number(step.conversionFromStart))" \
        data-conversion-from-previous="\(ReportFormatting.number(step.conversionFromPrevious))" \
        data-dropped="\(step.dropped)" data-in-progress="\(step.inProgress)">\
        <td><span class="dot" style="background:\(c.fill)"></span>\(index + 1). \(e(step.label))</td>\
        <td class="num units">\(int(step.units))</td>\
        <td class="num">\(pct(step.conversionFromStart))</td>\
        <td class="num">\(index == 0 ? "–" : pct(step.conversionFromPrevious))</td>\
        <td class="num">\(int(step.dropped))</td>\
        <td class="num">\(int(step.inProgress))</td>\
        <td class="num">\(duration(step.medianSecondsFromPrevious))</td>\
        <td class="num">\(duration(step.p90SecondsFromPrevious))</td></tr>

        """
    }
    return """
      <section class="panel" id="funnel">
      <h2>Funnel</h2>
      <p class="hint">Units reaching each step (\(e(report.funnel.order)) funnel, one unit per \(e(report.funnel.scope))); between the steps: the share that \
      continued, the units that dropped out, and the median / 90th-percentile time to the next step.</p>
      \(funnelChart())
      <div class="scroll"><table class="data">
      <thead><tr><th>Step</th><th class="num">Units</th><th class="num">From start</th><th class="num">From previous</th>\
      <th class="num">Dropped</th><th class="num">In progress</th><th class="num">Median time</th><th class="num">p90 time</th></tr></thead>
      <tbody>
      \(rows)</tbody>
      </table></div>
      </section>

      """
  }

  private func flowSection() -> String {
    """
    <section class="panel" id="flow">
    <h2>Stage flow</h2>
    <p class="hint">How units move between stages, from their first stage <b>(start)</b> to their last <b>(exit)</b>. \
    Band widths are proportional to transition counts; moves back to an earlier stage loop underneath. \
    The numbered columns are listed below with their counts; hover a band for its numbers.</p>
    \(sankey())
    </section>

    """
  }

  private func heatmapSection() -> String {
    var head = "<tr><th>from \\ to</th>"
    for column in matrix.columns { head += "<th class=\"num\">\(e(column))</th>" }
    head += "</tr>"
    var body = ""
    for from in matrix.rows {
      body += "<tr><th scope=\"row\">\(e(from))</th>"
      for to in matrix.columns {
        guard let t = matrix[from, to], t.count > 0 else {
          body += "<td class=\"cell empty\">·</td>"
          continue
        }
        let alpha = 0.06 + 0.86 * max(0, min(1, t.probability))
        body += """
          <td class="cell\(alpha > 0.5 ? " dark" : "")" data-from="\(e(t.from))" data-to="\(e(t.to))" data-count="\(t.count)" \
          data-probability="\(ReportFormatting.number(t.probability))" \
          style="background:rgba(var(--heat),\(Self.decimal(alpha)))" \
          title="\(e(t.from)) → \(e(t.to)): \(int(t.count)) (\(pct(t.probability)) of \(e(t.from)))">\
          <span class="c">\(int(t.count))</span><span class="p">\(pct(t.probability))</span></td>
          """
      }
      body += "</tr>\n"
    }
    return """
      <section class="panel" id="transitions">
      <h2>Transition matrix</h2>
      <p class="hint">Rows: from; columns: to. Each cell: the count and its share of the row; darker is more likely.</p>
      <div class="scroll"><table class="heat">
      <thead>\(head)</thead>
      <tbody>
      \(body)</tbody>
      </table></div>
      \(sharesTables())
      </section>

      """
  }

  private func sharesTables() -> String {
    func table(_ title: String, _ rows: [JourneyReport.StageShare], kind: String) -> String {
      var text = "<div><h3>\(title)</h3><table class=\"data compact\"><tbody>\n"
      for row in rows {
        text += """
          <tr data-\(kind)="\(e(row.stage))" data-units="\(row.units)"><td>\(chip(row.stage))</td>\
          <td class="num">\(int(row.units))</td><td class="num">\(pct(row.share))</td>\
          <td class="barcell"><div class="bar"><span style="width:\(ReportFormatting.cssPercent(row.share))%"></span></div></td></tr>

          """
      }
      if rows.isEmpty { text += "<tr><td class=\"muted\">none</td></tr>\n" }
      return text + "</tbody></table></div>"
    }
    return "<div class=\"two\">" + table("Entry stages", report.entries, kind: "entry")
      + table("Exit stages", report.exits, kind: "exit") + "</div>"
  }

  private func pathsSection() -> String {
    var body = ""
    let top = max(1, report.paths.map(\.units).max() ?? 1)
    for (index, path) in report.paths.enumerated() {
      let chips = path.path.map { chip($0) }.joined(separator: "<span class=\"arrow\">→</span>")
      body += """
        <tr data-path="\(e(ReportFormatting.path(path.path)))" data-units="\(path.units)">\
        <td class="num muted">\(index + 1)</td><td class="path">\(chips)</td>\
        <td class="num">\(int(path.units))</td><td class="num">\(pct(path.share))</td>\
        <td class="barcell"><div class="bar"><span style="width:\(ReportFormatting.cssPercent(Double(path.units) / Double(top)))%"></span></div></td></tr>

        """
    }
    if report.paths.isEmpty { body = "<tr><td class=\"muted\" colspan=\"5\">No unit reached a stage.</td></tr>\n" }
    return """
      <section class="panel" id="paths">
      <h2>Top paths</h2>
      <p class="hint">Each unit's sequence of stage visits (repeats collapsed); a path ending in … was cut at the \
      configured length.</p>
      <table class="data">
      <thead><tr><th class="num">#</th><th>Path</th><th class="num">Units</th><th class="num">Share</th><th></th></tr></thead>
      <tbody>
      \(body)</tbody>
      </table>
      </section>

      """
  }

  private func footer() -> String {
    """
    <footer>Made by <b>journey</b> · schema \(JourneyReport.schemaName) · the report's JSON is embedded in this page \
    (<code>#report-data</code>) · every count is exact.</footer>

    """
  }

  // MARK: Helpers

  func e(_ text: String) -> String { HTMLText.escape(text) }
  func int(_ value: Int) -> String { ReportFormatting.integer(value) }
  func pct(_ ratio: Double) -> String { ReportFormatting.percent(ratio) }
  func duration(_ seconds: Double?) -> String {
    guard let seconds else { return "–" }
    return "<span title=\"\(ReportFormatting.number(seconds)) s\">\(ReportFormatting.duration(seconds))</span>"
  }

  func chip(_ stage: String) -> String {
    let c = stage == "…" || stage.hasPrefix("(") ? Self.neutral : color(of: stage)
    return "<span class=\"chip\" style=\"background:\(c.fill);color:\(c.ink)\">\(e(stage))</span>"
  }

  /// A number for SVG coordinates and CSS: at most two decimals, no exponent.
  static func decimal(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let sign = hundredths < 0 ? "-" : ""
    let magnitude = hundredths.magnitude
    let fraction = magnitude % 100
    if fraction == 0 { return "\(sign)\(magnitude / 100)" }
    return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction % 10 == 0 ? fraction / 10 : fraction)"
  }

  /// `2026-11-01T08:00:00Z` → (`2026-11-01`, `08:00:00Z`).
  static func splitTimestamp(_ text: String?) -> (String, String) {
    guard let text else { return ("–", "") }
    guard let t = text.firstIndex(of: "T") else { return (text, "") }
    return (String(text[..<t]), String(text[text.index(after: t)...]))
  }
}
