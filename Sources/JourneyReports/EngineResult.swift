public import JourneyModel

/// Everything the engine computes: the summary counts and the report sections.
public struct EngineResult: Sendable, Equatable {
  public var users = 0
  public var sessions = 0
  /// Funnel units: sessions or users, per scope.
  package var units = 0
  package var unitsWithoutStage = 0
  /// Events dropped by `dedupe`.
  package var duplicates = 0
  /// Events (after `dedupe`) that matched no rule.
  package var unclassifiedEvents = 0
  /// Earliest and latest event time in the store (µs), nil when empty.
  package var firstEvent: Microseconds?
  package var lastEvent: Microseconds?
  package var funnel: JourneyReport.Funnel
  package var transitions: [JourneyReport.Transition] = []
  package var entries: [JourneyReport.StageShare] = []
  package var exits: [JourneyReport.StageShare] = []
  package var paths: [JourneyReport.Path] = []
  package var breakdowns: [JourneyReport.Breakdown] = []
  /// The journey map (SPEC §8) and the lift of touchpoints; the funnel carries its time to convert
  /// and findings.
  package var journeyMap: JourneyMap?
  package var lift: Lift?
  /// Per persona and `(no persona)`, and their overlap; nil without personas (SPEC §9).
  package var personas: [PersonaReport]?
  package var personaOverlap: PersonaOverlap?

  package init(funnel: JourneyReport.Funnel) {
    self.funnel = funnel
  }

  /// Copies the engine's counts and time range into a report summary (the other fields —
  /// events, rejected, excluded, inputs — come from the input side).
  package func fill(_ summary: inout JourneyReport.Summary) {
    summary.users = users
    summary.sessions = sessions
    summary.units = units
    summary.unitsWithoutStage = unitsWithoutStage
    summary.duplicates = duplicates
    summary.unclassifiedEvents = unclassifiedEvents
    summary.firstEvent = firstEvent.map(Timestamp.iso8601)
    summary.lastEvent = lastEvent.map(Timestamp.iso8601)
  }
}
