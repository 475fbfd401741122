import JourneyReports

/// The page's persona panel (SPEC §9), only when the report has personas: the overlap matrix, then
/// one card per persona side by side (a grid that wraps: two across on a laptop, one on a phone),
/// each with its users, its conversion per step against the users outside it, and its own journey
/// map drawn by the same code as the report's (``journeyMapGrid(_:timeSteps:text:compact:)``).
///
/// A significant difference is marked three ways, so that it does not rest on colour: an arrow
/// (▲ above the rest, ▼ below), bold text on a tinted row (Okabe–Ito bluish green above, vermilion
/// below), and a tooltip with both conversions, their 95% Wilson intervals and the p-value. Every
/// row carries its exact numbers in `data-` attributes.
extension HTMLReportRenderer {
  /// Touchpoints listed per stage in a persona's compact map.
  static let personaMapTop = 3

  func personasSection() -> String {
    guard let personas = report.personas else { return "" }
    var cards = ""
    for persona in personas { cards += personaCard(persona) }
    if personas.isEmpty { cards = "<p class=\"muted\">No personas.</p>\n" }
    return """
      <section class="panel" id="personas">
      <h2>Personas</h2>
      <p class="hint">Each persona's journey on its users' units, with per step the conversion from start against the \
      users outside the persona: the difference in points, and a two-proportion z-test shown only with at least \
      \(PersonaStepComparison.minimumUnits) entrants on each side; the bar is the persona's conversion, its tick the rest's. <b>▲</b> / <b>▼</b> with a tinted row: significantly \
      above / below the rest (p &lt; \(ReportFormatting.number(PersonaStepComparison.significanceLevel))); hover a row for \
      the 95% Wilson intervals and the p-value. A user may be in several personas; <i>(no persona)</i> is the users in none.</p>
      \(overlapTable())<div class="persona-grid">
      \(cards)</div>
      </section>

      """
  }

  private func overlapTable() -> String {
    guard let overlap = report.personaOverlap, !overlap.personas.isEmpty else { return "" }
    var head = "<tr><th>Users in both</th>"
    for name in overlap.personas { head += "<th class=\"num\">\(e(name))</th>" }
    head += "</tr>"
    var body = ""
    for (row, name) in overlap.personas.enumerated() {
      body += "<tr><th scope=\"row\">\(e(name))</th>"
      for (column, other) in overlap.personas.enumerated() {
        let users = row < overlap.users.count && column < overlap.users[row].count ? overlap.users[row][column] : nil
        let diagonal = row == column ? " diagonal" : ""
        body += """
          <td class="num\(diagonal)" data-persona="\(e(name))" data-other="\(e(other))" data-users="\(users.map(String.init) ?? "")">\
          \(users.map(int) ?? "–")</td>
          """
      }
      body += "</tr>\n"
    }
    return """
      <h3>Overlap</h3>
      <div class="scroll"><table class="data compact overlap">
      <thead>\(head)</thead>
      <tbody>
      \(body)</tbody>
      </table></div>

      """
  }

  private func personaCard(_ persona: PersonaReport) -> String {
    var facts = "\(int(persona.users)) users · \(int(persona.sessions)) sessions · \(int(persona.units)) units"
    if let exit = PersonaText.topExit(of: persona) {
      facts += " · lost most after <b>\(e(exit.after))</b> (\(int(exit.dropped)))"
      if let top = exit.exit { facts += ", most last did <b>\(e(top.value))</b> (\(pct(top.share)))" }
    }
    var rows = ""
    for step in persona.versusRest { rows += versusRestRow(step, persona: persona.name) }
    var map = ""
    if let personaMap = persona.journeyMap, !personaMap.stages.isEmpty {
      let text = JourneyMapText(report: report, map: personaMap, top: Self.personaMapTop)
      map = "<h4>Journey map</h4>\n"
        + journeyMapGrid(personaMap, timeSteps: persona.funnel.timeToConvert?.steps ?? [], text: text, compact: true)
    }
    return """
      <article class="persona" data-persona="\(e(persona.name))" data-users="\(persona.users)" data-units="\(persona.units)">
      <h3 class="persona-name">\(e(persona.name))</h3>
      <p class="persona-facts">\(facts)</p>
      <div class="scroll"><table class="data compact versus">
      <thead><tr><th>Step</th><th class="num units">Units</th><th class="num">Conversion</th><th class="num">vs rest</th></tr></thead>
      <tbody>
      \(rows)</tbody>
      </table></div>
      \(map)</article>

      """
  }

  private func versusRestRow(_ step: PersonaStepComparison, persona: String) -> String {
    let n = ReportFormatting.number
    let above = (step.differencePoints ?? 0) > 0
    let mark = step.significant ? (above ? "▲ " : "▼ ") : ""
    let direction = step.significant ? (above ? " above" : " below") : ""
    func interval(_ interval: ProportionStatistics.Interval?) -> String {
      interval.map { " (95% CI \(pct($0.lower))–\(pct($0.upper)))" } ?? ""
    }
    var title = "\(persona): \(pct(step.conversion))\(interval(step.interval)), \(int(step.units)) of \(int(step.entrants)); "
    title += "the rest: \(pct(step.restConversion))\(interval(step.restInterval)), \(int(step.restUnits)) of \(int(step.restEntrants)); "
    title += "difference \(PersonaText.difference(step)); "
    if let p = step.pValue {
      title += "p = \(ComparisonFormatting.pValue(p)) (two-proportion z-test)"
      title += step.significant ? ", significant" : ", not significant"
    } else {
      title += "no p-value: it needs at least \(PersonaStepComparison.minimumUnits) entrants on each side and a defined test"
    }
    let barRest = ReportFormatting.cssPercent(step.restConversion)
    return """
      <tr class="vs\(step.significant ? " significant" : "")\(direction)" data-step="\(e(step.label))" data-units="\(step.units)" \
      data-entrants="\(step.entrants)" data-conversion="\(n(step.conversion))" data-rest-conversion="\(n(step.restConversion))" \
      data-difference-points="\(step.differencePoints.map(n) ?? "")" data-p-value="\(step.pValue.map(n) ?? "")" \
      data-significant="\(step.significant)" title="\(e(title))">\
      <td>\(e(step.label))</td><td class="num units">\(int(step.units))</td>\
      <td class="num">\(pct(step.conversion))<div class="bar vsbar"><span style="width:\(ReportFormatting.cssPercent(step.conversion))%">\
      </span><i style="left:\(barRest)%"></i></div><div class="pv">rest \(pct(step.restConversion))</div></td>\
      <td class="num diff"><span class="mark">\(mark)</span>\(e(PersonaText.difference(step)))\
      \(step.pValue.map { "<div class=\"pv\">p \(ComparisonFormatting.pValue($0))</div>" } ?? "")</td></tr>

      """
  }

  /// The persona panel's styles, added to the page only when it has personas.
  static let personaCSS = """
    .persona-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 480px), 1fr)); gap: 18px;
      margin-top: 14px; }
    .persona { border: 1px solid var(--line); border-radius: 12px; padding: 12px 14px; min-width: 0; }
    .persona .persona-name { font-size: 16px; text-transform: none; letter-spacing: 0; color: var(--ink); margin: 0 0 2px;
      overflow-wrap: anywhere; }
    .persona-facts { margin: 0 0 8px; color: var(--muted); font-size: 12.5px; }
    .persona h4 { font-size: 12px; margin: 12px 0 4px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
    .versus td { vertical-align: top; }
    .versus .diff { font-weight: 600; }
    .versus .pv { font-size: 11px; color: var(--muted); font-weight: 400; }
    .versus tr.significant td { font-weight: 700; }
    .versus tr.significant.above td { background: var(--good-bg); }
    .versus tr.significant.below td { background: var(--bad-bg); }
    .versus tr.above .mark { color: var(--good); }
    .versus tr.below .mark { color: var(--bad); }
    .vsbar { position: relative; height: 6px; margin-top: 3px; min-width: 50px; overflow: visible; }
    .vsbar i { position: absolute; top: -3px; width: 2px; height: 12px; margin-left: -1px; background: var(--ink); }
    .overlap { width: auto; }
    .overlap td.diagonal { font-weight: 700; background: var(--accent-bg); }
    .map.compact { min-width: 0; font-size: 12.5px; }
    .map.compact .corner, .map.compact tbody th { width: 84px; font-size: 11px; letter-spacing: 0; }
    .map.compact td { overflow-wrap: anywhere; }
    .map.compact .dropped { font-size: 12px; }
    .map.compact thead th.stage { font-size: 11px; padding: 6px 2px; }
    .map.compact .lost-title { text-transform: none; letter-spacing: 0; overflow-wrap: normal; }
    .map.compact th, .map.compact td { padding: 6px; }
    .map.compact .big { font-size: 16px; }
    .map.compact .tp { font-size: 12px; }
    @media (max-width: 720px) { .map.compact td, .map.compact thead th.stage { min-width: 112px; }
      #personas { padding: 14px 10px; } .persona { padding: 10px 8px; } .versus th, .versus td { padding: 4px 5px; } .vsbar { min-width: 36px; } }
    @media (max-width: 480px) { .versus .units { display: none; } .versus { font-size: 13px; } }
    """
}
