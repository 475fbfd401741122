import JourneyConfig
import JourneyIngest
import JourneyModel

/// What ``RuleWarnings`` reads of a run's rule usage, mergeable across partial reports (SPEC §12):
/// events per stage rule and per `exclude:` condition, and for every field that a rule without
/// events tests for a value, the values the rules saw with their events.
package struct RuleCounts: Codable, Sendable, Equatable {
  package var ruleEvents: [Int]
  package var exclusionEvents: [Int]
  /// Field → value → events (only fields of rules that took no event in this run, and only fields
  /// the events can have).
  package var seenValues: [String: [String: Int]]

  init(config: JourneyConfig, usage: RuleUsage, schema: FieldSchema) {
    ruleEvents = usage.ruleEvents
    exclusionEvents = usage.exclusionEvents
    seenValues = [:]
    for (index, rule) in config.rules.enumerated() where usage.ruleEvents[index] == 0 {
      guard let (field, _) = rule.condition.literalTest, seenValues[field] == nil,
        let slot = schema.existingSlot(for: field)
      else { continue }
      seenValues[field] = usage.values(ofSlot: slot)
    }
  }

  package mutating func merge(_ other: RuleCounts) {
    for index in ruleEvents.indices where index < other.ruleEvents.count { ruleEvents[index] += other.ruleEvents[index] }
    for index in exclusionEvents.indices where index < other.exclusionEvents.count {
      exclusionEvents[index] += other.exclusionEvents[index]
    }
    for (field, values) in other.seenValues { seenValues[field, default: [:]].merge(values, uniquingKeysWith: +) }
  }
}
