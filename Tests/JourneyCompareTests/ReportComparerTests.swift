import JourneyCompare
import JourneyModel
import JourneyReports
import Testing

@Suite struct ReportComparerTests {
  typealias F = ComparisonFixture

  static func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
  }

  static func compare(_ base: JourneyReport, _ current: JourneyReport) throws -> ReportComparison {
    try ReportComparer.compare(base: base, current: current, baseFile: "week-1.json", currentFile: "week-2.json")
  }

  @Test func aReportComparedWithItselfHasNoChangeAndPValuesOfOne() throws {
    let report = F.report(
      units: [1_000, 600, 300, 120], exits: [[("/home", 300), ("(exit)", 100)], [("/cart", 200)], [("/pay", 180)]])
    let comparison = try Self.compare(report, report)
    #expect(comparison.steps.count == 4)
    for step in comparison.steps {
      #expect(step.units.change == 0 && step.units.relativeChange == 0)
      #expect(step.dropped.change == 0)
      for rate in [step.conversionFromStart, step.conversionFromPrevious] {
        #expect(rate.changePoints == 0)
        #expect(rate.relativeChange == 0)
        #expect(rate.base == rate.current)
        #expect(rate.baseInterval == rate.currentInterval)
        #expect(!rate.significant)
      }
      #expect(step.exitsGrown.isEmpty)
      #expect(step.medianSecondsFromPrevious.changeSeconds == (step.index == 0 ? nil : 0))
    }
    // Step 1 converts all its units from start and from previous: undefined, not 1.
    #expect(comparison.steps[0].conversionFromStart.pValue == nil)
    #expect(comparison.steps[0].conversionFromPrevious.pValue == nil)
    for step in comparison.steps.dropFirst() {
      #expect(step.conversionFromStart.pValue == 1)
      #expect(step.conversionFromPrevious.pValue == 1)
    }
    #expect(comparison.stages.allSatisfy { $0.reach.change == 0 && $0.share.changePoints == 0 })
    #expect(comparison.timeToConvert.changeSeconds == 0)
    #expect(comparison.summary.units.change == 0 && comparison.summary.events.change == 0)
  }

  @Test func aPlantedDropInCartIsFoundWithItsPointsAndPValue() throws {
    let base = F.report(units: [2_000, 1_000, 500, 200])
    let current = F.report(
      units: [2_000, 900, 450, 180], medians: [nil, 90, 300, 100], wholeMedian: 600, events: 9_500, rejected: 5)
    let comparison = try Self.compare(base, current)
    let cart = comparison.steps[1]
    #expect(cart.label == "cart" && cart.stage == "cart" && cart.index == 1)
    #expect(cart.units == CountChange(base: 1_000, current: 900))
    #expect(cart.units.change == -100 && Self.close(cart.units.relativeChange, -0.1))
    // 50% → 45%: −5 points, −10%; z-test of 1000/2000 vs 900/2000: p = 0.0015442.
    #expect(cart.conversionFromStart.base == 0.5 && cart.conversionFromStart.current == 0.45)
    #expect(Self.close(cart.conversionFromStart.changePoints, -5))
    #expect(Self.close(cart.conversionFromStart.relativeChange, -0.1))
    #expect(Self.close(cart.conversionFromStart.pValue, 0.0015442442309764562, 1e-12))
    #expect(cart.conversionFromStart.significant)
    // From the previous step it is the same test: step 1 has the same units on both sides.
    #expect(Self.close(cart.conversionFromPrevious.pValue, 0.0015442442309764562, 1e-12))
    // Checkout keeps half of cart in both (500/1000, 450/900): no change, p = 1.
    let checkout = comparison.steps[2]
    #expect(checkout.conversionFromPrevious.changePoints == 0 && checkout.conversionFromPrevious.pValue == 1)
    #expect(!checkout.conversionFromPrevious.significant)
    // From start checkout fell 25% → 22.5%: 500/2000 vs 450/2000, p = 0.0632, not significant.
    #expect(Self.close(checkout.conversionFromStart.pValue, 0.06320391208274262, 1e-12))
    #expect(!checkout.conversionFromStart.significant)
    let purchase = comparison.steps[3]
    #expect(Self.close(purchase.conversionFromStart.changePoints, -1))
    #expect(Self.close(purchase.conversionFromStart.pValue, 0.2808175953087627, 1e-12))
    // Dropped after view grew by the 100 units cart lost.
    #expect(comparison.steps[0].dropped == CountChange(base: 1_000, current: 1_100))
    #expect(cart.medianSecondsFromPrevious == DurationChange(base: 60, current: 90))
    #expect(cart.medianSecondsFromPrevious.changeSeconds == 30 && cart.medianSecondsFromPrevious.relativeChange == 0.5)
    #expect(comparison.steps[3].medianSecondsFromPrevious.changeSeconds == -20)
    #expect(comparison.steps[0].medianSecondsFromPrevious == DurationChange(base: nil, current: nil))
    #expect(comparison.timeToConvert.changeSeconds == 120 && comparison.timeToConvert.relativeChange == 0.25)
    #expect(comparison.summary.events == CountChange(base: 10_000, current: 9_500))
    #expect(comparison.summary.rejected.change == 2)
    #expect(comparison.summary.units == CountChange(base: 2_010, current: 2_010))
    // Each side's Wilson interval of the conversion from start.
    let interval = try #require(cart.conversionFromStart.currentInterval)
    let expected = try #require(ProportionStatistics.wilsonInterval(successes: 900, trials: 2_000))
    #expect(interval == expected && interval.lower < 0.45 && interval.upper > 0.45)
  }

  @Test func stagesCompareReachAndShareInPoints() throws {
    let base = F.report(units: [1_000, 500, 200, 100], reach: [1_000, 700, 300, 100], unstaged: 0)
    let current = F.report(units: [1_000, 500, 200, 100], reach: [1_000, 600, 330, 100], unstaged: 0)
    let comparison = try Self.compare(base, current)
    #expect(comparison.stages.map(\.stage) == F.stages)
    let cart = comparison.stages[1]
    #expect(cart.reach == CountChange(base: 700, current: 600))
    #expect(cart.share.base == 0.7 && cart.share.current == 0.6 && Self.close(cart.share.changePoints, -10))
    #expect(comparison.stages[2].reach.change == 30 && Self.close(comparison.stages[2].reach.relativeChange, 0.1))
  }

  @Test func exitTouchpointsThatGrewMostComeFirstTiesByValue() throws {
    let base = F.report(
      units: [1_000, 500, 200, 100], exits: [[("/home", 200), ("(exit)", 200), ("/pricing", 100)]])
    let current = F.report(
      units: [1_000, 400, 200, 100],
      exits: [[("/home", 220), ("/pricing", 160), ("/shipping", 60), ("(exit)", 150), ("(other)", 10)]])
    let comparison = try Self.compare(base, current)
    let grown = comparison.steps[0].exitsGrown
    // /pricing +60 and /shipping +60 (new: 0 in base) tie, by value; /home +20; (exit) shrank;
    // (other) is not a touchpoint.
    #expect(grown == [
      TouchpointChange(value: "/pricing", base: 100, current: 160),
      TouchpointChange(value: "/shipping", base: 0, current: 60),
      TouchpointChange(value: "/home", base: 200, current: 220),
    ])
    #expect(comparison.steps[3].exitsGrown.isEmpty)
  }

  @Test func atMostTenGrownExitTouchpointsAreListed() throws {
    let base = F.report(units: [1_000, 500, 200, 100])
    let values = (1...12).map { ("/page-\($0 < 10 ? "0" : "")\($0)", $0) }
    let current = F.report(units: [1_000, 500, 200, 100], exits: [values])
    let grown = try Self.compare(base, current).steps[0].exitsGrown
    #expect(grown.count == 10)
    #expect(grown.first?.value == "/page-12" && grown.last?.value == "/page-03")
  }

  @Test func stepsWithoutUnitsHaveNoPValueAndNoRelativeChange() throws {
    let report = F.report(units: [100, 0, 0, 0])
    let comparison = try Self.compare(report, report)
    let cart = comparison.steps[1]
    #expect(cart.conversionFromStart.pValue == nil && cart.conversionFromStart.relativeChange == nil)
    #expect(cart.units.relativeChange == nil)
    // From previous on checkout: 0 of 0 units, no interval either.
    #expect(comparison.steps[2].conversionFromPrevious.pValue == nil)
    #expect(comparison.steps[2].conversionFromPrevious.baseInterval == nil)
    #expect(comparison.steps[1].conversionFromStart.baseInterval?.lower == 0)
  }

  @Test func aReportWithoutJourneyMapHasNoStagesOrExits() throws {
    var base = F.report(units: [100, 50, 20, 10])
    base.journeyMap = nil
    let comparison = try Self.compare(base, F.report(units: [100, 40, 20, 10]))
    #expect(comparison.stages.isEmpty)
    #expect(comparison.steps.allSatisfy { $0.exitsGrown.isEmpty })
    #expect(comparison.funnel.touchpoint == nil)
  }

  @Test func theComparisonNamesTheFilesAndTheSharedFunnel() throws {
    let report = F.report(units: [100, 50, 20, 10], scope: "user", windowSeconds: 3_600)
    let comparison = try Self.compare(report, report)
    #expect(comparison.base.file == "week-1.json" && comparison.current.file == "week-2.json")
    #expect(comparison.base.firstEvent == "2026-11-01T00:00:00Z")
    #expect(comparison.funnel == ReportComparison.Funnel(
      scope: "user", order: "ordered", windowSeconds: 3_600, stages: F.stages, touchpoint: "event"))
    #expect(comparison.schema == "journey-compare/1" && comparison.significanceLevel == 0.05)
  }

  @Test func aChangeOnFewerThanThirtyUnitsIsNeverMarkedSignificant() throws {
    // 3 of 3 → 0 of 5 at cart: p = 0.00468 < 0.05, but on 3 and 5 units.
    let few = try Self.compare(F.report(units: [3, 3, 3, 3]), F.report(units: [5, 0, 0, 0]))
    #expect(Self.close(few.steps[1].conversionFromStart.pValue, 0.004677734981047271, 1e-12))
    #expect(!few.steps[1].conversionFromStart.significant)
    // 29 units on one side: still not; 30 on both: marked.
    let base = F.report(units: [29, 20, 10, 5])
    #expect(try !Self.compare(base, F.report(units: [300, 60, 30, 15])).steps[1].conversionFromStart.significant)
    let thirty = try Self.compare(F.report(units: [30, 21, 10, 5]), F.report(units: [300, 60, 30, 15]))
    #expect(thirty.steps[1].conversionFromStart.significant)
    #expect(thirty.minimumUnits == 30)
  }

  @Test func stepsOfOrderAnyAreComparedByTheirLabels() throws {
    let base = F.report(units: [100, 60, 30, 10], order: "any")
    let current = F.report(units: [100, 50, 30, 10], order: "any")
    let comparison = try Self.compare(base, current)
    #expect(comparison.steps.map(\.stage) == [nil, nil, nil, nil])
    #expect(comparison.steps[1].label == "≥ 2 stage")
    #expect(Self.close(comparison.steps[1].conversionFromStart.changePoints, -10))
    #expect(comparison.funnel.order == "any" && comparison.funnel.stages == F.stages)
  }

  // MARK: Refusals

  static let refusals: [(JourneyReport, String)] = [
    (
      F.report(units: [100, 50, 20], stages: ["view", "cart", "purchase"]),
      "cannot compare reports with different stages: [view, cart, checkout, purchase] in week-1.json, [view, cart, purchase] in week-2.json"
    ),
    (
      F.report(units: [100, 50, 20, 10], stages: ["view", "cart", "pay", "purchase"]),
      "cannot compare reports with different stages: [view, cart, checkout, purchase] in week-1.json, [view, cart, pay, purchase] in week-2.json"
    ),
    (
      F.report(units: [100, 50, 20, 10], scope: "user"),
      "cannot compare reports with different funnel scopes: session in week-1.json, user in week-2.json"
    ),
    (
      F.report(units: [100, 50, 20, 10], order: "strict"),
      "cannot compare reports with different funnel orders: ordered in week-1.json, strict in week-2.json"
    ),
    (
      F.report(units: [100, 50, 20, 10], windowSeconds: 5_400),
      "cannot compare reports with different funnel windows: no window in week-1.json, 90m window in week-2.json"
    ),
    (
      F.report(units: [100, 50, 20, 10], touchpoint: "context.page.path"),
      "cannot compare reports with different journey-map touchpoints: event in week-1.json, context.page.path in week-2.json"
    ),
  ]

  @Test(arguments: 0..<refusals.count)
  func reportsOfDifferentJourneysAreRefusedNamingTheDifference(index: Int) {
    let (current, message) = Self.refusals[index]
    let base = F.report(units: [100, 50, 20, 10])
    #expect(throws: JourneyError(kind: .usage, message: message)) { try Self.compare(base, current) }
  }

  /// The session settings of the embedded effective config decide what a unit is.
  @Test func reportsOfDifferentSessionSettingsAreRefused() throws {
    func report(_ sessions: [String: JSONValue]?) -> JourneyReport {
      var report = F.report(units: [100, 50, 20, 10])
      report.config = sessions.map { .object(["sessions": .object($0)]) }
      return report
    }
    let thirty: [String: JSONValue] = ["timeout": .string("30m"), "split_at_midnight": .bool(false)]
    let hour: [String: JSONValue] = ["timeout": .string("1h"), "split_at_midnight": .bool(false)]
    #expect(throws: JourneyError(
      kind: .usage,
      message: #"cannot compare reports with different session settings: {"split_at_midnight":false,"timeout":"30m"} in week-1.json, {"split_at_midnight":false,"timeout":"1h"} in week-2.json"#
    )) { try Self.compare(report(thirty), report(hour)) }
    _ = try Self.compare(report(thirty), report(thirty))
    _ = try Self.compare(report(nil), report(hour))  // a report without its config: nothing to compare
  }

  @Test func windowsAreNamedInTheirLargestWholeUnit() {
    #expect(ReportComparer.window(nil) == "no window")
    #expect(ReportComparer.window(86_400 * 7) == "7d window")
    #expect(ReportComparer.window(7_200) == "2h window")
    #expect(ReportComparer.window(45) == "45s window")
    #expect(ReportComparer.window(1.5) == "1.5s window")
  }
}
