import JourneyModel
import JourneyReports

/// A report of 12 stages with 40-character names that differ only in the middle, long breakdown
/// values (user agents that differ at the end, and two that differ only in the middle), long
/// touchpoints and file names, and two personas: every section of the table at its widest.
enum TwelveStageFixture {
  /// `customer journey stage 01 of the webshop` … `12`: 40 characters, equal at both ends.
  static let stages = (1...12).map { "customer journey stage \($0 < 10 ? "0" : "")\($0) of the webshop" }

  static let userAgents = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "(none)",
  ]

  /// Long touchpoints of one stage: they share their start and their end.
  static func touchpoints(_ stage: Int) -> [String] {
    (1...3).map { "/products/category-\(stage)/item-\($0)/details/reviews/page-\($0)/index.html" }
  }

  static let reached = [96_000, 81_000, 70_500, 60_200, 51_000, 44_000, 37_000, 30_100, 25_000, 19_800, 15_000, 9_876]

  static func ratio(_ part: Int, _ whole: Int) -> Double { ReportFixture.ratio(part, whole) }

  static var report: JourneyReport {
    let steps = stages.indices.map { index in
      JourneyReport.Step(
        stage: stages[index], units: reached[index], conversionFromStart: ratio(reached[index], reached[0]),
        conversionFromPrevious: index == 0 ? 1 : ratio(reached[index], reached[index - 1]),
        dropped: index + 1 < reached.count ? reached[index] - reached[index + 1] : 0,
        inProgress: index == stages.count - 1 ? 120 : 0,
        medianSecondsFromPrevious: index == 0 ? nil : Double(60 * index + 7),
        p90SecondsFromPrevious: index == 0 ? nil : Double(86_400 * index + 3_725))
    }
    var counts: [(String, String, Int)] = [("(start)", stages[0], reached[0])]
    for index in stages.indices {
      if index + 1 < stages.count { counts.append((stages[index], stages[index + 1], reached[index + 1])) }
      let dropped = index + 1 < stages.count ? reached[index] - reached[index + 1] : reached[index]
      counts.append((stages[index], "(exit)", dropped))
      if index > 0 { counts.append((stages[index], stages[index - 1], 1_234_567 / (index + 1))) }
    }
    let shares = stages.indices.map { JourneyReport.StageShare(stage: stages[$0], units: reached[$0], share: ratio(reached[$0], reached[0])) }
    let paths = (1...8).map { length in
      JourneyReport.Path(path: Array(stages.prefix(length + 3)) + ["…"], units: 1_000 * (9 - length), share: ratio(1_000 * (9 - length), reached[0]))
    }
    let values = userAgents.enumerated().map { index, agent in
      let units = reached.map { $0 / (index + 2) }
      var value = JourneyReport.BreakdownValue(
        value: agent, units: units[0],
        funnel: zip(stages, units).map { JourneyReport.BreakdownStep(stage: $0.0, units: $0.1, conversionFromStart: ratio($0.1, units[0])) },
        transitions: [])
      value.journeyMap = journeyMap(scale: index + 2)
      value.timeToConvert = TimeToConvert(steps: [], whole: ReportFixture.distribution([600, 4_000], bins: [0, 0, 0, 1, 1]))
      return value
    }
    var report = JourneyReport(
      summary: JourneyReport.Summary(
        events: 12_345_678_901, rejected: 42, excluded: 1_003, duplicates: 7, users: 9_876_543, sessions: 14_002_345,
        units: 14_002_345, unitsWithoutStage: 1_657, unclassifiedEvents: 210_334,
        firstEvent: "2026-11-01T00:42:28.459000Z", lastEvent: "2026-11-21T23:59:58.000000Z",
        inputs: (1...3).map { index in
          JourneyReport.InputFile(
            path: "exports/2026-11-21/a-very-long-folder-name-for-the-nightly-export/events-0\(index).ndjson.gz",
            compression: "gzip", format: "ndjson", records: 1_000_000, bytes: 48_234_112,
            error: index == 2 ? "gzip data ends at compressed byte 81920 (truncated?)" : nil)
        }),
      funnel: JourneyReport.Funnel(scope: "session", order: "ordered", steps: steps),
      transitions: ReportFixture.transitions(counts),
      entries: shares, exits: shares, paths: paths,
      breakdowns: [JourneyReport.Breakdown(field: "context.userAgent", values: values)],
      rejects: JourneyReport.Rejects(
        count: 42, byReason: ["bad timestamp: expected an ISO 8601 time or epoch seconds, milliseconds or microseconds": 30, "no user": 12],
        samples: (1...3).map { index in
          JourneyReport.Sample(
            file: "exports/2026-11-21/a-very-long-folder-name-for-the-nightly-export/events-0\(index).ndjson.gz",
            line: 1_834 * index, reason: "bad timestamp")
        }))
    report.title = "A very long report title that names the config, the preset and every input folder it read"
    report.summary.from = "2026-11-01T00:00:00.000000Z"
    report.summary.to = "2026-11-22T00:00:00Z"
    report.funnel.kind = "closed"
    report.funnel.headline = "closed funnel: 9,876 of 96,000 entrants completed \(stages[11]); 10,000 of 14,002,345 sessions reached it"
    report.funnel.timeToConvert = TimeToConvert(
      steps: [nil] + (1..<12).map { ReportFixture.distribution([Double(30 * $0), Double(86_400 * $0)], bins: [0, 1, 0, 0, 1]) },
      whole: ReportFixture.distribution([61, 600_000], bins: [0, 0, 0, 1, 0, 0, 0, 0, 0, 1]))
    report.funnel.findings = Findings(
      largestDrop: Findings.Finding(step: 1, label: stages[1], value: 15_000),
      topExitOfLargestDrop: ReportFixture.share(touchpoints(0)[0], 5_304, of: 15_000),
      sentences: ["The largest drop is before \(stages[1]): 15,000 of 96,000 sessions (15.6%) that reached \(stages[0]) did not reach it."])
    report.journeyMap = journeyMap(scale: 1)
    report.lift = Lift(
      successes: 9_876, failures: 86_004, minUnits: 25,
      above: (0..<5).map { Lift.Entry(touchpoint: touchpoints($0)[0], successes: 600, failures: 38, oddsRatio: 12.5) },
      below: (0..<5).map { Lift.Entry(touchpoint: touchpoints($0)[1], successes: 2, failures: 302, oddsRatio: 0.05) })
    report.personas = [
      persona("Visitors from the paid search campaign on mobile phones", scale: 2),
      persona("Visitors from the paid search campaign on desktop computers", scale: 3),
      persona(PersonaReport.nobody, scale: 4),
    ]
    report.personaOverlap = PersonaOverlap(
      personas: report.personas!.prefix(2).map(\.name), users: [[40_000, 5_000], [5_000, 30_000]])
    return report
  }

  static func journeyMap(scale: Int) -> JourneyMap {
    let reach = reached.map { $0 / scale }
    return JourneyMap(
      touchpoint: "context.page.path.with.a.very.long.field.name.that.goes.on.and.on.and.on.and.on.and.on", units: reach[0], entrants: reach[0],
      stages: stages.indices.map { index in
        let dropped = index + 1 < reach.count ? reach[index] - reach[index + 1] : 0
        let names = touchpoints(index)
        return JourneyMap.Stage(
          stage: stages[index], reach: reach[index], share: ratio(reach[index], reach[0]),
          timeInStage: JourneyMap.TimeSummary(count: reach[index], medianSeconds: 30, p90Seconds: 90_000),
          touchpoints: JourneyMap.Touchpoints(
            events: reach[index] * 3, distinct: 3, values: names.map { ReportFixture.tp($0, reach[index], reach[index] / 2, of: reach[index]) }),
          exits: index + 1 < reach.count
            ? JourneyMap.Exits(
              step: stages[index], dropped: dropped,
              next: [ReportFixture.share("(exit)", dropped / 2, of: dropped)] + names.map { ReportFixture.share($0, dropped / 6, of: dropped) },
              exit: names.map { ReportFixture.share($0, dropped / 3, of: dropped) })
            : nil)
      },
      noStage: JourneyMap.Touchpoints(
        events: 210_334, distinct: 3, values: touchpoints(99).map { ReportFixture.tp($0, 70_000, 500, of: 1_657) }))
  }

  static func persona(_ name: String, scale: Int) -> PersonaReport {
    let own = reached.map { $0 / scale }
    let rest = zip(reached, own).map { $0 - $1 }
    let steps = stages.indices.map { index in
      JourneyReport.Step(
        stage: stages[index], units: own[index], conversionFromStart: ratio(own[index], own[0]),
        conversionFromPrevious: index == 0 ? 1 : ratio(own[index], own[index - 1]),
        dropped: index + 1 < own.count ? own[index] - own[index + 1] : 0)
    }
    var funnel = JourneyReport.Funnel(scope: "session", order: "ordered", steps: steps)
    funnel.findings = Findings(
      largestDrop: Findings.Finding(step: 1, label: stages[1], value: Double(own[0] - own[1])),
      topExitOfLargestDrop: ReportFixture.share(touchpoints(0)[2], 12, of: own[0] - own[1]))
    let versus = stages.indices.map { index in
      PersonaStepComparison(stage: stages[index], label: stages[index], persona: (own[index], own[0]), rest: (rest[index], rest[0]))
    }
    return PersonaReport(
      name: name, users: own[0] / 2, sessions: own[0], units: own[0], unitsWithoutStage: 12, funnel: funnel,
      versusRest: versus, transitions: [], entries: [], exits: [], paths: [], journeyMap: journeyMap(scale: scale), lift: nil)
  }
}
