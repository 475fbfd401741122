import JourneyReports

/// Markdown's journey-map sections (SPEC §8): the headline and findings under the title, the map as
/// a table with stages as columns, the `(no stage)` touchpoints, time to convert with its histogram,
/// and lift.
extension MarkdownReportRenderer {
  /// The headline naming its kind (bold), then the findings as a list.
  mutating func findings() {
    let text = JourneyMapText(report: report)
    out.append("")
    out.append("**\(Self.prose(text.headline))**")
    let sentences = report.funnel.findings?.sentences ?? []
    guard !sentences.isEmpty else { return }
    heading("Findings")
    for sentence in sentences { out.append("- " + Self.prose(sentence)) }
  }

  /// Stages as columns: reach, top touchpoints, time in stage and, for ordered and strict funnels,
  /// the units dropped after the stage's step with their next and exit touchpoints.
  mutating func journeyMap() {
    guard let map = report.journeyMap, !map.stages.isEmpty else { return }
    let text = JourneyMapText(report: report)
    heading("Journey map")
    out.append(
      "Touchpoint field: \(Self.prose(map.touchpoint)). Per stage: reach (share of all \(int(map.units)) units), the top "
        + "\(text.top) touchpoints (units, share of the stage's reach), time in stage; after each step: the units that "
        + "dropped there, the touchpoint they went to next and the last one they had (share of the dropped).")
    out.append("")
    var rows: [[String]] = [["reach"] + map.stages.map { "\(int($0.reach)) (\(pct($0.share)))" }]
    let depth = map.stages.map { text.listed($0.touchpoints.values).count }.max() ?? 0
    for row in 0..<max(1, depth) {
      rows.append([row == 0 ? "touchpoints" : ""] + map.stages.map { stage in
        let values = Array(text.listed(stage.touchpoints.values))
        guard row < values.count else { return row == 0 ? "–" : "" }
        return "\(values[row].value) — \(int(values[row].units)) (\(pct(values[row].share)))"
      })
    }
    rows.append(["time in stage (median)"] + map.stages.map { ReportFormatting.duration($0.timeInStage.medianSeconds) })
    rows.append(["time in stage (p90)"] + map.stages.map { ReportFormatting.duration($0.timeInStage.p90Seconds) })
    let columns = map.stages.count
    if text.lostBelongsToStages {
      rows += lostRows(map.stages.map(\.exits), text: text)
      table([""] + map.stages.map(\.stage), align: "l" + String(repeating: "l", count: columns), rows)
    } else {
      table([""] + map.stages.map(\.stage), align: "l" + String(repeating: "l", count: columns), rows)
      let lost = text.lostColumns
      if !lost.isEmpty {
        out.append("")
        out.append("Where attention is lost, per funnel step:")
        out.append("")
        table(
          ["step"] + lost.map(\.exits.step), align: "l" + String(repeating: "l", count: lost.count),
          lostRows(lost.map(\.exits), text: text))
      }
    }
    if map.noStage.events > 0 {
      out.append("")
      out.append("Events with no stage: \(int(map.noStage.events)) (\(int(map.noStage.distinct)) distinct touchpoints).")
      out.append("")
      table(
        ["(no stage) touchpoint", "events", "units", "share"], align: "lrrr",
        text.listed(map.noStage.values).map { [$0.value, int($0.events), int($0.units), pct($0.share)] })
    }
  }

  private func lostRows(_ exits: [JourneyMap.Exits?], text: JourneyMapText) -> [[String]] {
    var rows: [[String]] = [["dropped"] + exits.map { $0.map { int($0.dropped) } ?? "–" }]
    for (name, list) in [("next touchpoint", \JourneyMap.Exits.next), ("exit touchpoint", \JourneyMap.Exits.exit)] {
      let depth = exits.map { $0.map { text.listed($0[keyPath: list]).count } ?? 0 }.max() ?? 0
      for row in 0..<depth {
        rows.append([row == 0 ? name : ""] + exits.map { exit in
          guard let values = exit.map({ Array(text.listed($0[keyPath: list])) }), row < values.count else { return "" }
          return "\(values[row].value) — \(int(values[row].units)) (\(pct(values[row].share)))"
        })
      }
    }
    return rows
  }

  /// Per step from the previous one and for the whole funnel, then the whole funnel's histogram.
  mutating func timeToConvert() {
    let text = JourneyMapText(report: report)
    let rows = text.timeRows
    guard !rows.isEmpty, let whole = report.funnel.timeToConvert?.whole else { return }
    heading("Time to convert")
    table(
      ["step", "count"] + JourneyMapText.statisticNames, align: "lrrrrrr",
      rows.map { [$0.label, int($0.distribution.count)] + JourneyMapText.statistics($0.distribution).map(ReportFormatting.duration) })
    out.append("")
    out.append("Whole funnel, by time to convert:")
    out.append("")
    table(
      ["time", "units", "share"], align: "lrr",
      whole.histogram.map { [$0.label, int($0.count), pct(whole.count == 0 ? 0 : Double($0.count) / Double(whole.count))] })
  }

  /// The touchpoints that go with converting and with not converting.
  mutating func lift() {
    guard let lift = report.lift else { return }
    heading("Lift")
    out.append(
      "Odds ratio of converting with a touchpoint (prior of 1), for touchpoints of at least \(int(lift.minUnits)) units; "
        + "\(int(lift.successes)) units converted, \(int(lift.failures)) did not.")
    out.append("")
    let rows = (lift.above.map { ($0, "converting") } + lift.below.map { ($0, "not converting") }).map { entry, side in
      [side, entry.touchpoint, JourneyMapText.odds(entry.oddsRatio), int(entry.successes), int(entry.failures)]
    }
    table(["goes with", "touchpoint", "odds ratio", "converted", "did not"], align: "llrrr", rows)
  }

  /// Each breakdown value's reach per stage (open funnel) and median time to convert, when the values
  /// carry their own maps.
  mutating func breakdownReach(_ breakdown: JourneyReport.Breakdown) {
    guard breakdown.values.contains(where: { $0.journeyMap != nil }) else { return }
    let stages = report.journeyMap?.stages.map(\.stage) ?? report.stageNames
    out.append("")
    out.append("Reach per stage (units of the value with an event of the stage) and median time to convert:")
    out.append("")
    table(
      ["value"] + stages + ["median time to convert"], align: "l" + String(repeating: "r", count: stages.count + 1),
      breakdown.values.map { value in
        [value.value]
          + stages.map { stage in
            value.journeyMap?.stages.first { $0.stage == stage }.map { "\(int($0.reach)) (\(pct($0.share)))" } ?? "–"
          }
          + [ReportFormatting.duration(value.timeToConvert?.whole.medianSeconds)]
      })
  }

  /// Running text with Markdown's emphasis and code marks escaped too.
  static func prose(_ text: String) -> String {
    var out = ""
    for character in escape(text) {
      if "*_`[]".contains(character) { out.append("\\") }
      out.append(character)
    }
    return out
  }

  private func int(_ value: Int) -> String { ReportFormatting.integer(value) }
  private func pct(_ ratio: Double) -> String { ReportFormatting.percent(ratio) }
}
