import JourneyReports

/// The page's journey-map panels (SPEC §8): the findings at the top, the classic journey-map grid
/// (stages across in their colours; rows: reach, what people do, where attention is lost, time),
/// the time-to-convert histogram with each step's median, and lift.
///
/// Every cell carries its exact numbers in `data-` attributes, like the funnel rows.
extension HTMLReportRenderer {
  /// The headline naming its kind, and the findings in words.
  func findingsSection() -> String {
    let text = JourneyMapText(report: report)
    let sentences = report.funnel.findings?.sentences ?? []
    guard report.funnel.headline != nil || !sentences.isEmpty else { return "" }
    var items = ""
    for sentence in sentences { items += "<li>\(e(sentence))</li>\n" }
    return """
      <section class="panel findings" id="findings">
      <h2>Findings</h2>
      <p class="headline" data-kind="\(e(report.funnel.kind))">\(e(text.headline))</p>
      \(items.isEmpty ? "" : "<ul class=\"findings-list\">\n\(items)</ul>")
      </section>

      """
  }

  /// The grid: one column per stage (its colour) and one for the events with no stage.
  func journeyMapSection() -> String {
    guard let map = report.journeyMap, !map.stages.isEmpty else { return "" }
    let text = JourneyMapText(report: report)
    return """
      <section class="panel" id="journey-map">
      <h2>Journey map</h2>
      <p class="hint">Per stage: the units that reached it (open funnel), what they did there (top \(text.top) \
      touchpoints of <code>\(e(map.touchpoint))</code>, units and share of the stage's reach), where attention was lost \
      (the units that dropped after the step: the touchpoint they went to next and the last one they had, share of the \
      dropped), and time in stage (median · p90 per visit).</p>
      \(journeyMapGrid(map, timeSteps: report.funnel.timeToConvert?.steps ?? [], text: text))</section>

      """
  }

  /// The journey-map grid of `map` (the whole report's, or a persona's): the table, and with
  /// `order: any` the table of losses per step after it; ends with a newline. `compact` (a persona's
  /// map beside the others) leaves out the `(no stage)` column; `text` says how many touchpoints.
  func journeyMapGrid(
    _ map: JourneyMap, timeSteps: [DurationDistribution?], text: JourneyMapText, compact: Bool = false
  ) -> String {
    var head = "<tr><th class=\"corner\"></th>"
    for stage in map.stages {
      let c = color(of: stage.stage)
      head += "<th class=\"stage\" data-stage=\"\(e(stage.stage))\" style=\"--c:\(c.fill);color:\(c.ink)\">\(e(stage.stage))</th>"
    }
    let showNoStage = map.noStage.events > 0 && !compact
    if showNoStage { head += "<th class=\"stage none\">(no stage)</th>" }
    head += "</tr>"

    var reach = "<tr class=\"map-reach\"><th scope=\"row\">Reach</th>"
    for stage in map.stages {
      reach += """
        <td data-stage="\(e(stage.stage))" data-reach="\(stage.reach)" data-share="\(ReportFormatting.number(stage.share))">\
        <div class="big">\(int(stage.reach))</div><div class="muted small">\(pct(stage.share)) of \(int(map.units)) units</div>\
        <div class="bar"><span style="width:\(ReportFormatting.cssPercent(stage.share))%;background:\(color(of: stage.stage).fill)"></span></div></td>
        """
    }
    if showNoStage { reach += "<td class=\"muted\">–</td>" }
    reach += "</tr>\n"

    var touchpoints = "<tr class=\"map-touchpoints\"><th scope=\"row\">What people do</th>"
    for stage in map.stages {
      touchpoints += "<td data-stage=\"\(e(stage.stage))\">" + touchpointList(stage.touchpoints, text: text, fill: color(of: stage.stage).fill) + "</td>"
    }
    if showNoStage {
      touchpoints += "<td data-stage=\"(no stage)\">" + touchpointList(map.noStage, text: text, fill: Self.neutral.fill) + "</td>"
    }
    touchpoints += "</tr>\n"

    var rows = reach + touchpoints
    var after = ""
    if text.lostBelongsToStages {
      rows += "<tr class=\"map-lost\"><th scope=\"row\">Where attention is lost</th>"
      for stage in map.stages { rows += lostCell(stage.exits, text: text, compact: compact) }
      if showNoStage { rows += "<td class=\"muted\">–</td>" }
      rows += "</tr>\n<tr class=\"map-time\"><th scope=\"row\">Time</th>"
      for (index, stage) in map.stages.enumerated() {
        rows += timeCell(stage.timeInStage, fromPrevious: index > 0 && index < timeSteps.count ? timeSteps[index] : nil, stage: stage.stage)
      }
    } else {
      rows += "<tr class=\"map-time\"><th scope=\"row\">Time</th>"
      for stage in map.stages { rows += timeCell(stage.timeInStage, fromPrevious: nil, stage: stage.stage) }
      let lost = text.lostColumns
      if !lost.isEmpty {
        var stepHead = "<tr><th class=\"corner\"></th>"
        var stepRow = "<tr class=\"map-lost\"><th scope=\"row\">Where attention is lost</th>"
        for column in lost {
          stepHead += "<th class=\"stage none\" data-step=\"\(column.step)\">after \(e(column.exits.step))</th>"
          stepRow += lostCell(column.exits, text: text, compact: compact)
        }
        after = """
          <p class="hint">With <code>order: any</code> a funnel step counts stages reached (“≥ 2 stages”), so where \
          attention is lost is shown per step:</p>
          <div class="scroll"><table class="map steps">
          <thead>\(stepHead)</tr></thead>
          <tbody>
          \(stepRow)</tr>
          </tbody>
          </table></div>

          """
      }
    }
    if showNoStage { rows += "<td class=\"muted\">–</td>" }
    rows += "</tr>\n"
    // Wide enough for every stage's numbers: past that the table scrolls, its row names stay put.
    let columns = map.stages.count + (showNoStage ? 1 : 0)
    // (A persona's compact map keeps the persona styles' widths.)
    let minimum = compact ? "" : " style=\"min-width:\(120 + columns * 140)px\""
    return """
      <div class="scroll"><table class="map\(compact ? " compact" : "")"\(minimum)>
      <thead>\(head)</thead>
      <tbody>
      \(rows)</tbody>
      </table></div>

      """ + after
  }

  private func touchpointList(_ touchpoints: JourneyMap.Touchpoints, text: JourneyMapText, fill: String) -> String {
    let values = text.listed(touchpoints.values)
    guard !values.isEmpty else { return "<span class=\"muted\">no events</span>" }
    var list = "<ol class=\"tps\">"
    for t in values {
      let special = t.value.hasPrefix("(")
      list += """
        <li data-touchpoint="\(e(t.value))" data-events="\(t.events)" data-units="\(t.units)" \
        data-share="\(ReportFormatting.number(t.share))"><div class="tp\(special ? " muted" : "")" title="\(e(t.value))">\(e(t.value))</div>\
        <div class="tpn">\(int(t.units)) · \(pct(t.share))</div>\
        <div class="bar thin"><span style="width:\(ReportFormatting.cssPercent(t.share))%;background:\(fill)"></span></div></li>
        """
    }
    list += "</ol>"
    let more = touchpoints.distinct > values.count ? " · \(int(touchpoints.distinct)) distinct" : ""
    return list + "<div class=\"muted small\">\(int(touchpoints.events)) events\(more)</div>"
  }

  /// The units dropped after a step, where they went next and their last touchpoint; `compact`
  /// (a persona's map) only the last touchpoint, which the persona's top exit is about.
  private func lostCell(_ exits: JourneyMap.Exits?, text: JourneyMapText, compact: Bool) -> String {
    guard let exits else { return "<td class=\"muted\">last step</td>" }
    func list(_ title: String, _ values: [JourneyMap.TouchpointShare], kind: String) -> String {
      let shown = text.listed(values)
      guard !shown.isEmpty else { return "" }
      var html = "<div class=\"lost-title\">\(title)</div><ol class=\"tps lost\">"
      for t in shown {
        html += """
          <li data-\(kind)="\(e(t.value))" data-units="\(t.units)" data-share="\(ReportFormatting.number(t.share))">\
          <div class="tp\(t.value.hasPrefix("(") ? " muted" : "")" title="\(e(t.value))">\(e(t.value))</div>\
          <div class="tpn">\(int(t.units)) · \(pct(t.share))</div></li>
          """
      }
      return html + "</ol>"
    }
    return """
      <td data-step="\(e(exits.step))" data-dropped="\(exits.dropped)"><div class="dropped"><b>\(int(exits.dropped))</b> \
      dropped after \(e(exits.step))</div>\(compact ? "" : list("went next to", exits.next, kind: "next"))\(list("last touchpoint", exits.exit, kind: "exit"))</td>
      """
  }

  private func timeCell(_ time: JourneyMap.TimeSummary, fromPrevious: DurationDistribution?, stage: String) -> String {
    var html = """
      <td data-stage="\(e(stage))" data-visits="\(time.count)" \
      data-median-seconds="\(time.medianSeconds.map(ReportFormatting.number) ?? "")">\
      <div class="lost-title">in stage</div><div>median \(duration(time.medianSeconds))</div><div>p90 \(duration(time.p90Seconds))</div>\
      <div class="muted small">\(int(time.count)) visits</div>
      """
    if let fromPrevious {
      html += """
        <div class="lost-title">from the previous step</div>\
        <div>median \(duration(fromPrevious.medianSeconds))</div><div>p90 \(duration(fromPrevious.p90Seconds))</div>
        """
    }
    return html + "</td>"
  }

  /// The whole funnel's histogram over the fixed bins, each step's median marked on it, and the table
  /// of statistics per step.
  func timeToConvertSection() -> String {
    let text = JourneyMapText(report: report)
    let rows = text.timeRows
    guard !rows.isEmpty, let whole = report.funnel.timeToConvert?.whole else { return "" }
    var table = ""
    for row in rows {
      table += "<tr data-step=\"\(e(row.label))\" data-count=\"\(row.distribution.count)\" "
        + "data-median-seconds=\"\(row.distribution.medianSeconds.map(ReportFormatting.number) ?? "")\">"
        + "<td>\(e(row.label))</td><td class=\"num\">\(int(row.distribution.count))</td>"
      for value in JourneyMapText.statistics(row.distribution) { table += "<td class=\"num\">\(duration(value))</td>" }
      table += "</tr>\n"
    }
    var head = "<tr><th>Step</th><th class=\"num\">Count</th>"
    for name in JourneyMapText.statisticNames { head += "<th class=\"num\">\(name)</th>" }
    head += "</tr>"
    return """
      <section class="panel" id="time-to-convert">
      <h2>Time to convert</h2>
      <p class="hint">Units that completed the funnel, by the time from their first step to their last (fixed bins); \
      the dashed lines mark each step's median time from the previous step. Exact quantiles below.</p>
      \(histogram(whole, medians: medianMarkers()))
      <div class="scroll"><table class="data">
      <thead>\(head)</thead>
      <tbody>
      \(table)</tbody>
      </table></div>
      </section>

      """
  }

  /// Each step's median time from the previous step, with the step's label.
  private func medianMarkers() -> [(label: String, seconds: Double)] {
    let steps = report.funnel.steps
    let times = report.funnel.timeToConvert?.steps ?? []
    return steps.indices.compactMap { index in
      guard index > 0, index < times.count, let median = times[index]?.medianSeconds else { return nil }
      return ("\(steps[index - 1].label) → \(steps[index].label)", median)
    }
  }

  private func histogram(_ whole: DurationDistribution, medians: [(label: String, seconds: Double)]) -> String {
    let bins = whole.histogram
    guard !bins.isEmpty else { return "" }
    let width = 1000.0
    let left = 20.0
    let top = 24.0 + Double(medians.count) * 16
    let plot = 180.0
    let binWidth = (width - 2 * left) / Double(bins.count)
    let most = Double(max(1, bins.map(\.count).max() ?? 1))
    let height = top + plot + 44
    var svg = """
      <svg class="chart histogram" viewBox="0 0 \(Int(width)) \(Self.decimal(height))" width="100%" role="img" \
      aria-label="Time to convert histogram">

      """
    for (index, bin) in bins.enumerated() {
      let h = bin.count > 0 ? max(2, Double(bin.count) / most * plot) : 0
      let x = left + Double(index) * binWidth
      let share = whole.count == 0 ? 0 : Double(bin.count) / Double(whole.count)
      svg += """
        <g class="bin" data-bin="\(e(bin.label))" data-count="\(bin.count)"><title>\(e(bin.label)): \(int(bin.count)) units (\(pct(share)))</title>\
        <rect x="\(Self.decimal(x + 4))" y="\(Self.decimal(top + plot - h))" width="\(Self.decimal(binWidth - 8))" height="\(Self.decimal(h))" rx="3" fill="#0072B2"/>\
        <text class="bin-count" x="\(Self.decimal(x + binWidth / 2))" y="\(Self.decimal(top + plot - h - 5))" text-anchor="middle">\(bin.count > 0 ? int(bin.count) : "")</text>\
        <text class="bin-label" x="\(Self.decimal(x + binWidth / 2))" y="\(Self.decimal(top + plot + 18))" text-anchor="middle">\(e(bin.label))</text></g>

        """
    }
    /// A duration's position: its bin, and linearly inside it (the open last bin: its middle).
    func position(_ seconds: Double) -> Double {
      let edges = bins.map(\.fromSeconds)
      let index = max(0, (edges.lastIndex { $0 <= seconds }) ?? 0)
      let fraction = bins[index].toSeconds.map { ($0 - edges[index]) > 0 ? (seconds - edges[index]) / ($0 - edges[index]) : 0 } ?? 0.5
      return left + (Double(index) + min(1, max(0, fraction))) * binWidth
    }
    for (row, marker) in medians.enumerated() {
      let x = position(marker.seconds)
      let y = 14.0 + Double(row) * 16
      let anchor = x > width * 0.7 ? "end" : "start"
      let dx = anchor == "end" ? -4.0 : 4.0
      svg += """
        <g class="median" data-step="\(e(marker.label))" data-seconds="\(ReportFormatting.number(marker.seconds))">\
        <line x1="\(Self.decimal(x))" y1="\(Self.decimal(y - 4))" x2="\(Self.decimal(x))" y2="\(Self.decimal(top + plot))" stroke="#D55E00" stroke-dasharray="4 3"/>\
        <text class="median-label" x="\(Self.decimal(x + dx))" y="\(Self.decimal(y))" text-anchor="\(anchor)">median \(e(marker.label)): \(ReportFormatting.duration(marker.seconds))</text></g>

        """
    }
    // A phone gets the same bins as HTML rows (the chart's text would shrink below 11 px).
    var rows = ""
    for bin in bins {
      let share = Double(bin.count) / most
      rows += """
        <li data-bin="\(e(bin.label))" data-count="\(bin.count)"><span>\(e(bin.label))</span><div class="bar"><span \
        style="width:\(ReportFormatting.cssPercent(share))%"></span></div><span class="num">\(int(bin.count))</span></li>

        """
    }
    var markers = ""
    for marker in medians {
      markers += "<div>median \(e(marker.label)): \(ReportFormatting.duration(marker.seconds))</div>"
    }
    let list = """
      <div class="hist-list"><ol>
      \(rows)</ol>\(markers.isEmpty ? "" : "<div class=\"medians\">\(markers)</div>")</div>
      """
    svg += """
      <text class="axis" x="\(Self.decimal(width / 2))" y="\(Self.decimal(height - 4))" text-anchor="middle">\
      time from the first step to the last · \(int(whole.count)) units</text>
      </svg>
      """
    return svg + "\n" + list
  }

  /// The touchpoints that go with converting, and with not converting.
  func liftSection() -> String {
    guard let lift = report.lift else { return "" }
    func table(_ title: String, _ entries: [Lift.Entry], side: String) -> String {
      var rows = ""
      for entry in entries {
        rows += """
          <tr data-lift="\(side)" data-touchpoint="\(e(entry.touchpoint))" data-odds-ratio="\(ReportFormatting.number(entry.oddsRatio))" \
          data-successes="\(entry.successes)" data-failures="\(entry.failures)"><td class="tp-cell" title="\(e(entry.touchpoint))">\(e(entry.touchpoint))</td>\
          <td class="num strong">\(JourneyMapText.odds(entry.oddsRatio))</td><td class="num">\(int(entry.successes))</td>\
          <td class="num">\(int(entry.failures))</td></tr>

          """
      }
      if rows.isEmpty { rows = "<tr><td class=\"muted\" colspan=\"4\">none</td></tr>\n" }
      return """
        <div><h3>\(title)</h3><table class="data compact"><thead><tr><th>Touchpoint</th><th class="num">Odds ratio</th>\
        <th class="num">Converted</th><th class="num">Did not</th></tr></thead><tbody>
        \(rows)</tbody></table></div>
        """
    }
    return """
      <section class="panel" id="lift">
      <h2>Lift</h2>
      <p class="hint">Which touchpoints go with converting: the odds ratio of converting with the touchpoint against \
      without it (prior of 1), for touchpoints of at least \(int(lift.minUnits)) units; \(int(lift.successes)) units \
      converted, \(int(lift.failures)) did not. A correlation, not a cause.</p>
      <div class="two">\(table("Goes with converting", lift.above, side: "above"))\(table("Goes with not converting", lift.below, side: "below"))</div>
      </section>

      """
  }
}
