import JourneyConfig
import JourneyModel

/// How many events each stage rule took (the first rule an event matches) and each `exclude:`
/// condition dropped, over every ingest thread; and the distinct values the rules saw with their
/// events, for "did you mean" when a rule matched nothing (SPEC §11 "Nothing silent").
///
/// Counted by the rule caches at no cost per event beyond a counter: a combination of the rule
/// fields' values is evaluated once and counted per event (``RuleResultCache``).
package struct RuleUsage: Sendable {
  /// Per stage rule (config order): events whose first matching rule it is.
  package private(set) var ruleEvents: [Int]
  /// Per `exclude:` condition: events it dropped (the first condition an event matches).
  package private(set) var exclusionEvents: [Int]
  /// The slots of the rule fields, in key order, and every thread's remembered combinations.
  private let ruleSlots: [Int]
  private var caches: [RuleResultCache] = []

  init(rules: Int, exclusions: Int, ruleSlots: [Int]) {
    ruleEvents = Array(repeating: 0, count: rules)
    exclusionEvents = Array(repeating: 0, count: exclusions)
    self.ruleSlots = ruleSlots
  }

  /// Adds one thread's counts.
  mutating func add(stageCache: RuleResultCache, exclusionCache: RuleResultCache) {
    for (result, events) in stageCache.eventsPerResult() where Int(result) < ruleEvents.count {
      ruleEvents[Int(result)] += events
    }
    for (result, events) in exclusionCache.eventsPerResult() where result > 0 && Int(result) <= exclusionEvents.count {
      exclusionEvents[Int(result) - 1] += events
    }
    caches.append(stageCache)
  }

  package mutating func merge(_ other: RuleUsage) {
    for index in ruleEvents.indices { ruleEvents[index] += other.ruleEvents[index] }
    for index in exclusionEvents.indices { exclusionEvents[index] += other.exclusionEvents[index] }
    caches.append(contentsOf: other.caches)
  }

  /// The values of the field in schema slot `slot` that the stage rules saw, with their events
  /// (only the combinations the caches remembered: all of them below 65,536 distinct ones); empty
  /// when the rules do not read the field.
  package func values(ofSlot slot: Int) -> [String: Int] {
    guard let position = ruleSlots.firstIndex(of: slot) else { return [:] }
    var counts: [String: Int] = [:]
    for cache in caches {
      for (bytes, events) in cache.values(ofSlot: slot, position: position) {
        counts[String(decoding: bytes, as: UTF8.self), default: 0] += events
      }
    }
    return counts
  }
}
