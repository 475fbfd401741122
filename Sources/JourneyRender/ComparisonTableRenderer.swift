import JourneyCompare

/// The terminal comparison: aligned columns per section within `options.width`, a `*` after the
/// p-value of a significant change (bold in colour).
///
/// User text (stage and touchpoint names, file names) is made single-line and escaped (
/// ``ReportFormatting/singleLine(_:)``) and cut to fit. ANSI colour only when `options.color` is set.
struct ComparisonTableRenderer {
  let comparison: ReportComparison
  let options: RenderOptions
  var width: Int { max(TerminalWidth.minimum, options.width) }
  private var lines: [String] = []

  init(comparison: ReportComparison, options: RenderOptions) {
    self.comparison = comparison
    self.options = options
  }

  private typealias F = ComparisonFormatting

  func render() -> String {
    var renderer = self
    renderer.build()
    return renderer.lines.joined(separator: "\n") + "\n"
  }

  private mutating func build() {
    let c = comparison
    let int = ReportFormatting.integer
    let pct = ReportFormatting.percent
    lines.append(style(ReportFormatting.truncate("Journey comparison · \(clean(F.funnel(c.funnel)))", to: width), bold: true))
    for (name, side) in [("base   ", c.base), ("current", c.current)] {
      lines.append(ReportFormatting.truncate("\(name)  \(clean(side.file))  \(clean(F.period(side)))", to: width))
    }
    lines.append(dim(ReportFormatting.truncate("changes: current − base; * \(F.rule(c)) (two-proportion z-test)", to: width)))

    section("Funnel: conversion from start")
    table(
      ["step", "base", "current", "change", "base", "current", "change", "relative", "p"],
      c.steps.map { step in
        let rate = step.conversionFromStart
        return [
          clean(step.label), int(step.units.base), int(step.units.current), F.signedInteger(step.units.change), pct(rate.base),
          pct(rate.current), F.points(rate.changePoints), F.relative(rate.relativeChange), p(rate),
        ]
      }, marked: c.steps.map(\.conversionFromStart.significant),
      groups: "units: base / current / change · conversion from start: base / current / change / relative / p")

    section("Conversion from the previous step")
    table(
      ["step", "base", "current", "change", "relative", "p", "dropped", "now"],
      c.steps.map { step in
        let rate = step.conversionFromPrevious
        return [
          clean(step.label), pct(rate.base), pct(rate.current), F.points(rate.changePoints), F.relative(rate.relativeChange),
          p(rate), int(step.dropped.base), int(step.dropped.current),
        ]
      }, marked: c.steps.map(\.conversionFromPrevious.significant))

    section("Median time from the previous step")
    table(
      ["step", "base", "current", "change"],
      c.steps.dropFirst().map { step in
        let d = step.medianSecondsFromPrevious
        return [clean(step.label), ReportFormatting.duration(d.base), ReportFormatting.duration(d.current), F.signedDuration(d.changeSeconds)]
      } + [[
        "whole funnel", ReportFormatting.duration(c.timeToConvert.base), ReportFormatting.duration(c.timeToConvert.current),
        F.signedDuration(c.timeToConvert.changeSeconds),
      ]])

    if !c.stages.isEmpty {
      section("Reach per stage")
      table(
        ["stage", "base", "current", "change", "relative", "share", "now", "change"],
        c.stages.map { stage in
          [
            clean(stage.stage), int(stage.reach.base), int(stage.reach.current), F.signedInteger(stage.reach.change),
            F.relative(stage.reach.relativeChange), pct(stage.share.base), pct(stage.share.current), F.points(stage.share.changePoints),
          ]
        })
    }

    section("Exit touchpoints that grew")
    let grown = c.steps.filter { !$0.exitsGrown.isEmpty }
    if grown.isEmpty { lines.append("  (none grew)") }
    for step in grown {
      lines.append(style(ReportFormatting.truncate("  after \(clean(step.label)) (dropped \(int(step.dropped.base)) → \(int(step.dropped.current)))", to: width), bold: true))
      table(
        ["touchpoint", "base", "current", "change"],
        step.exitsGrown.map { [clean($0.value), int($0.base), int($0.current), F.signedInteger($0.change)] }, indent: 4)
    }

    section("Summary")
    table(
      ["", "base", "current", "change", "relative"],
      [("units", c.summary.units), ("events", c.summary.events), ("rejected", c.summary.rejected)].map {
        [$0.0, int($0.1.base), int($0.1.current), F.signedInteger($0.1.change), F.relative($0.1.relativeChange)]
      })
    if let personas = c.personas { personaSections(personas) }
  }

  /// Per persona: users, units and the median time to convert side by side, then each persona's
  /// steps (units; conversion from start with change and p; from the previous step, change and p).
  private mutating func personaSections(_ personas: [PersonaComparison]) {
    let int = ReportFormatting.integer
    let pct = ReportFormatting.percent
    section("Personas")
    table(
      ["persona", "users", "now", "change", "units", "now", "change", "to convert", "now", "change"],
      personas.map { persona in
        let time = persona.timeToConvert
        return [
          clean(persona.name) + Self.presence(persona.presentIn), int(persona.users.base), int(persona.users.current),
          F.signedInteger(persona.users.change), int(persona.units.base), int(persona.units.current),
          F.signedInteger(persona.units.change), ReportFormatting.duration(time?.base), ReportFormatting.duration(time?.current),
          F.signedDuration(time?.changeSeconds),
        ]
      },
      groups: "users, funnel units and median time to convert: base / current / change")
    for persona in personas where persona.presentIn == .both {
      lines.append("")
      lines.append(style(ReportFormatting.truncate("  \(clean(persona.name))", to: width), bold: true))
      table(
        ["step", "base", "current", "change", "base", "current", "change", "p", "previous", "p"],
        persona.steps.map { step in
          let start = step.conversionFromStart
          let previous = step.conversionFromPrevious
          return [
            clean(step.label), int(step.units.base), int(step.units.current), F.signedInteger(step.units.change),
            pct(start.base), pct(start.current), F.points(start.changePoints), p(start), F.points(previous.changePoints),
            p(previous),
          ]
        }, marked: persona.steps.map { $0.conversionFromStart.significant || $0.conversionFromPrevious.significant },
        groups: "units · conversion from start: base / current / change / p · from previous: change / p",
        indent: 4)
    }
  }

  /// What follows the name of a persona only one report has.
  static func presence(_ presence: PersonaComparison.Presence) -> String {
    switch presence {
    case .both: ""
    case .base: " (base only)"
    case .current: " (current only)"
    }
  }

  private func p(_ rate: RateChange) -> String {
    F.pValue(rate.pValue) + (rate.significant ? " *" : "")
  }

  // MARK: Layout

  /// Columns: the first left-aligned and cut in the middle to what the width leaves (apart from the
  /// other rows), the others right-aligned; when they do not fit beside a first column of 12, they
  /// are split into blocks one below the other, each with every row, in order. `marked` rows (a
  /// significant change) are bold in colour.
  private mutating func table(
    _ header: [String], _ rows: [[String]], marked: [Bool] = [], groups: String? = nil, indent: Int = 2
  ) {
    guard !rows.isEmpty else { return lines.append(String(repeating: " ", count: indent) + "(none)") }
    let widths = header.indices.map { column in
      max(header[column].count, rows.map { $0[column].count }.max() ?? 0)
    }
    let firstMinimum = min(widths[0], 12)
    var blocks: [[Int]] = []
    var used = indent + firstMinimum
    for column in header.indices.dropFirst() {
      if blocks.isEmpty || used + 2 + widths[column] > width {
        blocks.append([])
        used = indent + firstMinimum
      }
      blocks[blocks.count - 1].append(column)
      used += 2 + widths[column]
    }
    if let groups {
      for text in ReportFormatting.wrap(groups, width: width - indent) {
        lines.append(dim(String(repeating: " ", count: indent) + text))
      }
    }
    for (number, block) in blocks.enumerated() {
      if number > 0 { lines.append("") }
      let rest = block.reduce(0) { $0 + widths[$1] + 2 }
      let first = max(min(widths[0], 4), min(widths[0], width - indent - rest))
      let labels = ReportFormatting.cutApart(rows.map { $0[0] }, to: first)
      func line(_ label: String, _ cells: [String]) -> String {
        var text = String(repeating: " ", count: indent) + ReportFormatting.pad(label, first)
        for column in block { text += "  " + ReportFormatting.pad(cells[column], widths[column], right: true) }
        return text
      }
      lines.append(dim(line(ReportFormatting.truncate(header[0], to: first), header)))
      for (index, row) in rows.enumerated() {
        lines.append(style(line(labels[index], row), bold: index < marked.count && marked[index]))
      }
    }
  }

  private mutating func section(_ title: String) {
    lines.append("")
    lines.append(options.color ? "\u{1B}[1;4m\(title)\u{1B}[0m" : title)
  }

  private func clean(_ text: String) -> String { ReportFormatting.singleLine(text) }

  private func dim(_ text: String) -> String { options.color ? "\u{1B}[2m\(text)\u{1B}[0m" : text }

  private func style(_ text: String, bold: Bool) -> String {
    options.color && bold && !text.isEmpty ? "\u{1B}[1m\(text)\u{1B}[0m" : text
  }
}
