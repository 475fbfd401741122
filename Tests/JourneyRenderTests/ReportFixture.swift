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
    var report = JourneyReport(
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
        // The engine lists every stage, in funnel order (``JourneyReport/stageNames``).
        JourneyReport.StageShare(stage: "decision", units: 0, share: 0),
        JourneyReport.StageShare(stage: "purchase", units: 0, share: 0),
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
    report.funnel.kind = "closed"
    report.funnel.units = 14_002
    report.funnel.entrants = 12_345
    report.funnel.headline = "closed funnel: 1,482 of 12,345 entrants completed purchase; 1,600 of 14,002 sessions reached purchase"
    report.funnel.timeToConvert = timeToConvert
    report.funnel.findings = findings
    report.journeyMap = journeyMap
    report.lift = lift
    report.breakdowns[0].values[0].journeyMap = smallMap
    report.breakdowns[0].values[0].timeToConvert = TimeToConvert(
      steps: [nil, distribution([10, 30], bins: [1, 1])], whole: distribution([10, 30], bins: [1, 1]))
    return report
  }

  // MARK: The journey map (SPEC §8)

  static let longTouchpoint = "/blog/a-very-long-article-about-running-shoes-2026"
  static let hostileTouchpoint = "<img src=x onerror=alert(1)>"
  static let formulaTouchpoint = "=SUM(A1:A9)"

  static func tp(_ value: String, _ events: Int, _ units: Int, of reach: Int) -> JourneyMap.Touchpoint {
    JourneyMap.Touchpoint(value: value, events: events, units: units, share: ratio(units, reach))
  }

  static func share(_ value: String, _ units: Int, of dropped: Int) -> JourneyMap.TouchpointShare {
    JourneyMap.TouchpointShare(value: value, units: units, share: ratio(units, dropped))
  }

  /// Reach 12,500 / 9,000 / 3,500 / 1,600 of 14,002 sessions; dropped as in the funnel (3,921, 5,304, 1,638).
  static var journeyMap: JourneyMap {
    JourneyMap(
      touchpoint: "context.page.path", units: 14_002, entrants: 12_345,
      stages: [
        JourneyMap.Stage(
          stage: "awareness", reach: 12_500, share: ratio(12_500, 14_002),
          timeInStage: JourneyMap.TimeSummary(count: 13_000, medianSeconds: 45, p90Seconds: 600),
          touchpoints: JourneyMap.Touchpoints(events: 40_000, distinct: 3, values: [
            tp("/", 30_000, 10_000, of: 12_500), tp(longTouchpoint, 8_000, 3_000, of: 12_500),
            tp(hostileTouchpoint, 2_000, 500, of: 12_500),
          ]),
          exits: JourneyMap.Exits(
            step: "awareness", dropped: 3_921, next: [share("(exit)", 3_000, of: 3_921), share("/pricing", 921, of: 3_921)],
            exit: [share("/", 2_500, of: 3_921), share(longTouchpoint, 1_421, of: 3_921)])),
        JourneyMap.Stage(
          stage: "consideration", reach: 9_000, share: ratio(9_000, 14_002),
          timeInStage: JourneyMap.TimeSummary(count: 9_500, medianSeconds: 120, p90Seconds: 1_800),
          touchpoints: JourneyMap.Touchpoints(events: 20_000, distinct: 2, values: [
            tp("/products/shoes", 15_000, 8_000, of: 9_000), tp(formulaTouchpoint, 5_000, 1_000, of: 9_000),
          ]),
          exits: JourneyMap.Exits(
            step: "consideration", dropped: 5_304, next: [share("(exit)", 5_000, of: 5_304), share("/help", 304, of: 5_304)],
            exit: [share("/products/shoes", 5_304, of: 5_304)])),
        JourneyMap.Stage(
          stage: "decision", reach: 3_500, share: ratio(3_500, 14_002),
          timeInStage: JourneyMap.TimeSummary(count: 3_600, medianSeconds: 300, p90Seconds: 3_000),
          touchpoints: JourneyMap.Touchpoints(events: 5_000, distinct: 1, values: [tp("/cart", 5_000, 3_500, of: 3_500)]),
          exits: JourneyMap.Exits(
            step: "decision", dropped: 1_638, next: [share("(exit)", 1_638, of: 1_638)],
            exit: [share("/cart", 1_000, of: 1_638), share("/checkout/payment", 638, of: 1_638)])),
        JourneyMap.Stage(
          stage: "purchase", reach: 1_600, share: ratio(1_600, 14_002),
          timeInStage: JourneyMap.TimeSummary(count: 1_600, medianSeconds: nil, p90Seconds: nil),
          touchpoints: JourneyMap.Touchpoints(events: 1_600, distinct: 1, values: [tp("/checkout/done", 1_600, 1_600, of: 1_600)]),
          exits: nil),
      ],
      noStage: JourneyMap.Touchpoints(events: 210_334, distinct: 2, values: [
        tp("/account", 200_000, 800, of: 1_657), tp("(none)", 10_334, 400, of: 1_657),
      ]))
  }

  /// A map of two stages for one breakdown value.
  static var smallMap: JourneyMap {
    JourneyMap(
      touchpoint: "context.page.path", units: 2, entrants: 2,
      stages: [
        JourneyMap.Stage(
          stage: "awareness", reach: 2, share: 1, timeInStage: JourneyMap.TimeSummary(count: 2, medianSeconds: 20, p90Seconds: 28),
          touchpoints: JourneyMap.Touchpoints(events: 3, distinct: 1, values: [tp("/", 3, 2, of: 2)]),
          exits: JourneyMap.Exits(step: "awareness", dropped: 1, next: [share("(exit)", 1, of: 1)], exit: [share("/", 1, of: 1)])),
      ],
      noStage: JourneyMap.Touchpoints(events: 0, distinct: 0, values: []))
  }

  /// A distribution of `values` seconds (quantiles by linear interpolation) with `bins` counts for the
  /// first bins, zero after.
  static func distribution(_ values: [Double], bins: [Int]) -> DurationDistribution {
    let sorted = values.sorted()
    func q(_ p: Double) -> Double? {
      guard !sorted.isEmpty else { return nil }
      let rank = p * Double(sorted.count - 1)
      let low = Int(rank.rounded(.down))
      let high = min(low + 1, sorted.count - 1)
      return sorted[low] + (sorted[high] - sorted[low]) * (rank - Double(low))
    }
    let histogram = DurationDistribution.binEdges.indices.map { index in
      DurationDistribution.Bin(
        label: DurationDistribution.binLabels[index], fromSeconds: Double(DurationDistribution.binEdges[index]),
        toSeconds: index + 1 < DurationDistribution.binEdges.count ? Double(DurationDistribution.binEdges[index + 1]) : nil,
        count: index < bins.count ? bins[index] : 0)
    }
    return DurationDistribution(
      count: values.count, minSeconds: sorted.first, p25Seconds: q(0.25), medianSeconds: q(0.5), p75Seconds: q(0.75),
      p90Seconds: q(0.9), p95Seconds: q(0.95), p99Seconds: q(0.99), maxSeconds: sorted.last,
      meanSeconds: sorted.isEmpty ? nil : sorted.reduce(0, +) / Double(sorted.count), histogram: histogram)
  }

  /// Whole funnel: 1,482 units, 741 of them in 1–5 m (half), 741 in 1–7 d; statistics as given.
  static var timeToConvert: TimeToConvert {
    let whole = DurationDistribution(
      count: 1_482, minSeconds: 61, p25Seconds: 120, medianSeconds: 43_200, p75Seconds: 172_800, p90Seconds: 259_200,
      p95Seconds: 300_000, p99Seconds: 500_000, maxSeconds: 600_000, meanSeconds: 90_000.5,
      histogram: distribution([], bins: [0, 0, 0, 741, 0, 0, 0, 0, 0, 741]).histogram)
    return TimeToConvert(
      steps: [
        nil, distribution([252], bins: [0, 0, 0, 1]), distribution([1_830.5], bins: [0, 0, 0, 0, 0, 0, 1]),
        distribution([176_400], bins: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
      ],
      whole: whole)
  }

  static var findings: Findings {
    Findings(
      largestDrop: Findings.Finding(step: 2, label: "decision", value: 5_304),
      lowestConversion: Findings.Finding(step: 2, label: "decision", value: ratio(3_120, 8_424)),
      slowestStep: Findings.Finding(step: 3, label: "purchase", value: 176_400),
      topExitOfLargestDrop: share("/products/shoes", 5_304, of: 5_304),
      sentences: [
        "The largest drop is before decision: 5,304 of 8,424 sessions (63.0%) that reached consideration did not reach decision.",
        "The lowest conversion is to decision: 37.0% of the sessions that reached consideration (3,120 of 8,424).",
        "The slowest step is decision → purchase: median 2 d.",
        "Of the 5,304 sessions lost after consideration, 5,304 (100.0%) last did /products/shoes.",
      ])
  }

  /// S = 1,482, F = 10,863; /checkout/payment: s 600, f 38 → (601·10,826)/(883·39) = 188.94…
  static var lift: Lift {
    Lift(
      successes: 1_482, failures: 10_863, minUnits: 25,
      above: [Lift.Entry(touchpoint: "/checkout/payment", successes: 600, failures: 38, oddsRatio: oddsRatio(600, 38))],
      below: [Lift.Entry(touchpoint: "/help", successes: 2, failures: 302, oddsRatio: oddsRatio(2, 302))])
  }

  static func oddsRatio(_ s: Int, _ f: Int) -> Double {
    (Double(s + 1) * Double(10_863 - f + 1)) / (Double(1_482 - s + 1) * Double(f + 1))
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
