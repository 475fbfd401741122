import Foundation
import JourneyModel
import JourneyReports

/// The whole report as one RFC 4180 CSV: a `section` column says what each row is.
///
/// Columns (empty when a section has no such value):
///
/// | column | sections |
/// |---|---|
/// | `section` | `funnel`, `entry`, `exit`, `transition`, `path`, `breakdown`, `breakdown_transition`, `summary`, `input`, `reject`, `reject_sample` |
/// | `field` | breakdown field; summary and input key (`events`, `compression`, …) |
/// | `value` | breakdown value; summary and input value |
/// | `stage` | funnel, entry, exit and breakdown stage |
/// | `from`, `to` | transition stages, `(start)` / `(exit)` included |
/// | `path` | path stages joined by ` → ` (a cut path ends with `…`) |
/// | `units` | units reaching the step, entering, exiting, following the path, or in the breakdown value |
/// | `count` | transition count; rejected records for a reason |
/// | `share` | transition probability (row-normalised); entry, exit and path share |
/// | `conversion_from_start`, `conversion_from_previous`, `dropped`, `in_progress` | funnel steps (breakdowns: from start) |
/// | `median_seconds_from_previous`, `p90_seconds_from_previous` | funnel steps |
/// | `file`, `line`, `reason` | input file (`file`); reject reason; reject samples |
///
/// Ratios and seconds are exact (as in the JSON); CRLF line ends as RFC 4180 asks.
package struct CSVReportRenderer {
  static let columns = [
    "section", "field", "value", "stage", "from", "to", "path", "units", "count", "share", "conversion_from_start",
    "conversion_from_previous", "dropped", "in_progress", "median_seconds_from_previous", "p90_seconds_from_previous",
    "file", "line", "reason",
  ]

  let report: JourneyReport

  init(report: JourneyReport) { self.report = report }

  func render() -> String {
    var rows: [[String: String]] = []
    let n = ReportFormatting.number
    for step in report.funnel.steps {
      var row = [
        "section": "funnel", "stage": step.label, "units": String(step.units),
        "conversion_from_start": n(step.conversionFromStart), "conversion_from_previous": n(step.conversionFromPrevious),
        "dropped": String(step.dropped), "in_progress": String(step.inProgress),
      ]
      row["median_seconds_from_previous"] = step.medianSecondsFromPrevious.map(n)
      row["p90_seconds_from_previous"] = step.p90SecondsFromPrevious.map(n)
      rows.append(row)
    }
    for entry in report.entries {
      rows.append(["section": "entry", "stage": entry.stage, "units": String(entry.units), "share": n(entry.share)])
    }
    for exit in report.exits {
      rows.append(["section": "exit", "stage": exit.stage, "units": String(exit.units), "share": n(exit.share)])
    }
    for t in report.transitions {
      rows.append(["section": "transition", "from": t.from, "to": t.to, "count": String(t.count), "share": n(t.probability)])
    }
    for path in report.paths {
      rows.append(["section": "path", "path": ReportFormatting.path(path.path), "units": String(path.units), "share": n(path.share)])
    }
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
      }
    }
    let s = report.summary
    let summary: [(String, String?)] = [
      ("scope", report.funnel.scope), ("order", report.funnel.order), ("window_seconds", report.funnel.windowSeconds.map(n)),
      ("events", String(s.events)), ("rejected", String(s.rejected)), ("excluded", String(s.excluded)),
      ("duplicates", String(s.duplicates)), ("users", String(s.users)), ("sessions", String(s.sessions)),
      ("units", String(s.units)), ("units_without_stage", String(s.unitsWithoutStage)),
      ("unclassified_events", String(s.unclassifiedEvents)), ("first_event", s.firstEvent), ("last_event", s.lastEvent),
      ("tie_rule", s.tieRule),
    ]
    for (key, value) in summary {
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

    var text = Self.columns.joined(separator: ",") + "\r\n"
    for row in rows {
      text += Self.columns.map { FieldQuoting.csvField(row[$0] ?? "") }.joined(separator: ",") + "\r\n"
    }
    return text
  }
}
