import JourneyReports

/// The page's breakdowns panel.
extension HTMLReportRenderer {
  /// The funnel per breakdown value, one table per breakdown field.
  func breakdownSection() -> String {
    guard !report.breakdowns.isEmpty else { return "" }
    let funnelStages = report.funnel.steps.map(\.label)
    var text = """
      <section class="panel" id="breakdowns">
      <h2>Breakdowns</h2>
      <p class="hint">The funnel per first-touch value: each cell shows units reaching the step and the conversion \
      from the value's first step (bar). Values past the top N are grouped as (other); units without a value as (none).</p>

      """
    for breakdown in report.breakdowns {
      var head = "<tr><th>\(e(breakdown.field))</th><th class=\"num\">Units</th>"
      for stage in funnelStages { head += "<th>\(chip(stage))</th>" }
      head += "<th class=\"num\">Conversion</th></tr>"
      var body = ""
      for value in breakdown.values {
        let special = value.value == "(other)" || value.value == "(none)"
        body += "<tr data-field=\"\(e(breakdown.field))\" data-value=\"\(e(value.value))\" data-units=\"\(value.units)\">"
        body += "<td class=\"\(special ? "muted" : "strong")\">\(e(value.value))</td><td class=\"num\">\(int(value.units))</td>"
        for stage in funnelStages {
          guard let step = value.funnel.first(where: { $0.label == stage }) else {
            body += "<td class=\"muted\">–</td>"
            continue
          }
          body += """
            <td class="bd" data-stage="\(e(stage))" data-units="\(step.units)"><div class="bdnum">\(int(step.units)) \
            <span class="muted">\(pct(step.conversionFromStart))</span></div><div class="bar thin"><span \
            style="width:\(ReportFormatting.cssPercent(step.conversionFromStart))%;background:\(color(of: stage).fill)"></span></div></td>
            """
        }
        let conversion = value.funnel.last.map { pct($0.conversionFromStart) } ?? "–"
        body += "<td class=\"num strong\">\(conversion)</td></tr>\n"
      }
      text += """
        <h3>by \(e(breakdown.field))</h3>
        <div class="scroll"><table class="data breakdown">
        <thead>\(head)</thead>
        <tbody>
        \(body)</tbody>
        </table></div>

        """
    }
    return text + "</section>\n"
  }
}
