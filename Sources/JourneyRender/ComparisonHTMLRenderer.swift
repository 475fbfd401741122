import Foundation
import JourneyCompare

/// The comparison as one self-contained HTML page in the report page's style (its stylesheet, no
/// scripts, no network): per step base against current with the change and its p-value, paired bars
/// of the conversion from start, reach per stage, the exit touchpoints that grew, the summary.
///
/// A significant change (p below the level, enough units on both sides) is marked three ways, so that it does not rest on
/// colour: a `significant` badge, bold text, and the arrow's colour (Okabe–Ito bluish green up,
/// vermillion down). Rows carry `data-` attributes with the exact numbers and the page embeds the
/// comparison's JSON in `<script type="application/json" id="comparison-data">`. User text is escaped.
struct ComparisonHTMLRenderer {
  let comparison: ReportComparison
  let options: RenderOptions

  private typealias F = ComparisonFormatting

  func render() throws -> String {
    var html = HTMLPage.opening(
      schema: ReportComparison.schemaName, title: options.title, css: [HTMLReportRenderer.css, Self.css])
    html += header()
    html += funnelSection()
    html += previousSection()
    html += reachSection()
    html += exitsSection()
    html += personasSection()
    html += summarySection()
    html += """
      <footer>Made by <b>journey compare</b> · schema \(ReportComparison.schemaName) · changes are current − base; \
      p-values of the two-proportion z-test (pooled), 95% Wilson intervals in the data · the comparison's JSON is \
      embedded in this page (<code>#comparison-data</code>).</footer>
      </main>
      <script type="application/json" id="comparison-data">

      """
    // `<` only occurs inside JSON strings, where `\u003c` means the same: no `</script>` can end the block.
    html += try ComparisonJSONRenderer.render(comparison).replacingOccurrences(of: "<", with: "\\u003c")
    html += "</script>\n</body>\n</html>\n"
    return html
  }

  // MARK: Sections

  private func header() -> String {
    let c = comparison
    var cards = ""
    for (metric, label, side) in [("base", "Base", c.base), ("current", "Current", c.current)] {
      let (firstDate, _) = HTMLReportRenderer.splitTimestamp(side.firstEvent)
      let (lastDate, _) = HTMLReportRenderer.splitTimestamp(side.lastEvent)
      cards += """
        <div class="card" data-metric="\(metric)" data-file="\(e(side.file))"><div class="label">\(label)</div>\
        <div class="value small file">\(e(side.file))</div><div class="note">\(e(firstDate)) → \(e(lastDate))</div></div>

        """
    }
    if let last = c.steps.last {
      let rate = last.conversionFromStart
      cards += """
        <div class="card accent\(rate.significant ? " significant" : "")" data-metric="conversion" \
        data-change-points="\(ReportFormatting.number(rate.changePoints))" data-p-value="\(rate.pValue.map(ReportFormatting.number) ?? "")">\
        <div class="label">Conversion · \(e(c.steps.first?.label ?? "")) → \(e(last.label))</div>\
        <div class="value">\(pct(rate.base)) → \(pct(rate.current))</div>\
        <div class="note">\(change(rate.changePoints, F.points(rate.changePoints))) · p \(e(F.pValue(rate.pValue)))\(badge(rate))</div></div>

        """
    }
    for (metric, label, count) in [("units", "Units", c.summary.units), ("events", "Events", c.summary.events)] {
      let note =
        count.change == 0
        ? "no change from \(int(count.base))"
        : "\(change(Double(count.change), F.signedInteger(count.change))) from \(int(count.base)) (\(e(F.relative(count.relativeChange))))"
      cards += """
        <div class="card" data-metric="\(metric)" data-base="\(count.base)" data-current="\(count.current)">\
        <div class="label">\(label)</div><div class="value">\(int(count.current))</div>\
        <div class="note">\(note)</div></div>

        """
    }
    let rejected = c.summary.rejected
    let rejectedNote = rejected.change == 0 ? "no change" : "\(F.signedInteger(rejected.change)) from \(int(rejected.base))"
    cards += """
      <div class="card" data-metric="rejected" data-base="\(rejected.base)" data-current="\(rejected.current)">\
      <div class="label">Rejected records</div><div class="value">\(int(rejected.current))</div>\
      <div class="note">\(rejectedNote)</div></div>

      """
    return """
      <header>
      <div class="eyebrow">journey comparison</div>
      <h1>\(e(options.title))</h1>
      <p class="sub">\(e(F.funnel(c.funnel))) · \(c.steps.count) steps · significant: \(e(F.rule(c)))</p>
      </header>
      <section class="cards" aria-label="Summary">
      \(cards)</section>

      """
  }

  private func funnelSection() -> String {
    let c = comparison
    var pairs = ""
    for step in c.steps {
      let rate = step.conversionFromStart
      pairs += """
        <div class="pair\(rate.significant ? " significant" : "")" data-step="\(e(step.label))">\
        <div class="pair-label">\(step.index + 1). \(e(step.label))</div>\
        <div class="pair-bars">\
        <div class="pair-row"><span class="who">base</span><div class="bar base"><span style="width:\(ReportFormatting.cssPercent(rate.base))%"></span></div><span class="num">\(pct(rate.base))</span></div>\
        <div class="pair-row"><span class="who">now</span><div class="bar"><span style="width:\(ReportFormatting.cssPercent(rate.current))%"></span></div><span class="num">\(pct(rate.current))</span></div>\
        </div>\
        <div class="pair-change">\(change(rate.changePoints, F.points(rate.changePoints)))<span class="muted"> · p \(e(F.pValue(rate.pValue)))</span>\(badge(rate))</div></div>

        """
    }
    var rows = ""
    for step in c.steps {
      let rate = step.conversionFromStart
      rows += """
        <tr class="step\(rate.significant ? " significant" : "")" data-step="\(e(step.label))" data-index="\(step.index)" \
        data-base-units="\(step.units.base)" data-current-units="\(step.units.current)" \
        data-change-points="\(ReportFormatting.number(rate.changePoints))" \
        data-p-value="\(rate.pValue.map(ReportFormatting.number) ?? "")" data-significant="\(rate.significant)">\
        <td>\(step.index + 1). \(e(step.label))</td>\
        <td class="num">\(int(step.units.base))</td><td class="num">\(int(step.units.current))</td>\
        <td class="num">\(change(Double(step.units.change), F.signedInteger(step.units.change)))</td>\
        <td class="num">\(pct(rate.base))</td><td class="num">\(pct(rate.current))</td>\
        <td class="num">\(change(rate.changePoints, F.points(rate.changePoints)))</td>\
        <td class="num">\(e(F.relative(rate.relativeChange)))</td>\
        <td class="num pv">\(e(F.pValue(rate.pValue)))\(badge(rate))</td></tr>

        """
    }
    return """
      <section class="panel" id="funnel">
      <h2>Funnel: conversion from start</h2>
      <p class="hint">Each step's units over the units of step 1, in the base report and now. A change is marked \
      <span class="badge">significant</span> when the two-proportion z-test gives \(e(F.rule(c))).</p>
      <div class="pairs">
      \(pairs)</div>
      <div class="scroll"><table class="data">
      <thead><tr><th>Step</th><th class="num">Units base</th><th class="num">Units now</th><th class="num">Change</th>\
      <th class="num">Base</th><th class="num">Now</th><th class="num">Change</th><th class="num">Relative</th><th class="num">p</th></tr></thead>
      <tbody>
      \(rows)</tbody>
      </table></div>
      </section>

      """
  }

  private func previousSection() -> String {
    let c = comparison
    var rows = ""
    for step in c.steps {
      let rate = step.conversionFromPrevious
      let time = step.medianSecondsFromPrevious
      rows += """
        <tr class="step\(rate.significant ? " significant" : "")" data-step="\(e(step.label))" \
        data-change-points="\(ReportFormatting.number(rate.changePoints))" \
        data-p-value="\(rate.pValue.map(ReportFormatting.number) ?? "")" data-significant="\(rate.significant)">\
        <td>\(step.index + 1). \(e(step.label))</td>\
        <td class="num">\(pct(rate.base))</td><td class="num">\(pct(rate.current))</td>\
        <td class="num">\(change(rate.changePoints, F.points(rate.changePoints)))</td>\
        <td class="num pv">\(e(F.pValue(rate.pValue)))\(badge(rate))</td>\
        <td class="num">\(int(step.dropped.base)) → \(int(step.dropped.current))</td>\
        <td class="num">\(step.index == 0 ? "–" : e(F.durations(time)))</td>\
        <td class="num">\(step.index == 0 ? "–" : e(F.signedDuration(time.changeSeconds)))</td></tr>

        """
    }
    let whole = c.timeToConvert
    return """
      <section class="panel" id="previous">
      <h2>From the previous step</h2>
      <p class="hint">The share of the previous step's units that went on, the units dropped after the step, and the \
      median time from the previous step. Whole funnel median time to convert: \
      <b data-metric="time-to-convert">\(e(F.durations(whole)))</b> (\(e(F.signedDuration(whole.changeSeconds)))).</p>
      <div class="scroll"><table class="data">
      <thead><tr><th>Step</th><th class="num">Base</th><th class="num">Now</th><th class="num">Change</th><th class="num">p</th>\
      <th class="num">Dropped</th><th class="num">Median time</th><th class="num">Change</th></tr></thead>
      <tbody>
      \(rows)</tbody>
      </table></div>
      </section>

      """
  }

  private func reachSection() -> String {
    let c = comparison
    guard !c.stages.isEmpty else { return "" }
    var rows = ""
    for stage in c.stages {
      rows += """
        <tr data-stage="\(e(stage.stage))" data-base="\(stage.reach.base)" data-current="\(stage.reach.current)">\
        <td>\(e(stage.stage))</td><td class="num">\(int(stage.reach.base))</td><td class="num">\(int(stage.reach.current))</td>\
        <td class="num">\(change(Double(stage.reach.change), F.signedInteger(stage.reach.change)))</td>\
        <td class="num">\(e(F.relative(stage.reach.relativeChange)))</td>\
        <td class="num">\(pct(stage.share.base)) → \(pct(stage.share.current))</td>\
        <td class="num">\(change(stage.share.changePoints, F.points(stage.share.changePoints)))</td></tr>

        """
    }
    return """
      <section class="panel" id="reach">
      <h2>Reach per stage</h2>
      <p class="hint">Units with at least one event of the stage (the open funnel), and their share of all units.</p>
      <div class="scroll"><table class="data">
      <thead><tr><th>Stage</th><th class="num">Base</th><th class="num">Now</th><th class="num">Change</th>\
      <th class="num">Relative</th><th class="num">Share</th><th class="num">Change</th></tr></thead>
      <tbody>
      \(rows)</tbody>
      </table></div>
      </section>

      """
  }

  private func exitsSection() -> String {
    let c = comparison
    var body = ""
    for step in c.steps where !step.exitsGrown.isEmpty {
      body += """
        <h3 data-step="\(e(step.label))">After \(e(step.label)) · dropped \(int(step.dropped.base)) → \(int(step.dropped.current))</h3>
        <table class="data compact"><tbody>

        """
      for exit in step.exitsGrown {
        body += """
          <tr data-touchpoint="\(e(exit.value))" data-change="\(exit.change)"><td class="tp-cell">\(e(exit.value))</td>\
          <td class="num">\(int(exit.base)) → \(int(exit.current))</td>\
          <td class="num">\(change(Double(exit.change), F.signedInteger(exit.change), upIsGood: false))</td></tr>

          """
      }
      body += "</tbody></table>\n"
    }
    if body.isEmpty { body = "<p class=\"muted\">No exit touchpoint grew.</p>\n" }
    return """
      <section class="panel" id="exits">
      <h2>Exit touchpoints that grew</h2>
      <p class="hint">Where the units dropped after each step went last (their last touchpoint): the values whose \
      units grew most, at most 10 per step.</p>
      \(body)</section>

      """
  }

  /// With personas in both reports: per persona its users, units and median time to convert,
  /// then per persona in both reports its steps, significant changes marked as in the whole funnel.
  private func personasSection() -> String {
    guard let personas = comparison.personas else { return "" }
    var overview = ""
    for persona in personas {
      let time = persona.timeToConvert
      overview += """
        <tr data-persona="\(e(persona.name))" data-present-in="\(persona.presentIn.rawValue)" \
        data-base-users="\(persona.users.base)" data-current-users="\(persona.users.current)">\
        <td>\(e(persona.name))</td><td>\(e(ComparisonMarkdownRenderer.presence(persona.presentIn)))</td>\
        <td class="num">\(int(persona.users.base)) → \(int(persona.users.current))</td>\
        <td class="num">\(change(Double(persona.users.change), F.signedInteger(persona.users.change)))</td>\
        <td class="num">\(int(persona.units.base)) → \(int(persona.units.current))</td>\
        <td class="num">\(change(Double(persona.units.change), F.signedInteger(persona.units.change)))</td>\
        <td class="num">\(time.map { $0.base == nil && $0.current == nil ? "–" : e(F.durations($0)) } ?? "–")</td>\
        <td class="num">\(e(F.signedDuration(time?.changeSeconds)))</td></tr>

        """
    }
    var funnels = ""
    for persona in personas where persona.presentIn == .both {
      var rows = ""
      for step in persona.steps {
        let start = step.conversionFromStart
        let previous = step.conversionFromPrevious
        let significant = start.significant || previous.significant
        rows += """
          <tr class="step\(significant ? " significant" : "")" data-persona="\(e(persona.name))" data-step="\(e(step.label))" \
          data-index="\(step.index)" data-base-units="\(step.units.base)" data-current-units="\(step.units.current)" \
          data-change-points="\(ReportFormatting.number(start.changePoints))" \
          data-p-value="\(start.pValue.map(ReportFormatting.number) ?? "")" data-significant="\(start.significant)" \
          data-previous-change-points="\(ReportFormatting.number(previous.changePoints))" \
          data-previous-p-value="\(previous.pValue.map(ReportFormatting.number) ?? "")" data-previous-significant="\(previous.significant)">\
          <td>\(step.index + 1). \(e(step.label))</td>\
          <td class="num">\(int(step.units.base)) → \(int(step.units.current))</td>\
          <td class="num">\(change(Double(step.units.change), F.signedInteger(step.units.change)))</td>\
          <td class="num">\(pct(start.base)) → \(pct(start.current))</td>\
          <td class="num">\(change(start.changePoints, F.points(start.changePoints)))</td>\
          <td class="num">\(e(F.relative(start.relativeChange)))</td>\
          <td class="num pv">\(e(F.pValue(start.pValue)))\(badge(start))</td>\
          <td class="num">\(pct(previous.base)) → \(pct(previous.current))</td>\
          <td class="num">\(change(previous.changePoints, F.points(previous.changePoints)))</td>\
          <td class="num pv">\(e(F.pValue(previous.pValue)))\(badge(previous))</td></tr>

          """
      }
      funnels += """
        <h3 data-persona="\(e(persona.name))">\(e(persona.name))</h3>
        <div class="scroll"><table class="data">
        <thead><tr><th>Step</th><th class="num">Units</th><th class="num">Change</th><th class="num">From start</th>\
        <th class="num">Change</th><th class="num">Relative</th><th class="num">p</th><th class="num">From previous</th>\
        <th class="num">Change</th><th class="num">p</th></tr></thead>
        <tbody>
        \(rows)</tbody>
        </table></div>

        """
    }
    return """
      <section class="panel" id="personas">
      <h2>Personas</h2>
      <p class="hint">Each persona's own funnel in both reports, personas matched by name; a persona only one report \
      has is listed, without steps. Changes are marked <span class="badge">significant</span> as in the whole funnel.</p>
      <div class="scroll"><table class="data compact">
      <thead><tr><th>Persona</th><th>In</th><th class="num">Users</th><th class="num">Change</th><th class="num">Units</th>\
      <th class="num">Change</th><th class="num">Median time to convert</th><th class="num">Change</th></tr></thead>
      <tbody>
      \(overview)</tbody>
      </table></div>
      \(funnels)</section>

      """
  }

  private func summarySection() -> String {
    let c = comparison
    var rows = ""
    for (label, count) in [("Units", c.summary.units), ("Events", c.summary.events), ("Rejected records", c.summary.rejected)] {
      rows += """
        <tr><th scope="row">\(label)</th><td class="num">\(int(count.base))</td><td class="num">\(int(count.current))</td>\
        <td class="num">\(e(F.signedInteger(count.change)))</td><td class="num">\(e(F.relative(count.relativeChange)))</td></tr>

        """
    }
    return """
      <section class="panel" id="summary">
      <h2>Summary</h2>
      <table class="data compact">
      <thead><tr><th></th><th class="num">Base</th><th class="num">Now</th><th class="num">Change</th><th class="num">Relative</th></tr></thead>
      <tbody>
      \(rows)</tbody>
      </table>
      <p class="hint">Base: <code>\(e(c.base.file))</code> (\(e(F.period(c.base)))) · now: \
      <code>\(e(c.current.file))</code> (\(e(F.period(c.current)))).</p>
      </section>

      """
  }

  // MARK: Helpers

  private func e(_ text: String) -> String { HTMLText.escape(text) }
  private func int(_ value: Int) -> String { ReportFormatting.integer(value) }
  private func pct(_ ratio: Double) -> String { ReportFormatting.percent(ratio) }

  /// A change with its arrow, coloured by direction (`upIsGood: false` for losses such as exits).
  private func change(_ value: Double, _ text: String, upIsGood: Bool = true) -> String {
    guard value != 0, text != "0.0 pp" else { return "<span class=\"delta flat\">\(e(text))</span>" }
    let up = value > 0
    let good = up == upIsGood
    return "<span class=\"delta \(good ? "good" : "bad")\">\(up ? "▲" : "▼") \(e(text))</span>"
  }

  private func badge(_ rate: RateChange) -> String {
    rate.significant ? " <span class=\"badge\" title=\"\(e(F.rule(comparison)))\">significant</span>" : ""
  }

  /// What the comparison adds to the report's stylesheet.
  static let css = """
    .card .value.file { overflow-wrap: anywhere; }
    .card.significant { border-color: #D55E00; }
    .delta { white-space: nowrap; font-weight: 600; }
    .delta.good { color: var(--good); }
    .delta.bad { color: var(--bad); }
    .delta.flat { color: var(--muted); font-weight: 500; }
    .badge { display: inline-block; margin-left: 6px; padding: 0 7px; border-radius: 9px; font-size: 11px; font-weight: 700;
      letter-spacing: .02em; background: var(--ink); color: var(--card); vertical-align: 1px; }
    tr.significant td, .scroll tr.significant > :first-child { font-weight: 650; background: var(--mark-bg); }
    .pairs { display: grid; gap: 10px; margin: 6px 0 18px; }
    .pair { display: grid; grid-template-columns: 170px 1fr 230px; gap: 14px; align-items: center; padding: 6px 8px;
      border-radius: 8px; }
    .pair.significant { background: var(--mark-bg); outline: 1px solid var(--mark-line); }
    .pair-label { font-weight: 650; overflow-wrap: anywhere; }
    .pair-row { display: grid; grid-template-columns: 38px 1fr 56px; gap: 8px; align-items: center; font-size: 12px; }
    .pair-row .who { color: var(--muted); }
    .pair-row .bar.base > span { background: var(--faint); }
    .pair-change { font-size: 13px; }
    @media (max-width: 720px) { .pair { grid-template-columns: 1fr; gap: 4px; } }
    @media print { .badge, .pair-row .bar > span { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
    """
}
