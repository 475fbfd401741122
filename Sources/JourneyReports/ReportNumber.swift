/// How derived numbers are rounded before they are written, so that the JSON and CSV carry no
/// float noise (`2040.0000000000002`, `-3.5400000000000005`; SPEC §11) and stay exact to the
/// unit they are measured in:
///
/// - seconds to the **microsecond** (events are timed in microseconds): a quantile interpolated
///   between two durations, a mean, a difference of two seconds values;
/// - percentage points to **1e-9 points** (conversions are ratios of counts; nine decimals keep
///   every count up to a billion distinct).
///
/// The rounded value is the nearest `Double` to a decimal with that many places, so it prints in
/// its short form. Ratios (`conversion_*`, `share`, `probability`) are counts divided once and
/// are written unrounded: a single division has no noise to remove.
package enum ReportNumber {
  /// Seconds from a (fractional) number of microseconds, exact to the microsecond.
  package static func seconds(microseconds: Double) -> Double { microseconds.rounded() / 1_000_000 }

  /// Seconds rounded to the microsecond.
  package static func seconds(_ seconds: Double) -> Double { (seconds * 1_000_000).rounded() / 1_000_000 }

  /// Percentage points rounded to 1e-9.
  package static func points(_ points: Double) -> Double { (points * 1e9).rounded() / 1e9 }
}
