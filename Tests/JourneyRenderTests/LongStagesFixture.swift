import Foundation
import JourneyModel
import JourneyReports

/// Twelve stages with 40-character names (issue 14): the HTML must wrap the names, give each stage
/// its own colour and keep the tables' name and conversion columns in sight.
enum LongStagesFixture {
  static let stages = [
    "saw a paid search advertisement for shoe", "opened the landing page for the campaign",
    "browsed the category of running footwear", "read the long buyer guide about cushions",
    "compared three models side by side today", "opened the product page of a chosen shoe",
    "picked a size and a colour for the model", "added the chosen pair of shoes to a cart",
    "started the checkout as a returning user", "entered the shipping address and options",
    "chose a payment method and confirmed all", "completed the purchase and got an e-mail",
  ]
  /// Units per step: each step keeps about 80%, with a few in progress.
  static let reached = [104_857, 83_886, 67_109, 53_687, 42_950, 34_360, 27_488, 21_990, 17_592, 14_074, 11_259, 9_007]
  static let inProgress = [120, 80, 64, 33, 20, 12, 9, 6, 4, 2, 1, 0]
  static let longValue = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"

  static func ratio(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }

  static var report: JourneyReport {
    let steps = stages.indices.map { index in
      JourneyReport.Step(
        stage: stages[index], units: reached[index], conversionFromStart: ratio(reached[index], reached[0]),
        conversionFromPrevious: index == 0 ? 1 : ratio(reached[index], reached[index - 1]),
        dropped: index + 1 < reached.count ? reached[index] - reached[index + 1] - inProgress[index] : 0,
        inProgress: inProgress[index],
        medianSecondsFromPrevious: index == 0 ? nil : Double(30 * index * index),
        p90SecondsFromPrevious: index == 0 ? nil : Double(400 * index * index))
    }
    var counts: [(String, String, Int)] = [("(start)", stages[0], reached[0])]
    for index in stages.indices {
      let next = index + 1 < stages.count ? reached[index + 1] : 0
      if index + 1 < stages.count { counts.append((stages[index], stages[index + 1], next)) }
      counts.append((stages[index], "(exit)", reached[index] - next))
    }
    counts.append((stages[7], stages[5], 1_234))  // back to the product page from the cart
    let transitions = ReportFixture.transitions(counts)
    let total = reached[0]
    var exits: [JourneyReport.StageShare] = []
    for index in stages.indices {
      let next = index + 1 < stages.count ? reached[index + 1] : 0
      exits.append(JourneyReport.StageShare(stage: stages[index], units: reached[index] - next, share: ratio(reached[index] - next, total)))
    }
    func value(_ name: String, _ scale: Double) -> JourneyReport.BreakdownValue {
      let units = reached.map { Int(Double($0) * scale) }
      return JourneyReport.BreakdownValue(
        value: name, units: units[0],
        funnel: zip(stages, units).map { JourneyReport.BreakdownStep(stage: $0.0, units: $0.1, conversionFromStart: ratio($0.1, units[0])) },
        transitions: [])
    }
    var summary = JourneyReport.Summary(
      events: 2_345_678, rejected: 3, excluded: 120, users: 88_000, sessions: 140_000, units: 140_000, unitsWithoutStage: 35_143,
      firstEvent: "2026-11-01T00:00:02Z", lastEvent: "2026-11-07T23:59:59Z",
      inputs: [
        JourneyReport.InputFile(path: "exports/events-000.ndjson.gz", compression: "gzip", format: "ndjson", records: 1_200_000, bytes: 40_000_000),
        JourneyReport.InputFile(path: "exports/events-001.ndjson.gz", compression: "gzip", format: "ndjson", records: 1_145_801, bytes: 38_000_000),
      ])
    summary.from = "2026-11-01T00:00:00Z"
    summary.to = "2026-11-08T00:00:00Z"
    var report = JourneyReport(
      summary: summary,
      funnel: JourneyReport.Funnel(scope: "session", order: "ordered", windowSeconds: 86_400, steps: steps),
      transitions: transitions,
      entries: stages.indices.map {
        JourneyReport.StageShare(stage: stages[$0], units: $0 == 0 ? total : 0, share: $0 == 0 ? 1 : 0)
      },
      exits: exits,
      paths: [
        JourneyReport.Path(path: [stages[0]], units: 20_971, share: ratio(20_971, total)),
        JourneyReport.Path(path: Array(stages[0..<4]), units: 10_737, share: ratio(10_737, total)),
        JourneyReport.Path(path: stages, units: 9_007, share: ratio(9_007, total)),
      ],
      breakdowns: [
        JourneyReport.Breakdown(field: "context.userAgent", values: [
          value(longValue, 0.5), value(longValue.replacingOccurrences(of: "Windows NT 10.0", with: "X11; Linux x86_64"), 0.3),
          value("(none)", 0.2),
        ])
      ],
      rejects: JourneyReport.Rejects(count: 3, byReason: ["bad timestamp": 3]),
      config: .object([
        "source": .string("shoes.yaml"),
        "stages": .array(stages.map { .string($0) }),
        "funnel": .object(["scope": .string("session"), "order": .string("ordered"), "window": .string("1d")]),
        "rules": .array(stages.map { .object(["stage": .string($0), "condition": .object(["field": .string("event"), "equals": .string($0)])]) }),
        "sessions": .object(["timeout": .string("30m"), "max_duration": .null, "split_at_midnight": .bool(false)]),
        "report": .object(["top_paths": .number(20), "max_path_length": .number(10)]),
      ]))
    report.title = "shoes.yaml · exports/"
    report.funnel.kind = "closed"
    report.funnel.units = 140_000
    report.funnel.entrants = total
    report.funnel.headline = "closed funnel: 9,007 of 104,857 entrants reached \(stages[11])"
    report.journeyMap = journeyMap
    return report
  }

  static var journeyMap: JourneyMap {
    JourneyMap(
      touchpoint: "context.page.path", units: 140_000, entrants: reached[0],
      stages: stages.indices.map { index in
        let reach = reached[index] + 500
        return JourneyMap.Stage(
          stage: stages[index], reach: reach, share: ratio(reach, 140_000),
          timeInStage: JourneyMap.TimeSummary(count: reach, medianSeconds: Double(20 + index), p90Seconds: Double(300 + index)),
          touchpoints: JourneyMap.Touchpoints(events: reach * 2, distinct: 2, values: [
            ReportFixture.tp("/shoes/trail-running/a-very-long-product-path-\(index)", reach, reach / 2, of: reach),
            ReportFixture.tp("/", reach, reach / 4, of: reach),
          ]),
          exits: index + 1 < stages.count
            ? JourneyMap.Exits(
              step: stages[index], dropped: reached[index] - reached[index + 1],
              next: [ReportFixture.share("(exit)", reached[index] - reached[index + 1], of: reached[index] - reached[index + 1])],
              exit: [ReportFixture.share("/", reached[index] - reached[index + 1], of: reached[index] - reached[index + 1])])
            : nil)
      },
      noStage: JourneyMap.Touchpoints(events: 0, distinct: 0, values: []))
  }
}
