import JourneyModel
import JourneyReports

/// A realistic hand-made report: four stages, a back-link, a cut path, breakdown values that need
/// escaping, rejects with samples.
enum ReportFixture {
  static let stages = ["awareness", "consideration", "decision", "purchase"]
  static let hostileValue = "news<script>alert(\"x\")</script>&letter"

  static func ratio(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }

  static func transitions(_ counts: [(String, String, Int)]) -> [JourneyReport.Transition] {
    var totals: [String: Int] = [:]
    for (from, _, count) in counts { totals[from, default: 0] += count }
    return counts.map { JourneyReport.Transition(from: $0.0, to: $0.1, count: $0.2, probability: ratio($0.2, totals[$0.0]!)) }
  }

  static func breakdownValue(_ value: String, _ units: [Int]) -> JourneyReport.BreakdownValue {
    JourneyReport.BreakdownValue(
      value: value, units: units[0],
      funnel: zip(stages, units).map { JourneyReport.BreakdownStep(stage: $0.0, units: $0.1, conversionFromStart: ratio($0.1, units[0])) },
      transitions: transitions([("(start)", "awareness", units[0]), ("awareness", "(exit)", units[0])]))
  }

  static var report: JourneyReport {
    let reached = [12_345, 8_424, 3_120, 1_482]
    let steps = stages.indices.map { index in
      JourneyReport.Step(
        stage: stages[index], units: reached[index],
        conversionFromStart: ratio(reached[index], reached[0]),
        conversionFromPrevious: index == 0 ? 1 : ratio(reached[index], reached[index - 1]),
        dropped: index + 1 < reached.count ? reached[index] - reached[index + 1] : 0,
        medianSecondsFromPrevious: [nil, 252, 1_830.5, 86_400 * 2 + 3_600][index],
        p90SecondsFromPrevious: [nil, 3_725, 20_000, 86_400 * 6.5][index])
    }
    let transitions = transitions([
      ("(start)", "awareness", 10_210), ("(start)", "consideration", 2_135),
      ("awareness", "consideration", 6_289), ("awareness", "(exit)", 3_921),
      ("consideration", "decision", 3_420), ("consideration", "(exit)", 5_304),
      ("decision", "consideration", 300), ("decision", "purchase", 1_482), ("decision", "(exit)", 1_638),
      ("purchase", "(exit)", 1_482),
    ])
    let totalUnits = 12_345
    return JourneyReport(
      summary: JourneyReport.Summary(
        events: 1_234_567, rejected: 42, excluded: 1_003, duplicates: 7, users: 9_876, sessions: 14_002, units: 14_002,
        unitsWithoutStage: 1_657, unclassifiedEvents: 210_334, firstEvent: "2026-11-01T00:00:03Z",
        lastEvent: "2026-11-21T23:59:58.250000Z",
        inputs: [
          JourneyReport.InputFile(path: "/exports/2026-11-21/events-01.ndjson.gz", compression: "gzip", format: "ndjson", records: 1_000_000, bytes: 48_234_112),
          JourneyReport.InputFile(path: "/exports/2026-11-21/events \"late\".csv", compression: "none", format: "csv", records: 235_612, bytes: 30_112_000, error: "gzip data ends at compressed byte 81920 (truncated?)"),
        ]),
      funnel: JourneyReport.Funnel(scope: "session", order: "ordered", steps: steps),
      transitions: transitions,
      entries: [
        JourneyReport.StageShare(stage: "awareness", units: 10_210, share: ratio(10_210, totalUnits)),
        JourneyReport.StageShare(stage: "consideration", units: 2_135, share: ratio(2_135, totalUnits)),
      ],
      exits: [
        JourneyReport.StageShare(stage: "awareness", units: 3_921, share: ratio(3_921, totalUnits)),
        JourneyReport.StageShare(stage: "consideration", units: 5_304, share: ratio(5_304, totalUnits)),
        JourneyReport.StageShare(stage: "decision", units: 1_638, share: ratio(1_638, totalUnits)),
        JourneyReport.StageShare(stage: "purchase", units: 1_482, share: ratio(1_482, totalUnits)),
      ],
      paths: [
        JourneyReport.Path(path: ["awareness"], units: 3_921, share: ratio(3_921, totalUnits)),
        JourneyReport.Path(path: ["awareness", "consideration"], units: 3_004, share: ratio(3_004, totalUnits)),
        JourneyReport.Path(path: ["awareness", "consideration", "decision", "purchase"], units: 1_200, share: ratio(1_200, totalUnits)),
        JourneyReport.Path(path: ["consideration"], units: 2_000, share: ratio(2_000, totalUnits)),
        JourneyReport.Path(
          path: ["awareness", "consideration", "decision", "consideration", "decision", "consideration", "decision", "consideration", "decision", "…"],
          units: 12, share: ratio(12, totalUnits)),
      ],
      breakdowns: [
        JourneyReport.Breakdown(field: "context.campaign.source", values: [
          breakdownValue("google", [6_000, 4_300, 1_700, 820]),
          breakdownValue(hostileValue, [3_000, 2_100, 700, 380]),
          breakdownValue("(other)", [2_345, 1_424, 520, 200]),
          breakdownValue("(none)", [1_000, 600, 200, 82]),
        ])
      ],
      rejects: JourneyReport.Rejects(
        count: 42, byReason: ["bad timestamp": 30, "no user": 11, "line too long": 1],
        samples: [
          JourneyReport.Sample(file: "/exports/2026-11-21/events-01.ndjson.gz", line: 1_834, reason: "bad timestamp"),
          JourneyReport.Sample(file: "/exports/2026-11-21/events \"late\".csv", line: 17, reason: "no user <script>"),
        ]),
      config: .object([
        "stages": .array(stages.map { .string($0) }),
        "funnel": .object(["scope": .string("session"), "order": .string("ordered")]),
      ]))
  }

  static let configText = """
    input:
      preset: segment
    stages: [awareness, consideration, decision, purchase]
    rules:
      - stage: purchase
        event: Order Completed   # <script>alert(1)</script>
    """
}
