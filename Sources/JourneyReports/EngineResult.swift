public import JourneyModel

/// Everything the engine computes: the summary counts and the report sections.
public struct EngineResult: Sendable, Equatable {
  public var users = 0
  public var sessions = 0
  /// Funnel units: sessions or users, per scope.
  public var units = 0
  public var unitsWithoutStage = 0
  /// Events dropped by `dedupe`.
  public var duplicates = 0
  /// Events (after `dedupe`) that matched no rule.
  public var unclassifiedEvents = 0
  /// Earliest and latest event time in the store (µs), nil when empty.
  public var firstEvent: Microseconds?
  public var lastEvent: Microseconds?
  public var funnel: JourneyReport.Funnel
  public var transitions: [JourneyReport.Transition] = []
  public var entries: [JourneyReport.StageShare] = []
  public var exits: [JourneyReport.StageShare] = []
  public var paths: [JourneyReport.Path] = []
  public var breakdowns: [JourneyReport.Breakdown] = []

  public init(funnel: JourneyReport.Funnel) {
    self.funnel = funnel
  }

  /// Copies the engine's counts and time range into a report summary (the other fields —
  /// events, rejected, excluded, inputs — come from the input side).
  public func fill(_ summary: inout JourneyReport.Summary) {
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
