import Foundation
import JourneyModel
import JourneyReports

/// The whole report as one RFC 4180 CSV: a `section` column says what each row is.
///
/// Columns (empty when a section has no such value):
///
/// | column | sections |
/// |---|---|
/// | `section` | `funnel`, `finding`, `reach`, `touchpoint`, `next_touchpoint`, `exit_touchpoint`, `time_in_stage`, `time_to_convert`, `time_to_convert_bin`, `lift`, `entry`, `exit`, `transition`, `path`, `breakdown`, `breakdown_transition`, `summary`, `input`, `reject`, `reject_sample` |
/// | `field` | breakdown field (also on the journey-map rows of a breakdown value); summary and input key (`events`, `compression`, `headline`, …); the finding's kind (`largest_drop`, `lowest_conversion`, `slowest_step`, `top_exit_of_largest_drop`); `above` / `below` 1 for lift |
/// | `value` | breakdown value; summary and input value; the finding's number (units lost, conversion, median seconds) |
/// | `stage` | funnel step label (`≥ 2 stages` with `order: any`), entry, exit and breakdown stage; the stage of `reach`, `touchpoint` (`(no stage)` for unlabelled events) and `time_in_stage`; the step label of `next_touchpoint`, `exit_touchpoint`, `time_to_convert`, `time_to_convert_bin` and `finding` (`(whole funnel)` for step 1 → last) |
/// | `from`, `to` | transition stages, `(start)` / `(exit)` included; the steps a time to convert runs between |
/// | `path` | path stages joined by ` → ` (a cut path ends with `…`) |
/// | `units` | units reaching the step, entering, exiting, following the path, or in the breakdown value; a stage's reach; units with the touchpoint (in the stage, or among the dropped) |
/// | `count` | transition count; rejected records for a reason; durations behind a time statistic; units in a histogram bin |
/// | `share` | transition probability (row-normalised); entry, exit and path share; reach over all units; a touchpoint's units over the stage's reach, or over the step's dropped units |
/// | `conversion_from_start`, `conversion_from_previous`, `dropped`, `in_progress` | funnel steps (breakdowns: from start); `dropped` on `next_touchpoint` / `exit_touchpoint` rows |
/// | `median_seconds_from_previous`, `p90_seconds_from_previous` | funnel steps |
/// | `file`, `line`, `reason` | input file (`file`); reject reason; reject samples |
/// | `touchpoint` | the touchpoint value (`(other)`, `(none)`, `(exit)` included) of `touchpoint`, `next_touchpoint`, `exit_touchpoint`, `lift` and the top-exit finding |
/// | `events` | events with the touchpoint in the stage |
/// | `statistic`, `seconds` | `time_in_stage` (`median`, `p90`) and `time_to_convert` (`min`, `p25`, `median`, `p75`, `p90`, `p95`, `p99`, `max`, `mean`) rows: the statistic and its value (empty when there are no durations) |
/// | `from_seconds`, `to_seconds` | a histogram bin's edges (`to_seconds` empty for the last, open bin); its label is in `statistic` |
/// | `successes`, `failures`, `odds_ratio` | lift: converted and not converted units with the touchpoint, and the odds ratio |
/// | `text` | the finding in words |
///
/// The journey-map rows (`reach` … `time_to_convert_bin`) of a breakdown value carry its `field` and
/// `value`; the whole report's have them empty. A report with personas adds their rows and columns
/// (``personaColumns``, described in `CSVReportRenderer+Personas.swift`). Ratios and seconds are exact (as in the JSON); CRLF
/// line ends as RFC 4180 asks; a field a spreadsheet would run as a formula gets a leading `'`.
package struct CSVReportRenderer {
  static let columns = [
    "section", "field", "value", "stage", "from", "to", "path", "units", "count", "share", "conversion_from_start",
    "conversion_from_previous", "dropped", "in_progress", "median_seconds_from_previous", "p90_seconds_from_previous",
    "file", "line", "reason", "touchpoint", "events", "statistic", "seconds", "from_seconds", "to_seconds", "successes",
    "failures", "odds_ratio", "text",
  ]

  let report: JourneyReport

  init(report: JourneyReport) { self.report = report }

  func render() -> String {
    var rows: [[String: String]] = []
    let n = ReportFormatting.number
    rows += funnelRows(report.funnel.steps)
    rows += findingRows()
    rows += mapRows(report.journeyMap, time: report.funnel.timeToConvert, steps: report.funnel.steps.map(\.label))
    rows += liftRows()
    rows += flowRows(entries: report.entries, exits: report.exits, transitions: report.transitions, paths: report.paths)
    for breakdown in report.breakdowns {
      for value in breakdown.values {
        rows.append(["section": "breakdown", "field": breakdown.field, "value": value.value, "units": String(value.units)])
        for step in value.funnel {
          rows.append([
            "section": "breakdown", "field": breakdown.field, "value": value.value, "stage": step.label,
            "units": String(step.units), "conversion_from_start": n(step.conversionFromStart),
          ])
        }
        for t in value.transitions {
          rows.append([
            "section": "breakdown_transition", "field": breakdown.field, "value": value.value, "from": t.from, "to": t.to,
            "count": String(t.count), "share": n(t.probability),
          ])
        }
        rows += mapRows(value.journeyMap, time: value.timeToConvert, steps: value.funnel.map(\.label)).map {
          $0.merging(["field": breakdown.field, "value": value.value]) { _, new in new }
        }
      }
    }
    rows += personaRows()
    let s = report.summary
    let summary: [(String, String?)] = [
      ("scope", report.funnel.scope), ("order", report.funnel.order), ("window_seconds", report.funnel.windowSeconds.map(n)),
      ("events", String(s.events)), ("rejected", String(s.rejected)), ("excluded", String(s.excluded)),
      ("out_of_range", String(s.outOfRange ?? 0)),
      ("duplicates", String(s.duplicates)), ("users", String(s.users)), ("sessions", String(s.sessions)),
      ("units", String(s.units)), ("units_without_stage", String(s.unitsWithoutStage)),
      ("unclassified_events", String(s.unclassifiedEvents)), ("first_event", s.firstEvent.map(ReportFormatting.time)), ("last_event", s.lastEvent.map(ReportFormatting.time)),
      ("tie_rule", s.tieRule), ("funnel_kind", report.funnel.kind), ("headline", report.funnel.headline),
      ("entrants", report.funnel.entrants.map(String.init)), ("touchpoint", report.journeyMap?.touchpoint),
      ("lift_successes", report.lift.map { String($0.successes) }), ("lift_failures", report.lift.map { String($0.failures) }),
      ("lift_min_units", report.lift.map { String($0.minUnits) }),
    ]
    for (key, value) in summary where value != nil || !Self.journeyMapSummaryKeys.contains(key) {
      rows.append(["section": "summary", "field": key, "value": value ?? ""])
    }
    for input in s.inputs {
      let facts: [(String, String?)] = [
        ("compression", input.compression), ("format", input.format), ("records", String(input.records)),
        ("bytes", String(input.bytes)), ("error", input.error),
      ]
      for (key, value) in facts where value != nil {
        rows.append(["section": "input", "file": input.path, "field": key, "value": value!])
      }
    }
    for (reason, count) in report.rejects.byReason.sorted(by: { $0.key < $1.key }) {
      rows.append(["section": "reject", "reason": reason, "count": String(count)])
    }
    for sample in report.rejects.samples {
      rows.append(["section": "reject_sample", "file": sample.file, "line": String(sample.line), "reason": sample.reason])
    }

    // The persona columns only when the report has personas: a report without keeps its header.
    let columns = Self.columns + (report.personas == nil ? [] : Self.personaColumns)
    var text = columns.joined(separator: ",") + "\r\n"
    for row in rows {
      text += columns.map { FieldQuoting.csvField(row[$0] ?? "") }.joined(separator: ",") + "\r\n"
    }
    return text
  }

  /// The funnel's steps, one row each.
  func funnelRows(_ steps: [JourneyReport.Step]) -> [[String: String]] {
    let n = ReportFormatting.number
    return steps.map { step in
      var row = [
        "section": "funnel", "stage": step.label, "units": String(step.units),
        "conversion_from_start": n(step.conversionFromStart), "conversion_from_previous": n(step.conversionFromPrevious),
        "dropped": String(step.dropped), "in_progress": String(step.inProgress),
      ]
      row["median_seconds_from_previous"] = step.medianSecondsFromPrevious.map(n)
      row["p90_seconds_from_previous"] = step.p90SecondsFromPrevious.map(n)
      return row
    }
  }

  /// Entries, exits, transitions and paths, in that order.
  func flowRows(
    entries: [JourneyReport.StageShare], exits: [JourneyReport.StageShare], transitions: [JourneyReport.Transition],
    paths: [JourneyReport.Path]
  ) -> [[String: String]] {
    let n = ReportFormatting.number
    var rows: [[String: String]] = []
    for entry in entries {
      rows.append(["section": "entry", "stage": entry.stage, "units": String(entry.units), "share": n(entry.share)])
    }
    for exit in exits {
      rows.append(["section": "exit", "stage": exit.stage, "units": String(exit.units), "share": n(exit.share)])
    }
    for t in transitions {
      rows.append(["section": "transition", "from": t.from, "to": t.to, "count": String(t.count), "share": n(t.probability)])
    }
    for path in paths {
      rows.append(["section": "path", "path": ReportFormatting.path(path.path), "units": String(path.units), "share": n(path.share)])
    }
    return rows
  }
}
