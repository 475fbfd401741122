import JourneyCompare
import JourneyGates
import JourneyReports
import Testing

/// Gates evaluated on a hand-made report, at the boundaries where each comparison flips.
///
///     step      units  dropped  from start      from previous  median from previous
///     view        200      150  200/200 = 100%  100%           —
///     cart         50       46  50/200 = 25%    25%            600 s (10m)
///     purchase      4        0  4/200 = 2%      4/50 = 8%      — (none measured)
///
/// 250 units (some without a stage), 990 events, 10 rejected records (10 of 1000 = 1%); reach:
/// view 200, cart 60 (60/250 = 24%), purchase 4.
@Suite struct GateEvaluationTests {
  static var report: JourneyReport {
    let units = [200, 50, 4]
    let stages = ["view", "cart", "purchase"]
    let steps = stages.indices.map { index in
      JourneyReport.Step(
        stage: stages[index], units: units[index], conversionFromStart: Double(units[index]) / 200,
        conversionFromPrevious: index == 0 ? 1 : Double(units[index]) / Double(units[index - 1]),
        dropped: [150, 46, 0][index], medianSecondsFromPrevious: [nil, 600, nil][index])
    }
    var report = JourneyReport(
      summary: .init(events: 990, rejected: 10, units: 250), funnel: .init(scope: "session", order: "ordered", steps: steps),
      transitions: [], entries: stages.map { .init(stage: $0, units: 0, share: 0) }, exits: [], paths: [],
      breakdowns: [], rejects: .init(count: 10))
    let time = JourneyMap.TimeSummary(count: 0, medianSeconds: nil, p90Seconds: nil)
    let none = JourneyMap.Touchpoints(events: 0, distinct: 0, values: [])
    report.journeyMap = JourneyMap(
      touchpoint: "event", units: 250, entrants: 200,
      stages: zip(stages, [200, 60, 4]).map {
        .init(stage: $0.0, reach: $0.1, share: Double($0.1) / 250, timeInStage: time, touchpoints: none, exits: nil)
      },
      noStage: none)
    return report
  }

  static func fails(_ text: String, on report: JourneyReport = Self.report) throws -> Bool {
    try Gate.parse(text, for: .report).evaluate(report).failed
  }

  @Test(arguments: [
    // conversion from start: 2% exactly
    ("conversion(purchase) < 2%", false), ("conversion(purchase) <= 2%", true), ("conversion(purchase) == 2%", true),
    ("conversion(purchase) != 2%", false), ("conversion(purchase) > 2%", false), ("conversion(purchase) >= 2%", true),
    ("conversion(cart) == 25%", true), ("conversion(view) == 100%", true),
    // from previous: 8% exactly
    ("conversion(purchase, from=previous) < 8%", false), ("conversion(purchase, from=previous) <= 8%", true),
    ("conversion(cart, from=previous) == 25%", true), ("conversion(view, from=previous) == 100%", true),
    // counts
    ("dropped(view) > 150", false), ("dropped(view) >= 150", true), ("dropped(cart) == 46", true),
    ("dropped(purchase) == 0", true),
    ("units(cart) < 50", false), ("units(cart) <= 50", true), ("units(purchase) == 4", true),
    ("units < 250", false), ("units <= 250", true), ("events == 990", true), ("events < 990", false),
    // reach: a count or its share of all units
    ("reach(cart) == 60", true), ("reach(cart) > 60", false), ("reach(cart) == 24%", true), ("reach(cart) < 24%", false),
    // rejected: a count or a share of the 1000 records
    ("rejected > 10", false), ("rejected >= 10", true), ("rejected > 1%", false), ("rejected >= 1%", true),
    ("rejected > 0.5%", true),
    // durations: 600 s
    ("median_time(cart) > 10m", false), ("median_time(cart) >= 10m", true), ("median_time(cart) == 600s", true),
    ("median_time(cart) > 599s", true), ("median_time(cart) < 0.01d", true),
    // two quantities; and, or, parentheses
    ("units(purchase) < dropped(cart)", true), ("conversion(purchase) < reach(cart)", true),
    ("units < 1000 and rejected > 0.5%", true), ("units < 1000 and rejected > 1%", false),
    ("units < 100 or rejected >= 1%", true), ("units < 100 or rejected > 1%", false),
    ("(units < 100 or events == 990) and dropped(cart) == 46", true),
    ("units < 100 or events == 990 and dropped(cart) == 47", false),
  ])
  func comparisonsAtTheirBoundaries(_ text: String, _ failed: Bool) throws {
    #expect(try Self.fails(text) == failed, "\(text)")
  }

  @Test func failedLineShowsEveryValueOnce() throws {
    let outcome = try Gate.parse("conversion(purchase) <= 2% and (units < 1000 or conversion(purchase) < 3%)", for: .report)
      .evaluate(Self.report)
    #expect(outcome.line == "gate failed: conversion(purchase) <= 2% and (units < 1000 or conversion(purchase) < 3%) (conversion(purchase) = 2%; units = 250)")
    #expect(try Gate.parse("units < 100", for: .report).evaluate(Self.report).line == nil)
    let mixed = try Gate.parse("rejected >= 10 and rejected >= 1% and median_time(cart) >= 10m and conversion(purchase, from=previous) > 1%", for: .report)
      .evaluate(Self.report)
    #expect(mixed.line == "gate failed: rejected >= 10 and rejected >= 1% and median_time(cart) >= 10m and conversion(purchase, from=previous) > 1% (rejected = 10; rejected = 1%; median_time(cart) = 10m; conversion(purchase, from=previous) = 8%)")
  }

  @Test func undefinedQuantitiesFailClosed() throws {
    // No median time was measured for purchase: the gate fails whatever the comparison.
    let outcome = try Gate.parse("median_time(purchase) > 10m", for: .report).evaluate(Self.report)
    #expect(outcome.failed)
    #expect(outcome.line == "gate failed: median_time(purchase) > 10m (median_time(purchase) undefined: no unit went from cart to purchase)")
    #expect(try Self.fails("units < 1 or median_time(purchase) > 10m"))

    // No units at all: conversions and shares are undefined; counts are 0.
    var empty = Self.report
    empty.summary = .init()
    for index in empty.funnel.steps.indices {
      empty.funnel.steps[index].units = 0
      empty.funnel.steps[index].dropped = 0
    }
    empty.journeyMap?.units = 0
    let lines = [
      "conversion(purchase) < 2%": "conversion(purchase) undefined: no unit entered the funnel",
      "conversion(purchase, from=previous) < 2%": "conversion(purchase, from=previous) undefined: no unit reached cart",
      "reach(cart) < 2%": "reach(cart) undefined: no units",
      "rejected > 1%": "rejected undefined: no records were read",
    ]
    for (text, reading) in lines {
      #expect(try Gate.parse(text, for: .report).evaluate(empty).line == "gate failed: \(text) (\(reading))")
    }
    #expect(try Self.fails("units < 1", on: empty))
    #expect(try !Self.fails("units > 1 or rejected > 1", on: empty))

    var noMap = Self.report
    noMap.journeyMap = nil
    #expect(try Gate.parse("reach(cart) > 1", for: .report).evaluate(noMap).line == "gate failed: reach(cart) > 1 (reach(cart) undefined: the report has no journey map)")
  }

  @Test func comparisonQuantitiesAreUndefinedOnAReport() throws {
    let gate = try Gate.parse("delta(conversion(cart)) < -1pp and p < 0.05", for: .compare)
    #expect(gate.evaluate(Self.report).line == "gate failed: delta(conversion(cart)) < -1pp and p < 0.05 (delta(conversion(cart)) undefined: needs journey compare; p undefined: needs journey compare)")
  }

  @Test(arguments: [
    (0.0173, GateKind.ratio, "1.73%"), (0.02, .ratio, "2%"), (1.0 / 3, .ratio, "33.3333%"), (0, .ratio, "0%"),
    (-0.012, .points, "-1.2pp"), (0.00001, .points, "0.001pp"), (-0.0000001, .points, "0pp"),
    (812, .number, "812"), (0.031, .number, "0.031"), (-4, .number, "-4"),
    (0.25, .duration, "250ms"), (90, .duration, "90s"), (252, .duration, "4.2m"), (7199, .duration, "119.98m"),
    (93_600, .duration, "26h"), (176_400, .duration, "2.04d"), (0, .duration, "0s"), (-600, .duration, "-10m"),
  ])
  func valuesInFailedLines(_ value: Double, _ kind: GateKind, _ text: String) {
    #expect(GateValueText.text(value, as: kind) == text)
  }
}

extension GateEvaluationTests {
  /// `journey compare`'s quantities: one report's are the current one's, `delta` is current − base
  /// (a conversion's change in points), `p` the comparison's p-value of the gate's conversion change.
  @Test func aComparisonReadsDeltasAndThePValueOfTheGatesConversion() throws {
    let base = Self.report
    var current = Self.report
    current.funnel.steps[2].units = 2  // purchase: 4/200 = 2% → 2/200 = 1%
    current.funnel.steps[2].conversionFromStart = 0.01
    current.funnel.steps[2].conversionFromPrevious = 0.04
    let comparison = try ReportComparer.compare(base: base, current: current, baseFile: "a.json", currentFile: "b.json")
    let source = ComparisonQuantities(base: base, current: current, comparison: comparison)
    func outcome(_ text: String) throws -> GateOutcome { try Gate.parse(text, for: .compare).evaluate(source) }
    // −1 point exactly: holds at <= -1pp, not at < -1pp (as doubles: 0.01 − 0.02).
    #expect(try outcome("delta(conversion(purchase)) <= -1pp").failed)
    #expect(try !outcome("delta(conversion(purchase)) < -1.0001pp").failed)
    #expect(try outcome("delta(units(purchase)) == -2").failed)
    #expect(try outcome("units(purchase) == 2").failed, "a plain quantity is the current report's")
    let p = try #require(ProportionStatistics.twoProportionPValue(successes1: 4, trials1: 200, successes2: 2, trials2: 200))
    let gate = try outcome("delta(conversion(purchase)) < 0pp and p < 1")
    #expect(gate.failed)
    #expect(gate.readings.map(\.text) == ["delta(conversion(purchase)) = -1pp", "p = \(p)"])
    // From the previous step: 4/50 → 2/50.
    let previous = try #require(
      ProportionStatistics.twoProportionPValue(successes1: 4, trials1: 50, successes2: 2, trials2: 50))
    #expect(try outcome("p > 0 and delta(conversion(purchase, from=previous)) < 0pp").readings.first?.text == "p = \(previous)")
    // An undefined side fails the gate and says which.
    let undefined = try outcome("delta(median_time(purchase)) > 1m")
    #expect(undefined.failed && undefined.readings.first?.text.hasPrefix("delta(median_time(purchase)) undefined: base: ") == true)
  }
}
