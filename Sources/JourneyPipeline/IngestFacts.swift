import JourneyConfig
import JourneyIngest
import JourneyModel
import JourneyReports

/// What the input side of a run knows that the report's counts and warnings need, mergeable across
/// partial reports (SPEC §12) by addition: events accepted, excluded and out of range, whether
/// any event had a value of each breakdown field and of the touchpoint field, and the rule usage.
package struct IngestFacts: Codable, Sendable, Equatable {
  /// Events accepted by `exclude:` and `--from/--to` (the engine's events).
  package var accepted: Int
  package var excluded: Int
  package var outOfRange: Int
  /// Per breakdown field (config order): some event has a value.
  package var breakdownHasValue: [Bool]
  /// Some event has a value of the touchpoint field (true when there is none to have).
  package var touchpointHasValue: Bool
  package var rules: RuleCounts

  /// Events read (the report's `summary.events`): accepted, excluded and out of range.
  package var events: Int { accepted + excluded + outOfRange }

  package mutating func merge(_ other: IngestFacts) {
    accepted += other.accepted
    excluded += other.excluded
    outOfRange += other.outOfRange
    for index in breakdownHasValue.indices where index < other.breakdownHasValue.count {
      breakdownHasValue[index] = breakdownHasValue[index] || other.breakdownHasValue[index]
    }
    touchpointHasValue = touchpointHasValue || other.touchpointHasValue
    rules.merge(other.rules)
  }

  /// The warnings these facts give, in the order a run says them: `--timeout` without effect, a
  /// breakdown or touchpoint field no event has, then the rules and `exclude:` conditions that took
  /// no event (``RuleWarnings``).
  func warnings(config: JourneyConfig, timeoutGiven: Bool) -> [ReportWarning] {
    var warnings: [ReportWarning] = []
    if timeoutGiven, let field = config.input.fields.session {
      let origin = config.input.preset.map { " (preset \($0))" } ?? ""
      warnings.append(
        ReportWarning(
          .timeoutIgnored,
          "--timeout has no effect: sessions are the export's own ids (input.fields.session: \(field)\(origin))"))
    }
    if accepted > 0 {
      for (index, breakdown) in config.breakdown.enumerated() where index < breakdownHasValue.count && !breakdownHasValue[index] {
        warnings.append(
          ReportWarning(
            .breakdownFieldMissing,
            "no event has a value for the breakdown field \(breakdown.field); every unit is (none)",
            location: ReportPipeline.configLocation(breakdown.location, config: config)))
      }
      if !touchpointHasValue { warnings.append(ReportPipeline.noTouchpointWarning(config)) }
    }
    return warnings + RuleWarnings.warnings(config: config, usage: rules, accepted: accepted + excluded)
  }
}
