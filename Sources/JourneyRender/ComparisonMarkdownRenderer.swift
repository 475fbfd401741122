import Foundation
import JourneyCompare

/// The comparison as GitHub-flavoured Markdown: the table output's sections as pipe tables, the
/// p-values of significant changes in bold.
///
/// Cell text is escaped as in ``MarkdownReportRenderer`` (user values show as text on GitHub).
struct ComparisonMarkdownRenderer {
  let comparison: ReportComparison
  private var out: [String] = []

  init(comparison: ReportComparison) { self.comparison = comparison }

  func render() -> String {
    var renderer = self
    renderer.build()
    return renderer.out.joined(separator: "\n") + "\n"
  }

  private typealias F = ComparisonFormatting

  private mutating func build() {
    let c = comparison
    let int = ReportFormatting.integer
    let pct = ReportFormatting.percent
    let e = MarkdownReportRenderer.escape
    out.append("# Journey comparison")
    out.append("")
    out.append("Base: `\(code(c.base.file))` (\(e(F.period(c.base)))) → current: `\(code(c.current.file))` (\(e(F.period(c.current))))")
    out.append("")
    out.append("\(e(F.funnel(c.funnel))). Changes are current − base; **bold** p-values mark a significant change: \(F.rule(c)) (two-proportion z-test).")

    heading("Funnel: conversion from start")
    table(
      ["step", "units base", "units current", "change", "base", "current", "change", "relative", "p"], align: "lrrrrrrrr",
      c.steps.map { step in
        let rate = step.conversionFromStart
        return [
          e(step.label), int(step.units.base), int(step.units.current), F.signedInteger(step.units.change), pct(rate.base),
          pct(rate.current), F.points(rate.changePoints), F.relative(rate.relativeChange), p(rate),
        ]
      })

    heading("Conversion from the previous step")
    table(
      ["step", "base", "current", "change", "relative", "p", "dropped base", "dropped current"], align: "lrrrrrrr",
      c.steps.map { step in
        let rate = step.conversionFromPrevious
        return [
          e(step.label), pct(rate.base), pct(rate.current), F.points(rate.changePoints), F.relative(rate.relativeChange),
          p(rate), int(step.dropped.base), int(step.dropped.current),
        ]
      })

    heading("Median time from the previous step")
    table(
      ["step", "base", "current", "change"], align: "lrrr",
      c.steps.dropFirst().map { step in
        let d = step.medianSecondsFromPrevious
        return [
          e(step.label), ReportFormatting.duration(d.base), ReportFormatting.duration(d.current), F.signedDuration(d.changeSeconds),
        ]
      } + [[
        "whole funnel", ReportFormatting.duration(c.timeToConvert.base), ReportFormatting.duration(c.timeToConvert.current),
        F.signedDuration(c.timeToConvert.changeSeconds),
      ]])

    heading("Reach per stage")
    table(
      ["stage", "base", "current", "change", "relative", "share base", "share current", "share change"], align: "lrrrrrrr",
      c.stages.map { stage in
        [
          e(stage.stage), int(stage.reach.base), int(stage.reach.current), F.signedInteger(stage.reach.change),
          F.relative(stage.reach.relativeChange), pct(stage.share.base), pct(stage.share.current), F.points(stage.share.changePoints),
        ]
      })

    heading("Exit touchpoints that grew")
    out.append("Where the units dropped after each step went last: the touchpoints whose units grew most.")
    out.append("")
    table(
      ["after step", "touchpoint", "base", "current", "change"], align: "llrrr",
      c.steps.flatMap { step in
        step.exitsGrown.map { [e(step.label), e($0.value), int($0.base), int($0.current), F.signedInteger($0.change)] }
      })

    heading("Summary")
    table(
      ["", "base", "current", "change", "relative"], align: "lrrrr",
      [("units", c.summary.units), ("events", c.summary.events), ("rejected records", c.summary.rejected)].map {
        [$0.0, int($0.1.base), int($0.1.current), F.signedInteger($0.1.change), F.relative($0.1.relativeChange)]
      })
    if let personas = c.personas { personaSections(personas) }
  }

  /// Per persona: users, units and median time to convert, then a section per persona in both
  /// reports with its steps (units; conversion from start and from the previous step).
  private mutating func personaSections(_ personas: [PersonaComparison]) {
    let int = ReportFormatting.integer
    let pct = ReportFormatting.percent
    let e = MarkdownReportRenderer.escape
    heading("Personas")
    out.append("Each persona's own funnel in both reports (personas matched by name).")
    out.append("")
    table(
      ["persona", "in", "users base", "users current", "change", "units base", "units current", "change",
       "time to convert base", "current", "change"], align: "llrrrrrrrrr",
      personas.map { persona in
        let time = persona.timeToConvert
        return [
          e(persona.name), Self.presence(persona.presentIn), int(persona.users.base), int(persona.users.current),
          F.signedInteger(persona.users.change), int(persona.units.base), int(persona.units.current),
          F.signedInteger(persona.units.change), ReportFormatting.duration(time?.base), ReportFormatting.duration(time?.current),
          F.signedDuration(time?.changeSeconds),
        ]
      })
    for persona in personas where persona.presentIn == .both {
      out.append("")
      out.append("### Persona: \(e(persona.name))")
      out.append("")
      table(
        ["step", "units base", "units current", "change", "from start base", "current", "change", "relative", "p",
         "from previous base", "current", "change", "relative", "p"], align: "lrrrrrrrrrrrrr",
        persona.steps.map { step in
          let start = step.conversionFromStart
          let previous = step.conversionFromPrevious
          return [
            e(step.label), int(step.units.base), int(step.units.current), F.signedInteger(step.units.change), pct(start.base),
            pct(start.current), F.points(start.changePoints), F.relative(start.relativeChange), p(start), pct(previous.base),
            pct(previous.current), F.points(previous.changePoints), F.relative(previous.relativeChange), p(previous),
          ]
        })
    }
  }

  /// Which reports have a persona, in words.
  static func presence(_ presence: PersonaComparison.Presence) -> String {
    switch presence {
    case .both: "both"
    case .base: "base only"
    case .current: "current only"
    }
  }

  private func p(_ rate: RateChange) -> String {
    let text = F.pValue(rate.pValue).replacingOccurrences(of: "<", with: "&lt;")
    return rate.significant ? "**\(text)**" : text
  }

  /// Text inside a code span: backticks would end it.
  private func code(_ text: String) -> String {
    ReportFormatting.singleLine(text).replacingOccurrences(of: "`", with: "'")
  }

  private mutating func heading(_ text: String) {
    out.append("")
    out.append("## \(text)")
    out.append("")
  }

  /// A pipe table of cells already escaped.
  private mutating func table(_ header: [String], align: String, _ rows: [[String]]) {
    guard !rows.isEmpty else { return out.append("_none_") }
    out.append("| " + header.joined(separator: " | ") + " |")
    out.append("|" + align.map { $0 == "r" ? " ---: |" : " --- |" }.joined())
    for row in rows { out.append("| " + row.joined(separator: " | ") + " |") }
  }
}
