import JourneyReports

/// The CSV rows of personas (SPEC §9), only when the report has personas; then the header gains the
/// ``personaColumns`` after the old ones (a report without personas keeps its header byte for byte).
///
/// | section | rows |
/// |---|---|
/// | `persona` | one per persona and count: `field` `users`, `sessions`, `units` or `units_without_stage`, its `value` |
/// | `funnel`, `finding`, `reach`, … `path` | the persona's whole report, as the report's own rows, with `persona` set |
/// | `persona_versus_rest` | per persona and funnel step (`stage`): the persona's `units`, `entrants`, `conversion_from_start` and 95% Wilson `interval_lower`/`interval_upper`; the same of the users outside it (`rest_…`); `difference_points`; `p_value` (empty below 30 entrants on a side, or undefined); `significant` (`true`/`false`) |
/// | `persona_overlap` | per pair of personas (config order, `(no persona)` left out): `persona`, the other in `value`, users in both in `count` |
extension CSVReportRenderer {
  static let personaColumns = [
    "persona", "entrants", "interval_lower", "interval_upper", "rest_units", "rest_entrants", "rest_conversion",
    "rest_interval_lower", "rest_interval_upper", "difference_points", "p_value", "significant",
  ]

  func personaRows() -> [[String: String]] {
    guard let personas = report.personas else { return [] }
    let n = ReportFormatting.number
    var rows: [[String: String]] = []
    for persona in personas {
      for (key, value) in [
        ("users", persona.users), ("sessions", persona.sessions), ("units", persona.units),
        ("units_without_stage", persona.unitsWithoutStage),
      ] {
        rows.append(["section": "persona", "persona": persona.name, "field": key, "value": String(value)])
      }
      for step in persona.versusRest {
        var row = [
          "section": "persona_versus_rest", "persona": persona.name, "stage": step.label, "units": String(step.units),
          "entrants": String(step.entrants), "conversion_from_start": n(step.conversion), "rest_units": String(step.restUnits),
          "rest_entrants": String(step.restEntrants), "rest_conversion": n(step.restConversion),
          "significant": step.significant ? "true" : "false",
        ]
        row["interval_lower"] = step.interval.map { n($0.lower) }
        row["interval_upper"] = step.interval.map { n($0.upper) }
        row["rest_interval_lower"] = step.restInterval.map { n($0.lower) }
        row["rest_interval_upper"] = step.restInterval.map { n($0.upper) }
        row["difference_points"] = step.differencePoints.map(n)
        row["p_value"] = step.pValue.map(n)
        rows.append(row)
      }
      var own = funnelRows(persona.funnel.steps)
      own += findingRows(persona.funnel.findings)
      own += mapRows(persona.journeyMap, time: persona.funnel.timeToConvert, steps: persona.funnel.steps.map(\.label))
      own += liftRows(persona.lift)
      own += flowRows(entries: persona.entries, exits: persona.exits, transitions: persona.transitions, paths: persona.paths)
      rows += own.map { $0.merging(["persona": persona.name]) { _, new in new } }
    }
    if let overlap = report.personaOverlap {
      for (row, name) in overlap.personas.enumerated() where row < overlap.users.count {
        for (column, other) in overlap.personas.enumerated() where column < overlap.users[row].count {
          rows.append(["section": "persona_overlap", "persona": name, "value": other, "count": String(overlap.users[row][column])])
        }
      }
    }
    return rows
  }
}
