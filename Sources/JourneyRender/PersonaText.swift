import JourneyReports

/// What the table, Markdown, CSV and HTML renderers share about personas (SPEC §9): the text of a
/// step against the rest, the legend that says when a p-value is shown, and each persona's top exit.
enum PersonaText {
  /// Marks a step whose difference to the rest is significant, after its p-value.
  static let marker = "*"

  /// The legend under the side-by-side funnel (table and Markdown; HTML says it in its hint).
  static var legend: String {
    "vs the rest: conversion from start minus that of the users outside the persona, in points; "
      + "p: two-proportion z-test, shown only with at least \(PersonaStepComparison.minimumUnits) entrants on each side; "
      + "\(marker) significant (p < \(ReportFormatting.number(PersonaStepComparison.significanceLevel)))"
  }

  /// The legend of the top exits.
  static let topExitLegend =
    "per persona its largest drop (the units lost after a step) and the last touchpoint most of them had, with its share of them"

  /// The legend of the overlap matrix.
  static let overlapLegend = "users in both personas; the diagonal: the persona's users"

  /// `+14.6 pp`, `-3.0 pp`, `0.0 pp`; `–` when a side has no entrants.
  static func difference(_ step: PersonaStepComparison) -> String {
    step.differencePoints.map(ComparisonFormatting.points) ?? "–"
  }

  /// `p=0.221`, `p<0.001`; nil when no p-value is shown.
  static func pValue(_ step: PersonaStepComparison) -> String? {
    guard let p = step.pValue else { return nil }
    let text = ComparisonFormatting.pValue(p)
    return text.hasPrefix("<") ? "p" + text : "p=" + text
  }

  /// The difference and the p-value when shown: `+14.6 pp p<0.001`, `+35.7 pp`.
  static func versusRest(_ step: PersonaStepComparison) -> String {
    difference(step) + (pValue(step).map { " " + $0 } ?? "")
  }

  /// A persona's largest drop and its top exit touchpoint.
  struct TopExit: Equatable {
    /// The label of the step the units were lost after.
    var after: String
    var dropped: Int
    /// The last touchpoint most of the dropped units had: units, and share of `dropped`.
    var exit: JourneyMap.TouchpointShare?
  }

  /// The engine's finding when the persona's funnel has one (the top exit of the largest drop), else
  /// the persona's journey map: the step with the most dropped units (the first on a tie) and the
  /// first of its exit touchpoints; nil without a drop.
  static func topExit(of persona: PersonaReport) -> TopExit? {
    let steps = persona.funnel.steps
    if let findings = persona.funnel.findings, let drop = findings.largestDrop, drop.step >= 1, drop.step < steps.count {
      return TopExit(after: steps[drop.step - 1].label, dropped: Int(drop.value), exit: findings.topExitOfLargestDrop)
    }
    guard let map = persona.journeyMap else { return nil }
    var best: JourneyMap.Exits?
    for exits in map.stages.compactMap(\.exits) where exits.dropped > (best?.dropped ?? 0) { best = exits }
    return best.map { TopExit(after: $0.step, dropped: $0.dropped, exit: $0.exit.first) }
  }
}
