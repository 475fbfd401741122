/// One funnel step of a persona against the users outside it (SPEC §9): conversion from start of
/// each side (step units out of entrants), the difference in percentage points, each side's 95%
/// Wilson interval, and the two-proportion z-test (``ProportionStatistics``) — its p-value only
/// when both sides have at least ``minimumUnits`` entrants, where the normal approximation holds.
///
/// The rest is the whole report minus the persona: units belong to one user each, so the
/// subtraction is exact and needs no aggregate of its own.
package struct PersonaStepComparison: Codable, Sendable, Equatable {
  /// Entrants each side needs before a p-value is shown.
  package static let minimumUnits = 30
  /// p-values below this (with the minimum on both sides) are significant.
  package static let significanceLevel = 0.05

  package var stage: String?
  package var label: String
  /// The persona: units that reached the step, entrants, conversion from start, its interval.
  package var units: Int
  package var entrants: Int
  package var conversion: Double
  package var interval: ProportionStatistics.Interval?
  /// The users outside the persona, the same.
  package var restUnits: Int
  package var restEntrants: Int
  package var restConversion: Double
  package var restInterval: ProportionStatistics.Interval?
  /// (conversion − rest conversion) × 100; nil when a side has no entrants (no conversion to compare).
  package var differencePoints: Double?
  /// The two-sided p-value; nil with fewer than ``minimumUnits`` entrants on a side, or undefined.
  package var pValue: Double?
  package var significant: Bool

  package init(stage: String?, label: String, persona: (units: Int, entrants: Int), rest: (units: Int, entrants: Int)) {
    self.stage = stage
    self.label = label
    units = persona.units
    entrants = persona.entrants
    restUnits = rest.units
    restEntrants = rest.entrants
    conversion = Self.ratio(persona.units, persona.entrants)
    restConversion = Self.ratio(rest.units, rest.entrants)
    interval = ProportionStatistics.wilsonInterval(successes: persona.units, trials: persona.entrants)
    restInterval = ProportionStatistics.wilsonInterval(successes: rest.units, trials: rest.entrants)
    differencePoints = persona.entrants == 0 || rest.entrants == 0 ? nil : ReportNumber.points((conversion - restConversion) * 100)
    let enough = persona.entrants >= Self.minimumUnits && rest.entrants >= Self.minimumUnits
    pValue =
      enough
      ? ProportionStatistics.twoProportionPValue(
        successes1: persona.units, trials1: persona.entrants, successes2: rest.units, trials2: rest.entrants)
      : nil
    significant = pValue.map { $0 < Self.significanceLevel } ?? false
  }

  private static func ratio(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }

  enum CodingKeys: String, CodingKey {
    case stage, label, units, entrants, conversion, interval, significant
    case restUnits = "rest_units"
    case restEntrants = "rest_entrants"
    case restConversion = "rest_conversion"
    case restInterval = "rest_interval"
    case differencePoints = "difference_points"
    case pValue = "p_value"
  }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(stage, forKey: .stage)
    try c.encode(label, forKey: .label)
    try c.encode(units, forKey: .units)
    try c.encode(entrants, forKey: .entrants)
    try c.encode(conversion, forKey: .conversion)
    try c.encode(interval, forKey: .interval)
    try c.encode(restUnits, forKey: .restUnits)
    try c.encode(restEntrants, forKey: .restEntrants)
    try c.encode(restConversion, forKey: .restConversion)
    try c.encode(restInterval, forKey: .restInterval)
    try c.encode(differencePoints, forKey: .differencePoints)
    try c.encode(pValue, forKey: .pValue)
    try c.encode(significant, forKey: .significant)
  }
}
