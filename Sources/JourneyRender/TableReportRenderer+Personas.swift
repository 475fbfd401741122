import JourneyReports

/// The table's persona sections (SPEC §9), drawn only when the report has personas: the funnel side
/// by side (per step and persona: units and conversion from start, then the difference to the rest
/// with its p-value and a `*` when significant), each persona's users and the top exit touchpoint of
/// its largest drop, and the overlap matrix.
///
/// Persona columns are packed into blocks that fit the width, blocks one below the other; a name
/// longer than its column is cut in the middle (`Visitors…Germany`), so names that share a start
/// stay apart.
extension TableReportRenderer {
  /// Widest step label, and widest persona name before it is cut.
  static let personaLabelWidth = 16
  static let personaNameWidth = 18

  /// One row of a persona grid: its label, and per column the cell's lines.
  struct PersonaGridRow {
    var label: String
    var cells: [[String]]
  }

  mutating func personas() {
    guard let personas = report.personas else { return }
    section("Personas", note: "per step: units reaching it and conversion from start; below: vs the rest")
    guard !personas.isEmpty else { return lines.append("  (no personas)") }
    let labels = (personas.first?.versusRest.map(\.label)).flatMap { $0.isEmpty ? nil : $0 } ?? report.funnel.steps.map(\.label)
    let columns = personas.map { persona -> [[String]] in
      let unitsWidth = persona.versusRest.map { int($0.units).count }.max() ?? 1
      return labels.indices.map { index -> [String] in
        guard index < persona.versusRest.count else { return ["–", ""] }
        let step = persona.versusRest[index]
        let first = ReportFormatting.pad(int(step.units), unitsWidth, right: true) + " "
          + ReportFormatting.pad(ReportFormatting.percent(step.conversion), 6, right: true)
        let second = PersonaText.versusRest(step) + (step.significant ? " " + PersonaText.marker : "  ")
        return [first, second]
      }
    }
    let rows = labels.indices.map { index in PersonaGridRow(label: labels[index], cells: columns.map { $0[index] }) }
    var numbered = personaGrid(personas.map(\.name), rows)
    for line in ReportFormatting.wrap(PersonaText.legend, width: width - 2) { lines.append(style("  " + line, .dim)) }
    numbered = personaTopExits(personas) || numbered
    numbered = personaOverlap() || numbered
    guard numbered else { return }
    // Names too long to tell apart in their columns are numbered; the key gives them whole.
    lines.append("")
    lines.append(style("  numbered names in full:", .dim))
    for (index, persona) in personas.enumerated() {
      lines.append(ReportFormatting.truncate("  \(index + 1) \(clean(persona.name))", to: width))
    }
  }

  /// Per persona: users, the step it lost most units after, how many, and their top exit touchpoint.
  private mutating func personaTopExits(_ personas: [PersonaReport]) -> Bool {
    lines.append("")
    for line in ReportFormatting.wrap("top exit: " + PersonaText.topExitLegend, width: width - 2) {
      lines.append(style("  " + line, .dim))
    }
    let exits = personas.map(PersonaText.topExit)
    let usersWidth = max(5, personas.map { int($0.users).count }.max() ?? 0)
    let lostWidth = max(4, exits.map { $0.map { int($0.dropped).count } ?? 1 }.max() ?? 0)
    var nameWidth = min(Self.personaNameWidth, max(7, personas.map { clean($0.name).count }.max() ?? 0))
    var stepWidth = min(14, max(10, exits.map { $0.map { clean($0.after).count } ?? 0 }.max() ?? 0))
    let shareWidth = 6
    func exitWidth() -> Int { width - (2 + nameWidth + 2 + usersWidth + 2 + stepWidth + 2 + lostWidth + 2 + shareWidth + 2) }
    if exitWidth() < 12 {
      nameWidth = max(8, nameWidth - (12 - exitWidth()))
      stepWidth = max(8, stepWidth - max(0, 12 - exitWidth()))
    }
    let tail = max(4, exitWidth())
    // Too narrow for the touchpoint beside the rest: it goes on a line of its own under its persona.
    let stacked = exitWidth() < 8
    // The touchpoint last, so that it can take what the width leaves.
    func row(_ cells: (String, String, String, String, String, String)) -> String {
      if stacked {
        let line = "  " + ReportFormatting.pad(cells.0, nameWidth) + "  " + ReportFormatting.pad(cells.1, usersWidth, right: true)
          + "  " + ReportFormatting.pad(cells.2, stepWidth) + "  " + ReportFormatting.pad(cells.3, lostWidth, right: true)
        guard !cells.4.isEmpty else { return line }
        let exit = "    top exit " + cells.5 + "  "
        return line + "\n" + exit + ReportFormatting.truncateMiddle(cells.4, to: max(4, width - exit.count))
      }
      return "  " + ReportFormatting.pad(cells.0, nameWidth) + "  " + ReportFormatting.pad(cells.1, usersWidth, right: true) + "  "
        + ReportFormatting.pad(cells.2, stepWidth) + "  " + ReportFormatting.pad(cells.3, lostWidth, right: true) + "  "
        + ReportFormatting.pad(cells.5, shareWidth, right: true) + "  " + cells.4
    }
    let after = stepWidth >= 10 ? "lost after" : "after"
    lines.append(style(trimmedLine(row(("persona", "users", after, "lost", stacked ? "" : "top exit", "share"))), .dim))
    let (names, numbered) = Self.cutNames(personas.map(\.name), widths: personas.map { _ in nameWidth })
    for (name, (persona, exit)) in zip(names, zip(personas, exits)) {
      guard let exit else {
        lines.append(trimmedLine(row((name, int(persona.users), "–", "", "", ""))))
        continue
      }
      let row = row((
        name, int(persona.users), ReportFormatting.truncateMiddle(clean(exit.after), to: stepWidth), int(exit.dropped),
        exit.exit.map { stacked ? clean($0.value) : ReportFormatting.truncateMiddle(clean($0.value), to: tail) } ?? "–",
        exit.exit.map { ReportFormatting.percent($0.share) } ?? ""
      ))
      for line in row.split(separator: "\n") { lines.append(trimmedLine(String(line))) }
    }
    return numbered
  }

  /// Users in both of two personas, the personas' own users on the diagonal.
  private mutating func personaOverlap() -> Bool {
    guard let overlap = report.personaOverlap, !overlap.personas.isEmpty else { return false }
    lines.append("")
    lines.append(style(ReportFormatting.truncate("  overlap: " + PersonaText.overlapLegend, to: width), .dim))
    let rows = overlap.personas.indices.map { row in
      PersonaGridRow(
        label: overlap.personas[row],
        cells: overlap.personas.indices.map { column in
          [row < overlap.users.count && column < overlap.users[row].count ? int(overlap.users[row][column]) : "–"]
        })
    }
    return personaGrid(overlap.personas, rows, numberLabels: true)
  }

  /// Right-aligned columns under `headers` (cut in the middle to the column), a label column on the
  /// left; as many columns per block as fit in the width, blocks one below the other. A cell line
  /// ending in the significance marker is bold in colour.
  @discardableResult
  private mutating func personaGrid(_ headers: [String], _ rows: [PersonaGridRow], numberLabels: Bool = false) -> Bool {
    let labelWidth = min(Self.personaLabelWidth, max(5, rows.map { clean($0.label).count }.max() ?? 0))
    let widest = max(4, width - 2 - labelWidth - 2)
    let columnWidths = headers.indices.map { column -> Int in
      let content = rows.flatMap { $0.cells[column] }.map(\.count).max() ?? 0
      return min(widest, max(content, min(clean(headers[column]).count, Self.personaNameWidth)))
    }
    var (names, numbered) = Self.cutNames(headers, widths: columnWidths)
    var rowLabels = ReportFormatting.cutApart(rows.map { clean($0.label) }, to: labelWidth)
    if numberLabels {
      // The overlap's rows are the same personas: numbered, both, when either would not read apart.
      let cut = Self.cutNames(rows.map(\.label), widths: rows.map { _ in labelWidth }, numbered: numbered)
      if cut.numbered && !numbered { (names, numbered) = Self.cutNames(headers, widths: columnWidths, numbered: true) }
      rowLabels = cut.names
    }
    let blocks = ReportFormatting.columnBlocks(widths: columnWidths, labelWidth: labelWidth, width: width)
    for (number, block) in blocks.enumerated() {
      if number > 0 { lines.append("") }
      var head = "  " + String(repeating: " ", count: labelWidth)
      for column in block {
        head += "  " + ReportFormatting.pad(names[column], columnWidths[column], right: true)
      }
      lines.append(style(head, .bold))
      for (rowIndex, row) in rows.enumerated() {
        let depth = block.map { row.cells[$0].count }.max() ?? 0
        for lineIndex in 0..<depth {
          let label = lineIndex == 0 ? rowLabels[rowIndex] : ""
          var line = "  " + ReportFormatting.pad(label, labelWidth)
          for column in block {
            let cells = row.cells[column]
            let text = lineIndex < cells.count ? ReportFormatting.truncate(cells[lineIndex], to: columnWidths[column]) : ""
            let cell = ReportFormatting.pad(text, columnWidths[column], right: true)
            line += "  " + (text.hasSuffix(" " + PersonaText.marker) ? style(cell, .bold) : cell)
          }
          lines.append(trimmedLine(line))
        }
      }
    }
    return numbered
  }

  /// `names` cut to `widths`, in the middle; when two cut names would read the same, each is
  /// numbered by its place in the config (`3 Visitors…mobile`), and the key under the section says
  /// whose number it is.
  static func cutNames(_ names: [String], widths: [Int], numbered force: Bool = false) -> (names: [String], numbered: Bool) {
    let clean = names.map(ReportFormatting.singleLine)
    let cut = zip(clean, widths).map { ReportFormatting.truncateMiddle($0, to: $1) }
    guard force || Set(cut).count < cut.count else { return (cut, false) }
    return (
      zip(clean, widths).enumerated().map { index, pair in
        let number = "\(index + 1) "
        return number + ReportFormatting.truncate(pair.0, to: max(1, pair.1 - number.count))
      }, true
    )
  }

  private func trimmedLine(_ line: String) -> String {
    var line = line
    while line.last == " " { line.removeLast() }
    return line
  }

  private func int(_ value: Int) -> String { ReportFormatting.integer(value) }
}
