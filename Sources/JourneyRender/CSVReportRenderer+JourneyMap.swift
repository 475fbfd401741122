import JourneyReports

/// The CSV rows of the journey map (SPEC §8); the columns are described on ``CSVReportRenderer``.
extension CSVReportRenderer {
  /// Summary keys that are left out when the report has no such value (a report without a map).
  static let journeyMapSummaryKeys: Set<String> = [
    "headline", "entrants", "touchpoint", "lift_successes", "lift_failures", "lift_min_units",
  ]

  /// The stage label the whole funnel's time to convert is filed under.
  static let wholeFunnel = "(whole funnel)"

  /// One row per finding: its kind, step, number and sentence.
  func findingRows() -> [[String: String]] { findingRows(report.funnel.findings) }

  /// As ``findingRows()``, for a persona's findings.
  func findingRows(_ findings: Findings?) -> [[String: String]] {
    guard let findings else { return [] }
    let n = ReportFormatting.number
    var rows: [[String: String]] = []
    let kinds: [(String, Findings.Finding?)] = [
      ("largest_drop", findings.largestDrop), ("lowest_conversion", findings.lowestConversion),
      ("slowest_step", findings.slowestStep),
    ]
    for (kind, finding) in kinds {
      guard let finding else { continue }
      rows.append(["section": "finding", "field": kind, "stage": finding.label, "value": n(finding.value)])
    }
    if let top = findings.topExitOfLargestDrop {
      rows.append([
        "section": "finding", "field": "top_exit_of_largest_drop", "stage": findings.largestDrop?.label ?? "",
        "touchpoint": top.value, "units": String(top.units), "share": n(top.share),
      ])
    }
    // The sentences come in the order of the findings above, one per finding present.
    if rows.count == findings.sentences.count {
      for index in rows.indices { rows[index]["text"] = findings.sentences[index] }
    } else {
      rows += findings.sentences.map { ["section": "finding", "text": $0] }
    }
    return rows
  }

  /// Reach, touchpoints, time in stage and the next and exit touchpoints of each step's dropped
  /// units, then time to convert per step and for the whole funnel with the histograms.
  func mapRows(_ map: JourneyMap?, time: TimeToConvert?, steps: [String]) -> [[String: String]] {
    (map.map(mapRows) ?? []) + (time.map { timeRows($0, steps: steps) } ?? [])
  }

  private func mapRows(_ map: JourneyMap) -> [[String: String]] {
    let n = ReportFormatting.number
    var rows: [[String: String]] = []
    for stage in map.stages {
      rows.append(["section": "reach", "stage": stage.stage, "units": String(stage.reach), "share": n(stage.share)])
    }
    for (stage, touchpoints) in map.stages.map({ ($0.stage, $0.touchpoints) }) + [("(no stage)", map.noStage)] {
      for t in touchpoints.values {
        rows.append([
          "section": "touchpoint", "stage": stage, "touchpoint": t.value, "events": String(t.events),
          "units": String(t.units), "share": n(t.share),
        ])
      }
    }
    for stage in map.stages {
      let summary = stage.timeInStage
      for (statistic, seconds) in [("median", summary.medianSeconds), ("p90", summary.p90Seconds)] {
        rows.append([
          "section": "time_in_stage", "stage": stage.stage, "count": String(summary.count), "statistic": statistic,
          "seconds": seconds.map(n) ?? "",
        ])
      }
    }
    for exits in map.stages.compactMap(\.exits) {
      for (section, list) in [("next_touchpoint", exits.next), ("exit_touchpoint", exits.exit)] {
        for t in list {
          rows.append([
            "section": section, "stage": exits.step, "dropped": String(exits.dropped), "touchpoint": t.value,
            "units": String(t.units), "share": n(t.share),
          ])
        }
      }
    }
    return rows
  }

  private func timeRows(_ time: TimeToConvert, steps: [String]) -> [[String: String]] {
    let n = ReportFormatting.number
    var rows: [[String: String]] = []
    var distributions: [(stage: String, from: String, to: String, DurationDistribution)] = []
    for (index, distribution) in time.steps.enumerated() where index > 0 && index < steps.count {
      if let distribution { distributions.append((steps[index], steps[index - 1], steps[index], distribution)) }
    }
    if let first = steps.first, let last = steps.last {
      distributions.append((Self.wholeFunnel, first, last, time.whole))
    }
    for (stage, from, to, distribution) in distributions {
      for (statistic, seconds) in JourneyMapText.allStatistics(distribution) {
        rows.append([
          "section": "time_to_convert", "stage": stage, "from": from, "to": to, "count": String(distribution.count),
          "statistic": statistic, "seconds": seconds.map(n) ?? "",
        ])
      }
      for bin in distribution.histogram {
        rows.append([
          "section": "time_to_convert_bin", "stage": stage, "from": from, "to": to, "statistic": bin.label,
          "from_seconds": n(bin.fromSeconds), "to_seconds": bin.toSeconds.map(n) ?? "", "count": String(bin.count),
        ])
      }
    }
    return rows
  }

  /// The touchpoints rated by lift, above 1 then below 1.
  func liftRows() -> [[String: String]] { liftRows(report.lift) }

  /// As ``liftRows()``, for a persona's lift.
  func liftRows(_ lift: Lift?) -> [[String: String]] {
    guard let lift else { return [] }
    let n = ReportFormatting.number
    return [("above", lift.above), ("below", lift.below)].flatMap { side, entries in
      entries.map {
        [
          "section": "lift", "field": side, "touchpoint": $0.touchpoint, "successes": String($0.successes),
          "failures": String($0.failures), "odds_ratio": n($0.oddsRatio),
        ]
      }
    }
  }
}
