import JourneyModel
import JourneyReports

/// The table's journey-map sections (SPEC §8): the headline and findings under the title, the map
/// with stages as columns (wrapped into blocks of columns when they do not fit), the `(no stage)`
/// touchpoints, time to convert with its histogram, and lift.
///
/// Touchpoints are cut in the middle (`/produ…shoes`), so five stages fit in 100 columns (their
/// shares then in whole percent).
extension TableReportRenderer {
  /// Width of the map's row labels ("time in stage").
  static let mapLabelWidth = 13
  /// Narrowest map column: a touchpoint cut to 10 characters and its share in whole percent.
  static let mapMinColumn = 15
  static let mapMaxColumn = 30

  /// The headline naming its kind, then the findings in words.
  mutating func findings() {
    let text = JourneyMapText(report: report)
    for line in ReportFormatting.wrap(clean(text.headline), width: width - 2) {
      lines.append(style("  " + line, .bold))
    }
    let sentences = report.funnel.findings?.sentences ?? []
    guard !sentences.isEmpty else { return }
    section("Findings")
    for sentence in sentences {
      for (index, line) in ReportFormatting.wrap(clean(sentence), width: width - 4).enumerated() {
        lines.append((index == 0 ? "  • " : "    ") + line)
      }
    }
  }

  /// Stages as columns: reach, top touchpoints, time in stage, and (ordered and strict funnels) the
  /// dropped units of the stage's step with their next and exit touchpoints.
  mutating func journeyMap() {
    guard let map = report.journeyMap else { return }
    let text = JourneyMapText(report: report)
    section("Journey map", note: "touchpoints: top \(text.top) by units, share of the stage's reach")
    guard !map.stages.isEmpty else { return lines.append("  (no stages)") }
    lines.append(style(ReportFormatting.truncateMiddle("  touchpoint: \(clean(map.touchpoint))", to: width), .dim))
    let rank = { (list: [JourneyMap.Touchpoint]) in text.listed(list).count }
    let depth = map.stages.map { rank($0.touchpoints.values) }.max() ?? 0
    var rows: [(String, [String])] = []
    rows.append(("reach", map.stages.map { "\(int($0.reach)) \(pct($0.share))" }))
    for row in 0..<max(1, depth) {
      rows.append((row == 0 ? "touchpoints" : "", map.stages.map { stage in
        let values = Array(text.listed(stage.touchpoints.values))
        guard row < values.count else { return row == 0 ? "–" : "" }
        return touchpointCell(values[row].value, values[row].share)
      }))
    }
    rows.append(("time in stage", map.stages.map { "median \(ReportFormatting.duration($0.timeInStage.medianSeconds))" }))
    rows.append(("", map.stages.map { "p90 \(ReportFormatting.duration($0.timeInStage.p90Seconds))" }))
    if text.lostBelongsToStages {
      rows += lostRows(map.stages.map(\.exits), text: text)
      grid(map.stages.map(\.stage), rows)
    } else {
      grid(map.stages.map(\.stage), rows)
      let columns = text.lostColumns
      if !columns.isEmpty {
        lines.append("")
        lines.append(style(ReportFormatting.truncate("  where attention is lost, per funnel step:", to: width), .dim))
        grid(columns.map(\.exits.step), lostRows(columns.map(\.exits), text: text))
      }
    }
    noStageTouchpoints(map.noStage, text: text)
  }

  /// The dropped units of each step, then their next and exit touchpoints (share of the dropped).
  private func lostRows(_ exits: [JourneyMap.Exits?], text: JourneyMapText) -> [(String, [String])] {
    var rows: [(String, [String])] = [("dropped", exits.map { $0.map { "\(int($0.dropped)) dropped" } ?? "–" })]
    for (name, list) in [("next", \JourneyMap.Exits.next), ("exit", \JourneyMap.Exits.exit)] {
      let depth = exits.map { $0.map { text.listed($0[keyPath: list]).count } ?? 0 }.max() ?? 0
      for row in 0..<depth {
        rows.append((row == 0 ? name : "", exits.map { exit -> String in
          guard let exit else { return "" }
          let values = Array(text.listed(exit[keyPath: list]))
          return row < values.count ? touchpointCell(values[row].value, values[row].share) : ""
        }))
      }
    }
    return rows
  }

  /// Marks a cell made of a touchpoint and its share, laid out by ``grid(_:_:)`` to the column width.
  private static let cellMarker: Character = "\u{0}"

  private func touchpointCell(_ value: String, _ share: Double) -> String {
    "\(Self.cellMarker)\(value)\(Self.cellMarker)\(ReportFormatting.number(share))"
  }

  /// Below this column width a share is shown in whole percent (`89%`), leaving the touchpoint two
  /// more characters.
  static let mapWideColumn = 19

  /// Columns of cells under `headers`, as many per block as fit in the width, blocks one below the
  /// other; a cell `\0value\0share` becomes the value cut in the middle and the share right-aligned.
  private mutating func grid(_ headers: [String], _ rows: [(String, [String])]) {
    let label = Self.mapLabelWidth
    let available = width - 2 - label
    let perBlock = max(1, min(headers.count, available / (Self.mapMinColumn + 2)))
    let column = min(Self.mapMaxColumn, available / perBlock - 2)
    let names = ReportFormatting.cutApart(headers.map(clean), to: column)
    // Each column's cells are cut together, so that two touchpoints of one stage stay apart.
    var laidOut = rows.map { $0.1 }
    for index in headers.indices {
      let cells = layoutColumn(rows.map { index < $0.1.count ? $0.1[index] : "" }, column)
      for row in rows.indices where index < laidOut[row].count { laidOut[row][index] = cells[row] }
    }
    for start in stride(from: 0, to: headers.count, by: perBlock) {
      let block = start..<min(start + perBlock, headers.count)
      if start > 0 { lines.append("") }
      var head = "  " + String(repeating: " ", count: label)
      for index in block { head += "  " + ReportFormatting.pad(names[index], column) }
      lines.append(style(trimmed(head), .bold))
      for (row, (name, cells)) in rows.enumerated() {
        guard block.contains(where: { !cells[$0].isEmpty }) else { continue }
        var line = "  " + style(ReportFormatting.pad(name, label), .dim)
        for index in block { line += "  " + ReportFormatting.pad(laidOut[row][index], column) }
        lines.append(trimmed(line))
      }
    }
  }

  /// The cells of one column laid out to `column` characters: a cell `\0value\0share` becomes the
  /// value cut in the middle (apart from the other values of the column) and the share right-aligned.
  private func layoutColumn(_ cells: [String], _ column: Int) -> [String] {
    let wide = column >= Self.mapWideColumn
    let shareWidth = wide ? 6 : 4
    let valueWidth = column - shareWidth - 1
    let parts = cells.map { cell -> (value: String, share: Double)? in
      guard cell.first == Self.cellMarker, let last = cell.lastIndex(of: Self.cellMarker), last != cell.startIndex else {
        return nil
      }
      return (clean(String(cell[cell.index(after: cell.startIndex)..<last])), Double(cell[cell.index(after: last)...]) ?? 0)
    }
    let values = ReportFormatting.cutApart(parts.compactMap { $0?.value }, to: valueWidth)
    var next = values.makeIterator()
    return zip(cells, parts).map { cell, part in
      guard let part, let value = next.next() else { return ReportFormatting.truncateMiddle(clean(cell), to: column) }
      let share = wide ? pct(part.share) : Self.wholePercent(part.share)
      return ReportFormatting.pad(value, valueWidth) + " " + ReportFormatting.pad(share, shareWidth, right: true)
    }
  }

  /// A share in whole percent for narrow columns: `89%`, `100%`, `<1%` for a small non-zero share.
  static func wholePercent(_ ratio: Double) -> String {
    guard ratio.isFinite else { return "–" }
    let percent = Int((ratio * 100).rounded())
    return percent == 0 && ratio > 0 ? "<1%" : "\(percent)%"
  }

  private func trimmed(_ line: String) -> String {
    var line = line
    while line.last == " " { line.removeLast() }
    return line
  }

  /// Touchpoints of the events that no rule labelled: events, units and their share.
  private mutating func noStageTouchpoints(_ noStage: JourneyMap.Touchpoints, text: JourneyMapText) {
    guard noStage.events > 0 else { return }
    lines.append("")
    lines.append(style(
      ReportFormatting.truncate(
        "  (no stage): \(int(noStage.events)) events, \(int(noStage.distinct)) distinct touchpoints", to: width), .dim))
    numberRows(["events", "units", "share"], text.listed(noStage.values).map { ($0.value, [int($0.events), int($0.units), pct($0.share)]) })
  }

  /// Time to convert per step and for the whole funnel, then the whole funnel's histogram.
  mutating func timeToConvert() {
    let text = JourneyMapText(report: report)
    let rows = text.timeRows
    guard !rows.isEmpty, let whole = report.funnel.timeToConvert?.whole else { return }
    section("Time to convert", note: "from the previous step; whole funnel: first step to last")
    numberRows(
      ["count"] + JourneyMapText.statisticNames,
      rows.map { row in
        (row.label, [int(row.distribution.count)] + JourneyMapText.statistics(row.distribution).map(ReportFormatting.duration))
      })
    guard whole.count > 0 else { return }
    lines.append("")
    lines.append(style("  whole funnel, \(int(whole.count)) units:", .dim))
    let countWidth = max(5, whole.histogram.map { int($0.count).count }.max() ?? 0)
    let barWidth = max(8, min(40, width - 2 - 10 - 2 - countWidth - 2 - 6 - 2))
    let most = max(1, whole.histogram.map(\.count).max() ?? 1)
    for bin in whole.histogram {
      let share = ReportFormatting.percent(Double(bin.count) / Double(whole.count))
      lines.append(trimmed(
        "  " + ReportFormatting.pad(bin.label, 10) + "  " + ReportFormatting.pad(int(bin.count), countWidth, right: true)
          + "  " + ReportFormatting.pad(share, 6, right: true) + "  "
          + style(Self.bar(Double(bin.count) / Double(most), width: barWidth), .bar)))
    }
  }

  /// The touchpoints that go with converting (odds ratio above 1) and with not converting (below 1).
  mutating func lift() {
    guard let lift = report.lift else { return }
    section(
      "Lift",
      note: "odds ratio with a prior of 1, touchpoints of ≥ \(int(lift.minUnits)) units; \(int(lift.successes)) converted, \(int(lift.failures)) did not")
    guard !lift.above.isEmpty || !lift.below.isEmpty else {
      return lines.append("  (no touchpoint of ≥ \(int(lift.minUnits)) units)")
    }
    let groups = [("goes with converting", lift.above), ("goes with not converting", lift.below)].map { title, entries in
      (title, entries.map { ($0.touchpoint, [JourneyMapText.odds($0.oddsRatio), int($0.successes), int($0.failures)]) })
    }
    numberRows(["odds", "converted", "did not"], groups: groups.filter { !$0.1.isEmpty })
  }

  /// Each breakdown value's reach per stage (open funnel, from its own map) and median time to
  /// convert, when the values carry maps; stage columns are left out when they do not fit.
  mutating func breakdownReach(_ breakdown: JourneyReport.Breakdown) {
    guard breakdown.values.contains(where: { $0.journeyMap != nil }) else { return }
    let stages = report.journeyMap?.stages.map(\.stage) ?? report.stageNames
    lines.append("")
    lines.append(style(ReportFormatting.truncate("  reach per stage and median time to convert, by value:", to: width), .dim))
    var header = ReportFormatting.cutApart(stages.map(clean), to: 13) + ["to convert"]
    var rows = breakdown.values.map { value -> (String, [String]) in
      let reach = stages.map { stage in value.journeyMap?.stages.first { $0.stage == stage }.map { int($0.reach) } ?? "–" }
      return (value.value, reach + [ReportFormatting.duration(value.timeToConvert?.whole.medianSeconds)])
    }
    let widths = header.indices.map { column in max(header[column].count, rows.map { $0.1[column].count }.max() ?? 0) }
    if 2 + 8 + widths.reduce(0, { $0 + $1 + 2 }) > width {
      header = ["to convert"]
      rows = rows.map { ($0.0, [$0.1.last ?? "–"]) }
    }
    numberRows(header, rows)
  }

  /// A label column (cut in the middle to what is left) and right-aligned number columns.
  private mutating func numberRows(_ header: [String], _ rows: [(String, [String])]) {
    numberRows(header, groups: [(nil, rows)])
  }

  /// As ``numberRows(_:_:)``, for groups of rows under their own titles, aligned as one table. Labels
  /// are cut in the middle, apart from each other; when the number columns leave a label fewer than
  /// 12 characters they are split into blocks, one below the other, each with every row.
  private mutating func numberRows(_ header: [String], groups: [(String?, [(String, [String])])]) {
    let rows = groups.flatMap(\.1)
    let widths = header.indices.map { column in
      max(header[column].count, rows.map { $0.1[column].count }.max() ?? 0)
    }
    let blocks = ReportFormatting.columnBlocks(widths: widths, labelWidth: 12, width: width)
    for (number, block) in blocks.enumerated() {
      if number > 0 { lines.append("") }
      let numbers = block.reduce(0) { $0 + widths[$1] + 2 }
      let labelWidth = max(4, min(40, width - 2 - numbers))
      let labels = ReportFormatting.cutApart(rows.map { clean($0.0) }, to: labelWidth)
      var head = "  " + String(repeating: " ", count: labelWidth)
      for column in block { head += "  " + ReportFormatting.pad(header[column], widths[column], right: true) }
      lines.append(style(head, .dim))
      var index = 0
      for (title, rows) in groups {
        if let title { lines.append(style(ReportFormatting.truncate("  \(title):", to: width), .dim)) }
        for (_, cells) in rows {
          var line = "  " + ReportFormatting.pad(labels[index], labelWidth)
          for column in block { line += "  " + ReportFormatting.pad(cells[column], widths[column], right: true) }
          lines.append(line)
          index += 1
        }
      }
    }
  }

  private func int(_ value: Int) -> String { ReportFormatting.integer(value) }
  private func pct(_ ratio: Double) -> String { ReportFormatting.percent(ratio) }
}
