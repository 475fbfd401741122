@testable import JourneyReports
import JourneyModel
import JourneySessions
import JourneyTestSupport
import Testing

@Suite struct SectionTests {
  @Test(arguments: [
    ([Int64(1), 2, 3, 4], 0.5, 2.5), ([1, 2, 3, 4], 0.9, 3.7), ([10], 0.9, 10), ([0, 10], 0.25, 2.5),
  ])
  func quantilesInterpolateLinearlyBetweenClosestRanks(values: [Int64], q: Double, expected: Double) {
    #expect(abs(Quantile.continuous(values, q)! - expected) < 1e-12)
  }

  @Test func noValuesHaveNoQuantile() {
    #expect(Quantile.continuous([], 0.5) == nil)
    var none: [Int64] = []
    #expect(Quantile.continuous(selectingIn: &none, 0.5) == nil)
  }

  /// Selection gives exactly the quantiles of the sorted values: random sizes, few distinct
  /// values (many ties), sorted and reversed input, one after another on the same array.
  @Test(arguments: [1, 7, 42]) func selectedQuantilesEqualSortedOnes(seed: UInt64) {
    var random = SplitMix64(seed: seed)
    for round in 0..<300 {
      let count = Int.random(in: 1...600, using: &random)
      let spread: Int64 = round % 3 == 0 ? 4 : 1_000_000
      var values = (0..<count).map { _ in Int64.random(in: 0..<spread, using: &random) }
      if round % 7 == 1 { values.sort() }
      if round % 7 == 2 { values.sort(by: >) }
      let sorted = values.sorted()
      for q in [0.5, 0.9, 0.0, 1.0, 0.25] {
        #expect(Quantile.continuous(selectingIn: &values, q) == Quantile.continuous(sorted, q))
      }
      #expect(values.sorted() == sorted)
    }
  }

  @Test func transitionsCollapseRepeatsAndAreSortedStartStagesExit() throws {
    let result = try run(
      records([
        (1, 0, "a"), (1, 1, "a"), (1, 2, "b"), (1, 3, "a"), (1, 4, nil), (1, 5, "c"),  // a b a c
        (2, 0, "b"),  // b
        (3, 0, nil),  // no stage
      ]), ReportSettings(stages: stages))
    let rows = result.transitions.map { "\($0.from)>\($0.to):\($0.count):\($0.probability)" }
    #expect(
      rows == [
        "(start)>a:1:0.5", "(start)>b:1:0.5", "a>b:1:0.5", "a>c:1:0.5", "b>a:1:0.5", "b>(exit):1:0.5",
        "c>(exit):1:1.0",
      ])
    #expect(result.entries == [.init(stage: "a", units: 1, share: 0.5), .init(stage: "b", units: 1, share: 0.5), .init(stage: "c", units: 0, share: 0)])
    #expect(result.exits == [.init(stage: "a", units: 0, share: 0), .init(stage: "b", units: 1, share: 0.5), .init(stage: "c", units: 1, share: 0.5)])
    #expect(result.unitsWithoutStage == 1)
  }

  @Test func pathsAreCutWithAnEllipsisAndTiesGoLexicographic() throws {
    let result = try run(
      records([
        (1, 0, "a"), (1, 1, "b"), (1, 2, "c"),  // a b …
        (2, 0, "a"), (2, 1, "b"),  // a b
        (3, 0, "c"),  // c
        (4, 0, "b"),  // b
        (5, 0, "a"), (5, 1, "b"), (5, 2, "b"), (5, 3, "a"),  // a b …
        (6, 0, nil),
      ]), ReportSettings(stages: stages, topPaths: 3, maxPathLength: 2))
    #expect(
      result.paths == [
        .init(path: ["a", "b", "…"], units: 2, share: 0.4), .init(path: ["a", "b"], units: 1, share: 0.2),
        .init(path: ["b"], units: 1, share: 0.2),
      ])
  }

  @Test func breakdownsUseFirstTouchTopNOtherAndNone() throws {
    var table = AttributeTable()
    let google = table.intern(["google"])
    let bing = table.intern(["bing"])
    let ads = table.intern(["ads"])
    let events = records(
      [
        (1, 0, "a"), (1, 1, "b"),  // first event has no value, second google → google
        (2, 0, "a"),  // bing
        (3, 0, "a"), (3, 1, nil),  // google then bing → google
        (4, 0, "a"),  // (none)
        (5, 0, "b"),  // ads
      ], attributes: [0, google, bing, google, bing, 0, ads])
    let top1 = try run(
      events, ReportSettings(stages: stages, breakdowns: [.init(field: "source", top: 1)]), attributes: table)
    let values = top1.breakdowns[0].values
    #expect(top1.breakdowns[0].field == "source")
    #expect(values.map(\.value) == ["google", "(other)", "(none)"])
    #expect(values.map(\.units) == [2, 2, 1])
    #expect(values.map { $0.funnel.map(\.units) } == [[2, 1, 0], [1, 0, 0], [1, 0, 0]])
    #expect(values[0].funnel.map(\.conversionFromStart) == [1, 0.5, 0])
    #expect(
      values[0].transitions.map { "\($0.from)>\($0.to):\($0.count)" } == [
        "(start)>a:2", "a>b:1", "a>(exit):1", "b>(exit):1",
      ])
    let top2 = try run(
      events, ReportSettings(stages: stages, breakdowns: [.init(field: "source", top: 2)]), attributes: table)
    // ads and bing tie at 1 unit: "ads" sorts first, bing goes to (other).
    #expect(top2.breakdowns[0].values.map(\.value) == ["google", "ads", "(other)", "(none)"])
  }

  @Test func breakdownFieldsReadTheirOwnPositionInTheTuple() throws {
    var table = AttributeTable()
    let tuple = table.intern(["", "mobile"])
    let result = try run(
      records([(1, 0, "a")], attributes: [tuple]),
      ReportSettings(stages: stages, breakdowns: [.init(field: "source"), .init(field: "device")]), attributes: table)
    #expect(result.breakdowns.map { $0.values.map(\.value) } == [["(none)"], ["mobile"]])
  }
}
