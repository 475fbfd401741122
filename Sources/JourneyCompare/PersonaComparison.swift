import JourneyReports

/// One persona (SPEC §9) in both reports: its users and units, and the same per-step changes,
/// median time to convert and reach per stage as the whole comparison (``ReportComparison``),
/// computed on the persona's own funnel in each report.
///
/// Personas are matched by name. One that only one report has is listed, with ``presentIn``
/// saying which, its users and units (0 on the side without it), and no steps or stages.
package struct PersonaComparison: Codable, Sendable, Equatable {
  /// Which reports have the persona.
  package enum Presence: String, Codable, Sendable {
    case both, base, current
  }

  package var name: String
  package var presentIn: Presence
  /// Users in the persona, and its funnel units (0 on the side that lacks the persona).
  package var users: CountChange
  package var units: CountChange
  /// As ``ReportComparison/steps``, on the persona's funnel; empty unless in both reports.
  package var steps: [ReportComparison.Step]
  /// The persona's median time to convert; nil unless in both reports.
  package var timeToConvert: DurationChange?
  /// As ``ReportComparison/stages``, on the persona's journey maps.
  package var stages: [ReportComparison.Stage]

  package init(
    name: String, presentIn: Presence, users: CountChange, units: CountChange, steps: [ReportComparison.Step],
    timeToConvert: DurationChange?, stages: [ReportComparison.Stage]
  ) {
    self.name = name
    self.presentIn = presentIn
    self.users = users
    self.units = units
    self.steps = steps
    self.timeToConvert = timeToConvert
    self.stages = stages
  }

  enum CodingKeys: String, CodingKey {
    case name, users, units, steps, stages
    case presentIn = "present_in"
    case timeToConvert = "time_to_convert"
  }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(presentIn, forKey: .presentIn)
    try c.encode(users, forKey: .users)
    try c.encode(units, forKey: .units)
    try c.encode(steps, forKey: .steps)
    try c.encode(timeToConvert, forKey: .timeToConvert)
    try c.encode(stages, forKey: .stages)
  }
}
