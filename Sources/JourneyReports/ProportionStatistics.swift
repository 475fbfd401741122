import Foundation

/// Tests on proportions (successes out of trials) for comparing conversions: the 95% Wilson score
/// interval of one proportion and the two-sided two-proportion z-test.
///
/// Both follow statsmodels (`proportion_confint(method="wilson")`, `proportions_ztest` with its
/// default pooled standard error), which `Tests/crosscheck/statistics_crosscheck.py` checks. Where a
/// statistic is undefined the answer is nil, never NaN: no trials for an interval; an empty side, or
/// a pooled proportion of 0 or 1 (no successes on either side, or nothing but successes on both:
/// the two proportions are then equal and the z statistic is 0/0) for the test.
package enum ProportionStatistics {
  /// The two-sided 95% quantile of the standard normal distribution, Φ⁻¹(0.975) (scipy's
  /// `norm.isf(0.025)`, which statsmodels uses).
  package static let z95 = 1.959963984540054

  /// A confidence interval of a proportion, both bounds in 0…1.
  package struct Interval: Codable, Sendable, Equatable {
    package var lower: Double
    package var upper: Double

    package init(lower: Double, upper: Double) {
      self.lower = lower
      self.upper = upper
    }
  }

  /// The Wilson score interval of `successes` out of `trials` at confidence `z` (95% by default).
  ///
  /// center = (p̂ + z²/2n) / (1 + z²/n), half-width = z / (1 + z²/n) · √(p̂(1−p̂)/n + z²/4n²);
  /// unlike the normal approximation it stays inside 0…1 and is not empty at p̂ = 0 or 1.
  /// nil when `trials` is 0 (or counts are negative, or `successes` > `trials`).
  package static func wilsonInterval(successes: Int, trials: Int, z: Double = z95) -> Interval? {
    guard trials > 0, successes >= 0, successes <= trials else { return nil }
    let n = Double(trials)
    let p = Double(successes) / n
    let z2 = z * z
    let denominator = 1 + z2 / n
    let center = (p + z2 / (2 * n)) / denominator
    let half = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
    // At p̂ = 0 (or 1) the lower (upper) bound is exactly 0 (1); rounding would leave 1e-18.
    return Interval(
      lower: successes == 0 ? 0 : max(0, center - half), upper: successes == trials ? 1 : min(1, center + half))
  }

  /// The two-sided p-value of the z-test that two proportions are equal, with the pooled
  /// standard error: p = (x₁+x₂)/(n₁+n₂), z = (x₁/n₁ − x₂/n₂) / √(p(1−p)(1/n₁ + 1/n₂)),
  /// p-value = 2·(1 − Φ(|z|)) = erfc(|z|/√2).
  ///
  /// nil when undefined: a side without trials, invalid counts, or p = 0 or 1 (see the type).
  package static func twoProportionPValue(
    successes1: Int, trials1: Int, successes2: Int, trials2: Int
  ) -> Double? {
    guard trials1 > 0, trials2 > 0, successes1 >= 0, successes2 >= 0, successes1 <= trials1, successes2 <= trials2
    else { return nil }
    let n1 = Double(trials1)
    let n2 = Double(trials2)
    let pooled = Double(successes1 + successes2) / (n1 + n2)
    guard pooled > 0, pooled < 1 else { return nil }
    let standardError = (pooled * (1 - pooled) * (1 / n1 + 1 / n2)).squareRoot()
    let z = (Double(successes1) / n1 - Double(successes2) / n2) / standardError
    return min(1, erfc(abs(z) / 2.0.squareRoot()))
  }
}
