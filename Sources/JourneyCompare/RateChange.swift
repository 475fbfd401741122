import JourneyReports

/// A conversion (successes out of trials) in both reports: the rates as the reports print them,
/// the change in percentage points and relative, the two-proportion z-test of the counts with its
/// p-value, and each side's 95% Wilson interval (``ProportionStatistics``).
package struct RateChange: Codable, Sendable, Equatable {
  package var base: Double
  package var current: Double
  /// (current − base) × 100.
  package var changePoints: Double
  /// (current − base) / base; nil when base is 0.
  package var relativeChange: Double?
  /// The two-sided p-value of the pooled two-proportion z-test; nil when undefined (an empty side,
  /// or no successes or nothing but successes on both sides).
  package var pValue: Double?
  /// `pValue` below the comparison's significance level, with at least its minimum of trials on each
  /// side (the z-test's normal approximation does not hold on a handful of units).
  package var significant: Bool
  package var baseInterval: ProportionStatistics.Interval?
  package var currentInterval: ProportionStatistics.Interval?

  /// `base` is `successes` of `trials` in the base report, with the rate the report printed
  /// (`rate`); the same for `current`.
  package init(
    base: (rate: Double, successes: Int, trials: Int), current: (rate: Double, successes: Int, trials: Int),
    significanceLevel: Double, minimumUnits: Int
  ) {
    self.base = base.rate
    self.current = current.rate
    changePoints = ReportNumber.points((current.rate - base.rate) * 100)
    relativeChange = base.rate == 0 ? nil : (current.rate - base.rate) / base.rate
    pValue = ProportionStatistics.twoProportionPValue(
      successes1: base.successes, trials1: base.trials, successes2: current.successes, trials2: current.trials)
    significant =
      (pValue.map { $0 < significanceLevel } ?? false) && base.trials >= minimumUnits && current.trials >= minimumUnits
    baseInterval = ProportionStatistics.wilsonInterval(successes: base.successes, trials: base.trials)
    currentInterval = ProportionStatistics.wilsonInterval(successes: current.successes, trials: current.trials)
  }

  enum CodingKeys: String, CodingKey {
    case base, current, significant
    case changePoints = "change_points"
    case relativeChange = "relative_change"
    case pValue = "p_value"
    case baseInterval = "base_interval"
    case currentInterval = "current_interval"
  }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(base, forKey: .base)
    try c.encode(current, forKey: .current)
    try c.encode(changePoints, forKey: .changePoints)
    try c.encode(relativeChange, forKey: .relativeChange)
    try c.encode(pValue, forKey: .pValue)
    try c.encode(significant, forKey: .significant)
    try c.encode(baseInterval, forKey: .baseInterval)
    try c.encode(currentInterval, forKey: .currentInterval)
  }
}
