import JourneyConfig
import JourneyIngest
import JourneyModel
import JourneyReports

/// Warnings about rules and `exclude:` conditions that took no event (SPEC §11 "Nothing silent"):
/// a typo in an event name gives a stage of 0 units and exit 0 otherwise.
///
/// - A rule of the user's config that took no event (no event matched it first), with the nearest
///   value the events have where the rule tests one field for a value ("no event has event 'Order
///   Complete'; did you mean 'Order Completed' (41,200 events)?"), or, when events have the value,
///   that earlier rules take them all.
/// - With a preset's rules, only a stage that none of its rules gave an event: a preset covers more
///   events than one export has.
/// - An `exclude:` condition of the user's config that dropped no event (a preset's bot filters
///   often have nothing to drop).
enum RuleWarnings {
  static func warnings(config: JourneyConfig, usage: RuleCounts, accepted: Int) -> [ReportWarning] {
    guard accepted > 0 else { return [] }
    var warnings: [ReportWarning] = []
    var stageEvents: [String: Int] = [:]
    for (index, rule) in config.rules.enumerated() { stageEvents[rule.stage, default: 0] += usage.ruleEvents[index] }
    var warnedStages: Set<String> = []
    for (index, rule) in config.rules.enumerated() where usage.ruleEvents[index] == 0 {
      if rule.location.file == config.source {
        let hint = nearMiss(rule.condition, usage: usage).map { ": \($0)" } ?? ""
        warnings.append(
          ReportWarning(
            .ruleMatchedNothing, "rules[\(index)] (stage \(rule.stage)) took no event\(hint)",
            location: rule.location.description))
      } else if stageEvents[rule.stage] == 0, warnedStages.insert(rule.stage).inserted {
        let origin = config.input.preset.map { "preset \($0)" } ?? rule.location.file
        warnings.append(
          ReportWarning(.ruleMatchedNothing, "no event matches a rule of stage \(rule.stage) (\(origin)): the stage has 0 units"))
      }
    }
    for (index, condition) in config.exclude.enumerated() where usage.exclusionEvents[index] == 0 {
      guard let location = condition.firstLocation, location.file == config.source else { continue }
      warnings.append(
        ReportWarning(.exclusionMatchedNothing, "exclude[\(index)] dropped no event", location: location.description))
    }
    return warnings
  }

  /// "1 event", "41,200 events".
  static func events(_ count: Int) -> String { "\(JourneyEngine.grouped(count)) \(count == 1 ? "event" : "events")" }

  /// For a rule that tests one field for values (`equals`, `in`): what the events have instead.
  static func nearMiss(_ condition: Condition, usage: RuleCounts) -> String? {
    guard let (field, wanted) = condition.literalTest, let seen = usage.seenValues[field] else { return nil }
    let described = wanted.map { "'\($0)'" }.joined(separator: " or ")
    if let present = wanted.first(where: { seen[$0] != nil }) {
      return "earlier rules take every event with \(field) '\(present)' (\(events(seen[present]!)))"
    }
    guard !seen.isEmpty else { return "no event has a value for \(field)" }
    // The nearest value to any of the wanted ones; ties go to the value with more events.
    let candidates = seen.keys.sorted { seen[$0]! != seen[$1]! ? seen[$0]! > seen[$1]! : $0 < $1 }
    for value in wanted {
      if let near = Suggestion.closest(to: value, in: candidates) {
        return "no event has \(field) \(described); did you mean '\(near)' (\(events(seen[near]!)))?"
      }
    }
    return "no event has \(field) \(described)"
  }
}

extension Condition {
  /// Where the condition's first test is written.
  var firstLocation: SourceLocation? {
    switch self {
    case .test(let test): test.location
    case .all(let parts), .any(let parts): parts.lazy.compactMap(\.firstLocation).first
    case .not(let inner): inner.firstLocation
    }
  }
}
