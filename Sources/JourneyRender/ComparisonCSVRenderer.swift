import JourneyReports
import JourneyCompare

/// The comparison as one RFC 4180 CSV in long form: one row per compared number, a `section` and a
/// `metric` column saying what it is.
///
/// | section | metric | rows |
/// |---|---|---|
/// | `input` | `file`, `first_event`, `last_event` | the two reports (`base` and `current` hold text) |
/// | `setting` | `scope`, `order`, `window_seconds`, `touchpoint`, `significance_level`, `minimum_units` | what both reports share (in `base` and `current`) |
/// | `summary` | `units`, `events`, `rejected` | the runs' counts |
/// | `funnel` | `units`, `dropped`, `conversion_from_start`, `conversion_from_previous`, `median_seconds_from_previous` | per step (`index` 0-based, `stage` its label) |
/// | `time_to_convert` | `median_seconds` | the whole funnel |
/// | `reach` | `reach`, `share` | per stage |
/// | `exit_grown` | `units` | per step, the exit touchpoints that grew most (`touchpoint`) |
/// | `persona` | `present_in` (`true`/`false` per side), `users`, `units` | per persona, in the `persona` column |
///
/// With personas in both reports, a last column `persona` names the persona of a row: its
/// `persona` rows, then its `funnel`, `time_to_convert`, `reach` and `exit_grown` rows as above
/// (on the persona's own funnel; none for a persona only one report has). The whole comparison's
/// rows leave it empty; without personas there is no such column.
///
/// `change` is current − base (seconds for durations); `change_points` (conversions and shares) is
/// it in percentage points; `relative_change` is change / base; `p_value`, `significant` and the
/// Wilson bounds (`base_lower` …) are set on conversions. Empty cells are unknown or undefined.
/// CRLF line ends; a cell a spreadsheet would run as a formula gets a leading `'`.
struct ComparisonCSVRenderer {
  static let columns = [
    "section", "index", "stage", "metric", "touchpoint", "base", "current", "change", "change_points",
    "relative_change", "p_value", "significant", "base_lower", "base_upper", "current_lower", "current_upper",
  ]

  let comparison: ReportComparison

  func render() -> String {
    let n = ReportFormatting.number
    var rows: [[String: String]] = []
    let c = comparison
    for (metric, base, current) in [
      ("file", c.base.file, c.current.file), ("first_event", c.base.firstEvent.map(ReportFormatting.time) ?? "", c.current.firstEvent.map(ReportFormatting.time) ?? ""),
      ("last_event", c.base.lastEvent.map(ReportFormatting.time) ?? "", c.current.lastEvent.map(ReportFormatting.time) ?? ""),
    ] {
      rows.append(["section": "input", "metric": metric, "base": base, "current": current])
    }
    let window = c.funnel.windowSeconds.map(n) ?? ""
    for (metric, value) in [
      ("scope", c.funnel.scope), ("order", c.funnel.order), ("window_seconds", window),
      ("touchpoint", c.funnel.touchpoint ?? ""), ("significance_level", n(c.significanceLevel)),
      ("minimum_units", String(c.minimumUnits)),
    ] {
      rows.append(["section": "setting", "metric": metric, "base": value, "current": value])
    }
    for (metric, change) in [("units", c.summary.units), ("events", c.summary.events), ("rejected", c.summary.rejected)] {
      rows.append(count(change, ["section": "summary", "metric": metric]))
    }
    rows += funnelRows(steps: c.steps, timeToConvert: c.timeToConvert, stages: c.stages, key: [:])
    for persona in c.personas ?? [] {
      let key = ["persona": persona.name]
      rows.append(
        key.merging([
          "section": "persona", "metric": "present_in", "base": String(persona.presentIn != .current),
          "current": String(persona.presentIn != .base),
        ]) { $1 })
      rows.append(count(persona.users, key.merging(["section": "persona", "metric": "users"]) { $1 }))
      rows.append(count(persona.units, key.merging(["section": "persona", "metric": "units"]) { $1 }))
      guard persona.presentIn == .both else { continue }
      rows += funnelRows(
        steps: persona.steps, timeToConvert: persona.timeToConvert ?? DurationChange(base: nil, current: nil),
        stages: persona.stages, key: key)
    }
    let columns = c.personas == nil ? Self.columns : Self.columns + ["persona"]
    var text = columns.joined(separator: ",") + "\r\n"
    for row in rows {
      text += columns.map { FieldQuoting.csvField(row[$0] ?? "") }.joined(separator: ",") + "\r\n"
    }
    return text
  }

  /// The rows of one funnel (the whole comparison's, or a persona's with `key` naming it): per
  /// step, the time to convert, reach per stage, the exits that grew.
  private func funnelRows(
    steps: [ReportComparison.Step], timeToConvert: DurationChange, stages: [ReportComparison.Stage], key base: [String: String]
  ) -> [[String: String]] {
    let n = ReportFormatting.number
    var rows: [[String: String]] = []
    for step in steps {
      let key = base.merging(["section": "funnel", "index": String(step.index), "stage": step.label]) { $1 }
      rows.append(count(step.units, key.merging(["metric": "units"]) { $1 }))
      rows.append(count(step.dropped, key.merging(["metric": "dropped"]) { $1 }))
      rows.append(rate(step.conversionFromStart, key.merging(["metric": "conversion_from_start"]) { $1 }))
      rows.append(rate(step.conversionFromPrevious, key.merging(["metric": "conversion_from_previous"]) { $1 }))
      rows.append(duration(step.medianSecondsFromPrevious, key.merging(["metric": "median_seconds_from_previous"]) { $1 }))
    }
    rows.append(duration(timeToConvert, base.merging(["section": "time_to_convert", "metric": "median_seconds"]) { $1 }))
    for stage in stages {
      rows.append(count(stage.reach, base.merging(["section": "reach", "stage": stage.stage, "metric": "reach"]) { $1 }))
      rows.append(
        base.merging([
          "section": "reach", "stage": stage.stage, "metric": "share", "base": n(stage.share.base),
          "current": n(stage.share.current), "change_points": n(stage.share.changePoints),
        ]) { $1 })
    }
    for step in steps {
      for exit in step.exitsGrown {
        rows.append(
          base.merging([
            "section": "exit_grown", "index": String(step.index), "stage": step.label, "metric": "units",
            "touchpoint": exit.value, "base": String(exit.base), "current": String(exit.current), "change": String(exit.change),
          ]) { $1 })
      }
    }
    return rows
  }

  private func count(_ change: CountChange, _ key: [String: String]) -> [String: String] {
    var row = key
    row["base"] = String(change.base)
    row["current"] = String(change.current)
    row["change"] = String(change.change)
    row["relative_change"] = change.relativeChange.map(ReportFormatting.number)
    return row
  }

  private func rate(_ change: RateChange, _ key: [String: String]) -> [String: String] {
    let n = ReportFormatting.number
    var row = key
    row["base"] = n(change.base)
    row["current"] = n(change.current)
    row["change"] = n(change.current - change.base)
    row["change_points"] = n(change.changePoints)
    row["relative_change"] = change.relativeChange.map(n)
    row["p_value"] = change.pValue.map(n)
    row["significant"] = change.significant ? "true" : "false"
    row["base_lower"] = change.baseInterval.map { n($0.lower) }
    row["base_upper"] = change.baseInterval.map { n($0.upper) }
    row["current_lower"] = change.currentInterval.map { n($0.lower) }
    row["current_upper"] = change.currentInterval.map { n($0.upper) }
    return row
  }

  private func duration(_ change: DurationChange, _ key: [String: String]) -> [String: String] {
    let n = ReportFormatting.number
    var row = key
    row["base"] = change.base.map(n)
    row["current"] = change.current.map(n)
    row["change"] = change.changeSeconds.map(n)
    row["relative_change"] = change.relativeChange.map(n)
    return row
  }
}
