import JourneyConfig
import JourneyModel
import JourneyStages
import Testing

/// Builds records by field name for a schema the classifier filled in.
struct Records {
  var schema: FieldSchema

  func record(_ values: [String: String?]) -> RecordFields {
    var fields = RecordFields(slotCount: schema.count)
    for (name, value) in values {
      guard let slot = schema.existingSlot(for: name) else { continue }
      if let value { fields.set(slot, string: value) } else { fields.setNull(slot) }
    }
    return fields
  }
}

@Suite struct StageClassifierTests {
  static let header = "input:\n  fields: {user: u, time: t, event: event, url: url}\n"

  func classifier(_ body: String, file: String = "c.yaml") throws -> (StageClassifier, Records) {
    let config = try ConfigLoader.parse(yaml: Self.header + body, file: file)
    var schema = FieldSchema()
    let classifier = try StageClassifier(config: config, schema: &schema)
    return (classifier, Records(schema: schema))
  }

  /// One rule `stage: hit` with `test` as its condition.
  func matches(_ test: String, _ values: [String: String?]) throws -> Bool {
    let (c, r) = try classifier("stages: [hit]\nrules:\n  - stage: hit\n    \(test)\n")
    return c.classify(r.record(values)) == 0
  }

  @Test(arguments: [
    ("{field: a, equals: x}", "x", true), ("{field: a, equals: x}", "xy", false),
    ("{field: a, in: [x, y]}", "y", true), ("{field: a, in: [x, y]}", "z", false),
    ("{field: a, in: [a1, a2, a3, a4, a5, a6, a7, a8, a9, a10]}", "a9", true),
    ("{field: a, in: [a1, a2, a3, a4, a5, a6, a7, a8, a9, a10]}", "a11", false),
    ("{field: a, glob: '/products/*'}", "/products/42", true), ("{field: a, glob: '/products/*'}", "/blog/1", false),
    ("{field: a, glob: '*/p?/[0-9]*'}", "https://x/pa/7z", true), ("{field: a, glob: '[!a]*'}", "abc", false),
    ("{field: a, regex: '(?i)bot|spider'}", "Googlebot/2.1", true), ("{field: a, regex: '^x$'}", "xx", false),
    ("{field: a, prefix: /blog}", "/blog/x", true), ("{field: a, prefix: /blog}", "/b", false),
    ("{field: a, suffix: .html}", "/a.html", true), ("{field: a, suffix: .html}", "/a.htm", false),
    ("{field: a, contains: cart}", "add-to-cart-now", true), ("{field: a, contains: cart}", "car", false),
    ("{field: a, exists: true}", "v", true), ("{field: a, exists: true}", "", false),
    ("{field: a, exists: false}", "", true), ("{field: a, exists: false}", "v", false),
    ("{field: a, gt: 10}", "10.5", true), ("{field: a, gt: 10}", "10", false), ("{field: a, gte: 10}", "10", true),
    ("{field: a, lt: 0}", "-1", true), ("{field: a, lte: 0}", "1", false), ("{field: a, lt: 5}", "abc", false),
  ])
  func operatorsOnAValue(test: String, value: String, expected: Bool) throws {
    #expect(try matches("all: [\(test)]", ["a": value]) == expected)
  }

  @Test(arguments: ["{field: a, equals: x}", "{field: a, in: [x]}", "{field: a, glob: '*'}", "{field: a, regex: '.*'}",
                    "{field: a, prefix: ''}", "{field: a, contains: ''}", "{field: a, exists: true}", "{field: a, lt: 1e9}"])
  func aMissingFieldFailsEveryOperator(test: String) throws {
    #expect(try !matches("all: [\(test)]", [:]))
    #expect(try !matches("all: [\(test)]", ["a": nil]))
  }

  @Test func aMissingFieldPassesExistsFalseAndNot() throws {
    #expect(try matches("field: a\n    exists: false", [:]))
    #expect(try matches("not: {field: a, equals: x}", [:]))
  }

  @Test func anyAllAndNotNest() throws {
    let rule = "any:\n      - all: [{field: a, equals: x}, {not: {field: b, prefix: test}}]\n      - {field: c, in: [1, 2]}"
    #expect(try matches(rule, ["a": "x", "b": "live"]))
    #expect(try !matches(rule, ["a": "x", "b": "test-1"]))
    #expect(try matches(rule, ["a": "y", "c": "2"]))
    #expect(try !matches(rule, ["a": "y", "c": "3"]))
  }

  @Test func aRulesKeysAreANDed() throws {
    #expect(try matches("event: Page Viewed\n    field: path\n    prefix: /blog", ["event": "Page Viewed", "path": "/blog/1"]))
    #expect(try !matches("event: Page Viewed\n    field: path\n    prefix: /blog", ["event": "Page Viewed", "path": "/shop"]))
  }

  @Test func shorthandsTakeListsAndGlobs() throws {
    #expect(try matches("event: [Product Added, Checkout Started]", ["event": "Checkout Started"]))
    #expect(try !matches("event: [Product Added, Checkout Started]", ["event": "Product Viewed"]))
    #expect(try matches("url: ['*/checkout/*', '*/cart']", ["url": "https://shop.example/cart"]))
    #expect(try !matches("url: ['*/checkout/*', '*/cart']", ["url": "https://shop.example/cart/x"]))
  }

  static let funnel = """
    stages: [view, cart, purchase]
    rules:
      - stage: purchase
        event: Order Completed
      - stage: cart
        event: [Product Added, Checkout Started]
      - stage: view
        field: url
        glob: '*/products/*'
      - stage: cart
        field: url
        contains: /cart

    """

  @Test func firstMatchingRuleWins() throws {
    let (c, r) = try classifier(Self.funnel)
    #expect(c.stageNames == ["view", "cart", "purchase"])
    let both = r.record(["event": "Order Completed", "url": "https://s/products/1"])
    #expect(c.classify(both) == 2)
    #expect(c.match(both)?.rule == 0)
    let view = r.record(["event": "Page Viewed", "url": "https://s/products/cart"])
    #expect(c.match(view)?.rule == 2)
    #expect(c.classify(view) == 0)
    let cartPage = r.record(["event": "Page Viewed", "url": "https://s/cart"])
    #expect(c.match(cartPage)?.rule == 3)
    #expect(c.match(cartPage)?.stage == 1)
    #expect(c.classify(r.record(["event": "Page Viewed", "url": "/"])) == EventRecord.noStage)
  }

  @Test func registersTheRuleFieldsInTheSchema() throws {
    let (_, r) = try classifier(Self.funnel)
    #expect(r.schema.names == ["event", "url"])
  }

  @Test func explainSaysWhyEarlierRulesFailed() throws {
    let (c, r) = try classifier(Self.funnel, file: "shop.yaml")
    let lines = c.explain(r.record(["event": "Page Viewed", "url": "https://s/products/1"]))
    #expect(lines.count == 3)
    #expect(lines[0] == RuleExplanation(rule: 0, location: SourceLocation(file: "shop.yaml", line: 5, column: 5), stage: "purchase", matched: false, reason: "event is 'Page Viewed', expected 'Order Completed'"))
    #expect(lines[1].reason == "event is 'Page Viewed', expected one of [Product Added, Checkout Started]")
    #expect(lines[2].matched)
    #expect(lines[2].reason == nil)
    #expect(lines[2].description == "shop.yaml:9: rules[2] (view): matched")
    #expect(lines[0].description == "shop.yaml:5: rules[0] (purchase): no match: event is 'Page Viewed', expected 'Order Completed'")
    let none = c.explain(r.record(["event": "Page Viewed"]))
    #expect(none.count == 4)
    #expect(none.allSatisfy { !$0.matched })
    #expect(none[2].reason == "field url is missing")
    #expect(c.ruleLocation(3) == SourceLocation(file: "shop.yaml", line: 12, column: 5))
  }

  @Test func explainOfNestedConditions() throws {
    let (c, r) = try classifier("stages: [s]\nrules:\n  - stage: s\n    any: [{field: a, gt: 5}, {not: {field: b, exists: true}}]\n")
    let why = c.explain(r.record(["a": "x", "b": "1"]))[0].reason
    #expect(why == "none of: a is 'x', not a number (expected > 5); not: b a value matched")
  }

  @Test func compiledOnceAndReusedAcrossManyRecords() throws {
    // Regexes and globs are compiled in init; classifying many records must stay consistent.
    let (c, r) = try classifier("stages: [bot, page]\nrules:\n  - stage: bot\n    field: ua\n    regex: '(?i)bot|crawler'\n  - stage: page\n    url: '/p/*'\n")
    var counts = [0, 0, 0]
    for i in 0..<2000 {
      let fields = r.record(["ua": i % 3 == 0 ? "Googlebot" : "Mozilla", "url": i % 2 == 0 ? "/p/\(i)" : "/q/\(i)"])
      let stage = c.classify(fields)
      counts[stage == EventRecord.noStage ? 2 : Int(stage)] += 1
    }
    #expect(counts == [667, 666, 667])
  }

  @Test func badRegexInAHandMadeConfigIsAConfigErrorAtTheRule() {
    let location = SourceLocation(file: "x.yaml", line: 3, column: 7)
    let config = JourneyConfig(stages: ["s"], rules: [Rule(stage: "s", condition: .test(FieldTest(field: "a", op: .regex("(unclosed"), location: location)), location: location)])
    var schema = FieldSchema()
    #expect(throws: JourneyError.self) { try StageClassifier(config: config, schema: &schema) }
    do {
      _ = try StageClassifier(config: config, schema: &schema)
    } catch {
      #expect(error.kind == .config)
      #expect(error.location == "x.yaml:3:7")
    }
  }

  @Test func presetJourneysClassifyTheirDataSets() throws {
    let rees46 = try #require(Preset.named("rees46")).config
    var schema = FieldSchema()
    let c = try StageClassifier(config: rees46, schema: &schema)
    let r = Records(schema: schema)
    #expect(c.classify(r.record(["event_type": "cart"])) == 1)
    #expect(c.classify(r.record(["event_type": "purchase"])) == 2)
    #expect(c.classify(r.record(["event_type": "remove_from_cart"])) == EventRecord.noStage)
  }

  @Test func slotsAreTheFieldsTheRulesReadOnceInFirstUseOrder() throws {
    let config = try ConfigLoader.parse(
      yaml: Self.header + """
        stages: [a, b]
        rules:
          - {stage: a, any: [{field: x, equals: '1'}, {event: e}, {not: {field: x, exists: false}}]}
          - {stage: b, all: [{field: y, prefix: p}, {event: f}]}

        """, file: "s.yaml")
    var schema = FieldSchema(["u", "t", "event"])
    let classifier = try StageClassifier(config: config, schema: &schema)
    #expect(schema.names == ["u", "t", "event", "x", "y"])
    #expect(classifier.slots == [3, 2, 4])
  }

  @Test func aClassifierWithoutRulesReadsNoSlot() throws {
    let config = try ConfigLoader.parse(yaml: Self.header + "stages: [a]\n", file: "s.yaml")
    var schema = FieldSchema()
    #expect(try StageClassifier(config: config, schema: &schema).slots.isEmpty)
  }
}
