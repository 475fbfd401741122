import JourneyReports

/// ``ReportFixture``'s report with two personas and `(no persona)` (SPEC §9), small enough to work
/// every number out by hand.
///
/// Per step (awareness, consideration, decision, purchase), entrants and units of the persona and
/// of the rest, with the two-proportion z-test of conversion from start:
///
/// | persona | persona | rest | differences in points | p-values |
/// |---|---|---|---|---|
/// | Paid search | 60, 30, 12, 6 | 100, 40, 10, 2 | 0, +10, +10, +8 | –, 0.217, 0.075, 0.025 (significant) |
/// | Researcher | 20, 15, 8, 4 | 140, 55, 14, 4 | 0, +35.7, +30, +17.1 | none: 20 entrants < 30 |
/// | (no persona) | 80, 25, 4, 0 | 80, 45, 18, 8 | 0, −25, −17.5, −10 | –, 0.001, 0.001, 0.004 (all significant) |
///
/// Top exits: Paid search has the engine's finding (30 lost after awareness, 12 last did
/// `/pricing`: 40.0%); Researcher has only a map (7 lost after consideration, the most, 4 of them
/// last did `/products/shoes`: 57.1%); `(no persona)` has neither. Overlap: 5 users in both.
enum PersonaFixture {
  static let stages = ReportFixture.stages

  static func persona(
    _ name: String, users: Int, units: Int, _ persona: [Int], rest: [Int], findings: Findings? = nil, map: JourneyMap? = nil
  ) -> PersonaReport {
    let steps = stages.indices.map { index in
      JourneyReport.Step(
        stage: stages[index], units: persona[index], conversionFromStart: ReportFixture.ratio(persona[index], persona[0]),
        conversionFromPrevious: index == 0 ? 1 : ReportFixture.ratio(persona[index], persona[index - 1]),
        dropped: index + 1 < persona.count ? persona[index] - persona[index + 1] : 0)
    }
    var funnel = JourneyReport.Funnel(scope: "session", order: "ordered", steps: steps)
    funnel.findings = findings
    let versus = stages.indices.map { index in
      PersonaStepComparison(
        stage: stages[index], label: stages[index], persona: (persona[index], persona[0]), rest: (rest[index], rest[0]))
    }
    return PersonaReport(
      name: name, users: users, sessions: units, units: units, unitsWithoutStage: units - persona[0], funnel: funnel,
      versusRest: versus, transitions: [], entries: [], exits: [], paths: [], journeyMap: map, lift: nil)
  }

  /// A persona's map: reach as the funnel, one touchpoint per stage, the exits given per step.
  static func map(reach: [Int], exits: [(String, Int)]) -> JourneyMap {
    JourneyMap(
      touchpoint: "context.page.path", units: reach[0], entrants: reach[0],
      stages: stages.indices.map { index in
        let dropped = index + 1 < reach.count ? reach[index] - reach[index + 1] : 0
        return JourneyMap.Stage(
          stage: stages[index], reach: reach[index], share: ReportFixture.ratio(reach[index], reach[0]),
          timeInStage: JourneyMap.TimeSummary(count: reach[index], medianSeconds: 30, p90Seconds: 90),
          touchpoints: JourneyMap.Touchpoints(
            events: reach[index], distinct: 1, values: [ReportFixture.tp("/\(stages[index])", reach[index], reach[index], of: reach[index])]),
          exits: index < exits.count
            ? JourneyMap.Exits(
              step: stages[index], dropped: dropped, next: [ReportFixture.share("(exit)", dropped, of: dropped)],
              exit: [ReportFixture.share(exits[index].0, exits[index].1, of: dropped)])
            : nil)
      },
      noStage: JourneyMap.Touchpoints(events: 0, distinct: 0, values: []))
  }

  static var paidSearch: PersonaReport {
    persona(
      "Paid search", users: 40, units: 70, [60, 30, 12, 6], rest: [100, 40, 10, 2],
      findings: Findings(
        largestDrop: Findings.Finding(step: 1, label: "consideration", value: 30),
        topExitOfLargestDrop: ReportFixture.share("/pricing", 12, of: 30)),
      map: map(reach: [60, 30, 12, 6], exits: [("/pricing", 12), ("/products/shoes", 10), ("/cart", 3)]))
  }

  static var researcher: PersonaReport {
    persona(
      "Researcher", users: 15, units: 25, [20, 15, 8, 4], rest: [140, 55, 14, 4],
      map: map(reach: [20, 15, 8, 4], exits: [("/", 3), ("/products/shoes", 4), ("/cart", 2)]))
  }

  static var nobody: PersonaReport {
    persona(PersonaReport.nobody, users: 50, units: 80, [80, 25, 4, 0], rest: [80, 45, 18, 8])
  }

  static var report: JourneyReport {
    var report = ReportFixture.report
    report.personas = [paidSearch, researcher, nobody]
    report.personaOverlap = PersonaOverlap(personas: ["Paid search", "Researcher"], users: [[40, 5], [5, 15]])
    return report
  }

  /// `count` personas with long names sharing their start, each like Paid search, and `(no persona)`.
  static func many(_ count: Int) -> JourneyReport {
    var report = ReportFixture.report
    let names = (1...count).map { "Visitors from campaign number \($0) on mobile" }
    report.personas = names.map { name in
      var persona = paidSearch
      persona.name = name
      return persona
    } + [nobody]
    report.personaOverlap = PersonaOverlap(
      personas: names, users: names.indices.map { row in names.indices.map { row == $0 ? 12_345 : 1_234 } })
    return report
  }
}
