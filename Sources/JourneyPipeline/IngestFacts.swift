import JourneyConfig
import JourneyIngest
import JourneyModel
import JourneyReports

/// What the input side of a run knows that the report's counts and warnings need, mergeable across
/// partial reports (SPEC §12) by addition: events accepted, excluded and out of range, whether
/// any event had a value of each breakdown field, of the touchpoint field, of the `dedupe:` field
/// and of `sessions.new_on_change`, and the rule usage.
package struct IngestFacts: Codable, Sendable, Equatable {
  /// Events accepted by `exclude:` and `--from/--to` (the engine's events).
  package var accepted: Int
  package var excluded: Int
  package var outOfRange: Int
  /// Per breakdown field (config order): some event has a value.
  package var breakdownHasValue: [Bool]
  /// Some event has a value of the touchpoint field (true when there is none to have).
  package var touchpointHasValue: Bool
  /// Some event has a non-empty value of the `dedupe:` field (true when there is none to have).
  package var dedupeHasValue: Bool = true
  /// Some event has a non-empty value of `sessions.new_on_change` (true when there is none to have).
  package var sessionChangeHasValue: Bool = true
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
    dedupeHasValue = dedupeHasValue || other.dedupeHasValue
    sessionChangeHasValue = sessionChangeHasValue || other.sessionChangeHasValue
    rules.merge(other.rules)
  }

  /// The warnings these facts give, in the order a run says them: `--timeout` without effect, a
  /// breakdown, touchpoint, `dedupe:` or `new_on_change` field no event has, then the rules and `exclude:` conditions that took
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
      if !dedupeHasValue, let field = config.dedupe {
        warnings.append(
          ReportWarning(
            .dedupeFieldMissing,
            "no event has a value for the dedupe field \(field); no event was dropped as a repeat",
            location: ReportPipeline.configLocation(config.dedupeLocation, config: config)))
      }
      if !sessionChangeHasValue, let field = config.sessions.newOnChange {
        warnings.append(
          ReportWarning(
            .sessionChangeFieldMissing,
            "no event has a value for the sessions.new_on_change field \(field); no session was split by it",
            location: ReportPipeline.configLocation(config.sessions.newOnChangeLocation, config: config)))
      }
    }
    return warnings + RuleWarnings.warnings(config: config, usage: rules, accepted: accepted + excluded)
  }
}

extension IngestFacts {
  enum CodingKeys: String, CodingKey {
    case accepted, excluded, outOfRange, breakdownHasValue, touchpointHasValue, dedupeHasValue, sessionChangeHasValue, rules
  }

  /// `dedupeHasValue` and `sessionChangeHasValue` may be absent: partial reports written before
  /// them (the same format, `journey-partial/1`) read as "no warning to give".
  package init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    accepted = try c.decode(Int.self, forKey: .accepted)
    excluded = try c.decode(Int.self, forKey: .excluded)
    outOfRange = try c.decode(Int.self, forKey: .outOfRange)
    breakdownHasValue = try c.decode([Bool].self, forKey: .breakdownHasValue)
    touchpointHasValue = try c.decode(Bool.self, forKey: .touchpointHasValue)
    dedupeHasValue = try c.decodeIfPresent(Bool.self, forKey: .dedupeHasValue) ?? true
    sessionChangeHasValue = try c.decodeIfPresent(Bool.self, forKey: .sessionChangeHasValue) ?? true
    rules = try c.decode(RuleCounts.self, forKey: .rules)
  }
}
