import JourneyConfig
import JourneyModel
import JourneyStages
import PropertyBased
import Testing

@testable import JourneyIngest

/// The leading rules on one field's literal values are matched by a lookup (``LiteralRulePrefix``)
/// before the cache keyed by every rule field: that may only make classifying faster. Each event
/// gets the rule the rules give it, the events per rule are the same, and so are the values the
/// "did you mean" hint of a rule without events reads.
@Suite struct LiteralRulePrefixTests {
  /// Rules to pick from: literal tests on `event` (the prefix), other tests on it, and tests on
  /// `page`, among them one for a value (which turns the prefix off: its field's values would be
  /// read only from the events the prefix leaves).
  static let rules = [
    "event: a", "event: [b, c]", "event: [c, a, d]", #"field: event, equals: "7""#, "event: [x]",
    "field: event, prefix: b", "field: page, prefix: /b", "field: page, equals: /x",
    "any: [{event: d}, {field: page, equals: /b1}]", "field: page, exists: false",
  ]
  static let events: [String?] = ["a", "b", "c", "d", "e", "7", "", "ab", nil]
  static let pages: [String?] = ["/b1", "/x", "/c", nil]

  static func config(_ picks: [Int]) throws -> JourneyConfig {
    var yaml = "input:\n  fields: {user: u, time: t, event: event}\nstages: [s0, s1, s2]\nrules:\n"
    for (i, pick) in picks.enumerated() { yaml += "  - {stage: s\(i % 3), \(rules[pick])}\n" }
    return try ConfigLoader.parse(yaml: yaml, file: "p.yaml")
  }

  @Test func thePrefixGivesEveryEventTheRulesRuleAndTheSameCounts() async throws {
    await propertyCheck(
      count: 300,
      input: Gen.int(in: 0...(Self.rules.count - 1)).array(of: 1...6),
      Gen.int(in: 0...(Self.events.count * Self.pages.count * 3 - 1)).array(of: 1...60)
    ) { picks, records in
      guard let config = try? Self.config(picks) else {
        Issue.record("config of \(picks) does not load")
        return
      }
      var schema = FieldSchema()
      guard let classifier = try? StageClassifier(config: config, schema: &schema) else {
        Issue.record("rules of \(picks) do not compile")
        return
      }
      var fast = RuleResultCache(slots: classifier.slots, prefix: classifier.literalPrefix)
      var plain = RuleResultCache(slots: classifier.slots)
      var buffer: [UInt8] = []
      let eventSlot = schema.slot(for: "event")  // registered by the rules, or a slot no rule reads
      let pageSlot = schema.existingSlot(for: "page")
      var fields = RecordFields(slotCount: schema.count)
      for record in records {
        fields.reset()
        let event = Self.events[record % Self.events.count]
        let page = Self.pages[(record / Self.events.count) % Self.pages.count]
        switch (event, record / (Self.events.count * Self.pages.count)) {
        case (nil, 0): break
        case (nil, _): fields.setNull(eventSlot)
        case (let value?, 1) where value == "7": fields.set(eventSlot, kind: .number, bytes: Array(value.utf8))
        case (let value?, _): fields.set(eventSlot, string: value)
        }
        if let pageSlot, let page { fields.set(pageSlot, string: page) }
        let expected = classifier.match(fields).map { UInt16($0.rule) } ?? RuleResultCache.noRule
        #expect(fast.result(fields, buffer: &buffer, rules: classifier) == expected, "\(picks): \(event ?? "nil") \(page ?? "nil")")
        #expect(plain.result(fields, buffer: &buffer, rules: classifier) == expected)
      }
      #expect(fast.eventsPerResult() == plain.eventsPerResult(), "\(picks)")
      // The hint's values: those of the prefix's field are all there; a prefix exists only when no
      // rule after it tests another field for values.
      let literalField = config.rules.map { $0.condition.literalTest?.field }
      if let prefix = classifier.literalPrefix {
        let field = literalField[0]
        #expect(field != nil && prefix.slot == schema.existingSlot(for: field!), "\(picks)")
        guard let position = classifier.slots.firstIndex(of: prefix.slot) else {
          Issue.record("\(picks): the prefix's slot is not a rule slot")
          return
        }
        #expect(fast.values(ofSlot: prefix.slot, position: position) == plain.values(ofSlot: prefix.slot, position: position), "\(picks)")
        #expect(prefix.ruleCount >= 1 && literalField.prefix(prefix.ruleCount).allSatisfy { $0 == field }, "\(picks)")
        #expect(literalField.dropFirst(prefix.ruleCount).allSatisfy { $0 == nil || $0 == field }, "\(picks)")
        #expect(literalField.count == prefix.ruleCount || literalField[prefix.ruleCount] != field, "\(picks)")
      } else {
        #expect(literalField[0] == nil || literalField.contains { $0 != nil && $0 != literalField[0] }, "\(picks)")
      }
    }
  }

  @Test func startsOnlyWithLiteralTestsOfOneField() throws {
    func prefix(_ picks: [Int]) throws -> LiteralRulePrefix? {
      var schema = FieldSchema()
      return try StageClassifier(config: try Self.config(picks), schema: &schema).literalPrefix
    }
    #expect(try prefix([0, 1, 2, 5, 6])?.literalCount == 5)  // (none), a, b, c, d: rule 5 tests a prefix
    #expect(try prefix([0, 1, 2, 5, 6])?.ruleOfLiteral == [0, 0, 1, 1, 2])
    #expect(try prefix([0, 1, 2, 5, 6])?.ruleCount == 3)
    #expect(try prefix([5, 0]) == nil)  // a prefix test first
    #expect(try prefix([0, 7]) == nil)  // a later rule tests page for a value
    #expect(try prefix([0, 8, 1]) != nil)  // `any:` and later literal tests on event do not
  }
}
