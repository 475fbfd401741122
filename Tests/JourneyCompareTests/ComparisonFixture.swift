import JourneyReports

/// Small hand-made reports: a funnel from step units, with a journey map (reach per stage, the exit
/// touchpoints of each step's dropped units) and medians, so that every number a comparison
/// computes can be worked out by hand.
enum ComparisonFixture {
  static let stages = ["view", "cart", "checkout", "purchase"]

  static func ratio(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }

  /// A report whose funnel reaches `units[i]` at step i (all units: `units[0]` + `unstaged`).
  static func report(
    units: [Int], stages: [String] = stages, scope: String = "session", order: String = "ordered",
    windowSeconds: Double? = nil, reach: [Int]? = nil, exits: [[(String, Int)]] = [],
    medians: [Double?] = [nil, 60, 300, 120], wholeMedian: Double? = 480, events: Int = 10_000, rejected: Int = 3,
    touchpoint: String = "event", unstaged: Int = 10
  ) -> JourneyReport {
    let steps = units.indices.map { index in
      JourneyReport.Step(
        stage: order == "any" ? nil : stages[index], label: order == "any" ? "≥ \(index + 1) stage" : stages[index],
        units: units[index], conversionFromStart: ratio(units[index], units[0]),
        conversionFromPrevious: index == 0 ? ratio(units[0], units[0]) : ratio(units[index], units[index - 1]),
        dropped: index + 1 < units.count ? units[index] - units[index + 1] : 0,
        medianSecondsFromPrevious: index < medians.count ? medians[index] : nil)
    }
    let total = units[0] + unstaged
    let reach = reach ?? units
    let map = JourneyMap(
      touchpoint: touchpoint, units: total, entrants: units[0],
      stages: stages.indices.map { index in
        let dropped = steps[index].dropped
        let exitList = (index < exits.count ? exits[index] : []).map {
          JourneyMap.TouchpointShare(value: $0.0, units: $0.1, share: ratio($0.1, dropped))
        }
        return JourneyMap.Stage(
          stage: stages[index], reach: reach[index], share: ratio(reach[index], total),
          timeInStage: JourneyMap.TimeSummary(count: 0, medianSeconds: nil, p90Seconds: nil),
          touchpoints: JourneyMap.Touchpoints(events: 0, distinct: 0, values: []),
          exits: index + 1 < stages.count
            ? JourneyMap.Exits(step: steps[index].label, dropped: dropped, next: [], exit: exitList) : nil)
      },
      noStage: JourneyMap.Touchpoints(events: 0, distinct: 0, values: []))
    let empty = DurationDistribution(
      count: 0, minSeconds: nil, p25Seconds: nil, medianSeconds: wholeMedian, p75Seconds: nil, p90Seconds: nil,
      p95Seconds: nil, p99Seconds: nil, maxSeconds: nil, meanSeconds: nil, histogram: [])
    var report = JourneyReport(
      summary: JourneyReport.Summary(
        events: events, rejected: rejected, users: total, sessions: total, units: total, unitsWithoutStage: unstaged,
        firstEvent: "2026-11-01T00:00:00Z", lastEvent: "2026-11-07T23:59:59Z"),
      funnel: JourneyReport.Funnel(scope: scope, order: order, windowSeconds: windowSeconds, steps: steps),
      transitions: [],
      entries: stages.map { JourneyReport.StageShare(stage: $0, units: 0, share: 0) },
      exits: stages.map { JourneyReport.StageShare(stage: $0, units: 0, share: 0) },
      paths: [], breakdowns: [], rejects: JourneyReport.Rejects(count: rejected))
    report.journeyMap = map
    report.funnel.timeToConvert = TimeToConvert(steps: medians.map { _ in nil }, whole: empty)
    return report
  }
}
