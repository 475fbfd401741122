import JourneyReports

/// Markdown's persona section (SPEC §9), only when the report has personas: the funnel side by side
/// (a column per persona: units and conversion from start, the difference to the rest in points, its
/// p-value, the difference in bold and `*` when significant), each persona's users and the top exit
/// touchpoint of its largest drop, and the overlap matrix.
extension MarkdownReportRenderer {
  mutating func personas() {
    guard let personas = report.personas else { return }
    heading("Personas")
    out.append(
      "Per step and persona: the units that reached the step and the conversion from start; then "
        + Self.prose(PersonaText.legend) + ".")
    out.append("")
    let labels = (personas.first?.versusRest.map(\.label)).flatMap { $0.isEmpty ? nil : $0 } ?? report.funnel.steps.map(\.label)
    guard !personas.isEmpty else { return out.append("_none_") }
    out.append("| step | " + personas.map { Self.escape($0.name) }.joined(separator: " | ") + " |")
    out.append("| --- |" + String(repeating: " ---: |", count: personas.count))
    for (index, label) in labels.enumerated() {
      let cells = personas.map { persona -> String in
        guard index < persona.versusRest.count else { return "–" }
        let step = persona.versusRest[index]
        let difference = Self.escape(PersonaText.difference(step))
        var cell = "\(int(step.units)) (\(pct(step.conversion))) · " + (step.significant ? "**\(difference)**" : difference)
        if let p = PersonaText.pValue(step) { cell += " " + Self.escape(p) }
        if step.significant { cell += " \\" + PersonaText.marker }
        return cell
      }
      out.append("| " + Self.escape(label) + " | " + cells.joined(separator: " | ") + " |")
    }

    out.append("")
    out.append("Top exit: " + Self.prose(PersonaText.topExitLegend) + ".")
    out.append("")
    table(
      ["persona", "users", "units", "lost after", "lost", "top exit touchpoint", "share"], align: "lrrlrlr",
      personas.map { persona in
        let exit = PersonaText.topExit(of: persona)
        return [
          persona.name, int(persona.users), int(persona.units), exit?.after ?? "–", exit.map { int($0.dropped) } ?? "–",
          exit?.exit?.value ?? "–", exit?.exit.map { pct($0.share) } ?? "–",
        ]
      })

    guard let overlap = report.personaOverlap, !overlap.personas.isEmpty else { return }
    out.append("")
    out.append("Overlap: " + Self.prose(PersonaText.overlapLegend) + ".")
    out.append("")
    table(
      ["persona"] + overlap.personas, align: "l" + String(repeating: "r", count: overlap.personas.count),
      overlap.personas.indices.map { row in
        [overlap.personas[row]]
          + overlap.personas.indices.map { column in
            row < overlap.users.count && column < overlap.users[row].count ? int(overlap.users[row][column]) : "–"
          }
      })
  }

  private func int(_ value: Int) -> String { ReportFormatting.integer(value) }
  private func pct(_ ratio: Double) -> String { ReportFormatting.percent(ratio) }
}
