import JourneyReports
import Testing

/// Hand-computed values (the formulas of ``ProportionStatistics`` worked with a calculator; R's
/// `prop.test(correct = FALSE)` and statsmodels give the same); the Python cross-check compares many more.
@Suite struct ProportionStatisticsTests {
  static func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
  }

  @Test func wilsonIntervalOfHalfIsSymmetricAroundIt() throws {
    // 5 of 10: center 0.5, half-width 1.96/1.38415 · √(0.025 + 0.0096036) = 0.263407.
    let interval = try #require(ProportionStatistics.wilsonInterval(successes: 5, trials: 10))
    #expect(Self.close(interval.lower, 0.236593090512564))
    #expect(Self.close(interval.upper, 0.7634069094874361))
  }

  @Test func wilsonIntervalOfNoSuccessesStartsAtZeroAndIsNotEmpty() throws {
    // 0 of 10: center = half-width = (z²/20) / (1 + z²/10) = 0.138766.
    let none = try #require(ProportionStatistics.wilsonInterval(successes: 0, trials: 10))
    #expect(none.lower == 0)
    #expect(Self.close(none.upper, 0.2775327998628892))
    // 10 of 10 mirrors it.
    let all = try #require(ProportionStatistics.wilsonInterval(successes: 10, trials: 10))
    #expect(Self.close(all.lower, 1 - 0.2775327998628892))
    #expect(all.upper == 1)
  }

  @Test func wilsonIntervalOfOneTrial() throws {
    let one = try #require(ProportionStatistics.wilsonInterval(successes: 1, trials: 1))
    #expect(Self.close(one.lower, 0.20654931437723745))
    #expect(one.upper == 1)
  }

  @Test(arguments: [(0, 0), (-1, 5), (6, 5)])
  func wilsonIntervalIsUndefinedWithoutTrialsOrWithImpossibleCounts(successes: Int, trials: Int) {
    #expect(ProportionStatistics.wilsonInterval(successes: successes, trials: trials) == nil)
  }

  @Test func twoProportionTestOfFortyAndFiftyPercent() {
    // pooled 0.45; se = √(0.45 · 0.55 · (1/100 + 1/100)) = 0.0703562; z = 0.1/se = 1.421338;
    // p = erfc(z/√2) = 0.155218.
    let p = ProportionStatistics.twoProportionPValue(successes1: 50, trials1: 100, successes2: 40, trials2: 100)
    #expect(Self.close(p, 0.1552184896846842))
    // The test is symmetric in its sides.
    let swapped = ProportionStatistics.twoProportionPValue(successes1: 40, trials1: 100, successes2: 50, trials2: 100)
    #expect(p == swapped)
  }

  @Test func twoProportionTestOfAFivePointDropOnTwoThousandUnits() {
    // 1000/2000 vs 900/2000: pooled 0.475, se = 0.0157917, z = 3.16624, p = 0.00154424.
    let p = ProportionStatistics.twoProportionPValue(successes1: 1000, trials1: 2000, successes2: 900, trials2: 2000)
    #expect(Self.close(p, 0.0015442442309764562))
  }

  @Test func twoProportionTestOfAllVersusNone() {
    // 3/3 vs 0/3: pooled 0.5, se = √(0.25 · 2/3) = 0.408248, z = 2.44949, p = 0.0143059.
    let p = ProportionStatistics.twoProportionPValue(successes1: 3, trials1: 3, successes2: 0, trials2: 3)
    #expect(Self.close(p, 0.014305878435429655))
  }

  @Test func equalProportionsHaveAPValueOfOne() {
    #expect(ProportionStatistics.twoProportionPValue(successes1: 30, trials1: 100, successes2: 60, trials2: 200) == 1)
  }

  @Test(arguments: [
    (0, 10, 0, 20),  // no successes on either side: pooled 0
    (10, 10, 20, 20),  // only successes: pooled 1
    (0, 0, 5, 10),  // an empty side
    (5, 10, 0, 0),
    (11, 10, 5, 10),  // more successes than trials
    (-1, 10, 5, 10),
  ])
  func twoProportionTestIsUndefinedWhenDegenerate(x1: Int, n1: Int, x2: Int, n2: Int) {
    #expect(ProportionStatistics.twoProportionPValue(successes1: x1, trials1: n1, successes2: x2, trials2: n2) == nil)
  }
}
