import JourneyCompare

/// The text of changes, shared by the comparison's table, Markdown and HTML (as ``ReportFormatting``
/// is by the report's): signed counts, percentage points, relative changes, p-values.
enum ComparisonFormatting {
  /// `+1,234`, `-100`, `0`.
  static func signedInteger(_ value: Int) -> String {
    value > 0 ? "+" + ReportFormatting.integer(value) : ReportFormatting.integer(value)
  }

  /// Percentage points with one decimal and a sign: `-5.0 pp`, `+0.3 pp`, `0.0 pp`.
  static func points(_ value: Double) -> String {
    guard value.isFinite else { return "–" }
    let tenths = Int((value * 10).rounded())
    let sign = tenths > 0 ? "+" : tenths < 0 ? "-" : ""
    return "\(sign)\(tenths.magnitude / 10).\(tenths.magnitude % 10) pp"
  }

  /// A relative change as a signed percentage: `-10.0%`; `–` when undefined (base 0).
  static func relative(_ ratio: Double?) -> String {
    guard let ratio, ratio.isFinite else { return "–" }
    let text = ReportFormatting.percent(ratio)  // "0.0%" for anything that rounds to 0
    return ratio > 0 && text != "0.0%" ? "+" + text : text
  }

  /// A p-value with three decimals, `<0.001` below that, `–` when undefined.
  static func pValue(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "–" }
    if value < 0.001 { return "<0.001" }
    let thousandths = Int((value * 1000).rounded())
    let fraction = String(thousandths % 1000)
    return "\(thousandths / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
  }

  /// A change of seconds with a sign: `+30s`, `-2m 00s`, `0s`; `–` when undefined.
  static func signedDuration(_ seconds: Double?) -> String {
    guard let seconds, seconds.isFinite else { return "–" }
    let text = ReportFormatting.duration(seconds)
    return seconds > 0 ? "+" + text : text
  }

  /// `base → current` of two durations.
  static func durations(_ change: DurationChange) -> String {
    "\(ReportFormatting.duration(change.base)) → \(ReportFormatting.duration(change.current))"
  }

  /// The time a report covers: `2026-11-01T00:00:00Z – 2026-11-07T23:59:59Z`, or `–`.
  static func period(_ side: ReportComparison.Side) -> String {
    guard let first = side.firstEvent, let last = side.lastEvent else { return "–" }
    return "\(ReportFormatting.time(first)) – \(ReportFormatting.time(last))"
  }

  /// `session scope · ordered funnel · 1h window`.
  static func funnel(_ funnel: ReportComparison.Funnel) -> String {
    var text = "\(funnel.scope) scope · \(funnel.order) funnel"
    if let window = funnel.windowSeconds { text += " · \(ReportFormatting.duration(window)) window" }
    return text
  }

  /// The significance level as the footnotes print it: `0.05`.
  static func level(_ value: Double) -> String { ReportFormatting.number(value) }

  /// When a change is marked: `p < 0.05 with at least 30 units on each side`.
  static func rule(_ comparison: ReportComparison) -> String {
    "p < \(level(comparison.significanceLevel)) with at least \(comparison.minimumUnits) units on each side"
  }
}
