/// One persona's section of the report (SPEC §9): the whole report on its users' units — funnel
/// with reach, time to convert and findings, transitions, entries and exits, top paths, the
/// journey map and lift — and, per funnel step, its conversion against the users outside it.
///
/// `(no persona)` (``nobody``) is one of them, last: the users in no persona.
package struct PersonaReport: Codable, Sendable, Equatable {
  /// The users in no persona; the config may not name a persona so.
  package static let nobody = "(no persona)"

  package var name: String
  /// Users in the persona, and their sessions and funnel units.
  package var users: Int
  package var sessions: Int
  package var units: Int
  package var unitsWithoutStage: Int
  package var funnel: JourneyReport.Funnel
  /// Per funnel step: this persona against the users outside it.
  package var versusRest: [PersonaStepComparison]
  package var transitions: [JourneyReport.Transition]
  package var entries: [JourneyReport.StageShare]
  package var exits: [JourneyReport.StageShare]
  package var paths: [JourneyReport.Path]
  package var journeyMap: JourneyMap?
  package var lift: Lift?

  package init(
    name: String, users: Int, sessions: Int, units: Int, unitsWithoutStage: Int, funnel: JourneyReport.Funnel,
    versusRest: [PersonaStepComparison], transitions: [JourneyReport.Transition],
    entries: [JourneyReport.StageShare], exits: [JourneyReport.StageShare], paths: [JourneyReport.Path],
    journeyMap: JourneyMap?, lift: Lift?
  ) {
    self.name = name
    self.users = users
    self.sessions = sessions
    self.units = units
    self.unitsWithoutStage = unitsWithoutStage
    self.funnel = funnel
    self.versusRest = versusRest
    self.transitions = transitions
    self.entries = entries
    self.exits = exits
    self.paths = paths
    self.journeyMap = journeyMap
    self.lift = lift
  }

  enum CodingKeys: String, CodingKey {
    case name, users, sessions, units, funnel, transitions, entries, exits, paths, lift
    case unitsWithoutStage = "units_without_stage"
    case versusRest = "versus_rest"
    case journeyMap = "journey_map"
  }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(users, forKey: .users)
    try c.encode(sessions, forKey: .sessions)
    try c.encode(units, forKey: .units)
    try c.encode(unitsWithoutStage, forKey: .unitsWithoutStage)
    try c.encode(funnel, forKey: .funnel)
    try c.encode(versusRest, forKey: .versusRest)
    try c.encode(transitions, forKey: .transitions)
    try c.encode(entries, forKey: .entries)
    try c.encode(exits, forKey: .exits)
    try c.encode(paths, forKey: .paths)
    try c.encode(journeyMap, forKey: .journeyMap)
    try c.encode(lift, forKey: .lift)
  }
}
