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
      text += breakdownReach(breakdown)
    }
    return text + "</section>\n"
  }

  /// Each value's own journey map in brief: reach per stage (open funnel) and the median time to
  /// convert through the whole funnel; empty when no value carries a map.
  private func breakdownReach(_ breakdown: JourneyReport.Breakdown) -> String {
    guard breakdown.values.contains(where: { $0.journeyMap != nil }) else { return "" }
    let stages = report.journeyMap?.stages.map(\.stage) ?? report.stageNames
    var head = "<tr><th>\(e(breakdown.field))</th>"
    for stage in stages { head += "<th>\(chip(stage))</th>" }
    head += "<th class=\"num\">Median time to convert</th></tr>"
    var body = ""
    for value in breakdown.values {
      body += "<tr data-field=\"\(e(breakdown.field))\" data-value=\"\(e(value.value))\"><td>\(e(value.value))</td>"
      for stage in stages {
        guard let column = value.journeyMap?.stages.first(where: { $0.stage == stage }) else {
          body += "<td class=\"muted\">–</td>"
          continue
        }
        body += """
          <td class="bd" data-stage="\(e(stage))" data-reach="\(column.reach)"><div class="bdnum">\(int(column.reach)) \
          <span class="muted">\(pct(column.share))</span></div><div class="bar thin"><span \
          style="width:\(ReportFormatting.cssPercent(column.share))%;background:\(color(of: stage).fill)"></span></div></td>
          """
      }
      body += "<td class=\"num\">\(duration(value.timeToConvert?.whole.medianSeconds))</td></tr>\n"
    }
    return """
      <p class="hint">Reach per stage by \(e(breakdown.field)) (units of the value with an event of the stage, share of \
      the value's units), and the median time from the first step to the last.</p>
      <div class="scroll"><table class="data breakdown reach">
      <thead>\(head)</thead>
      <tbody>
      \(body)</tbody>
      </table></div>

      """
  }
}
