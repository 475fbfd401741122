import Foundation
import JourneyConfig
import JourneyModel
import Testing

/// `personas:` (SPEC §9): the SPEC's example, every construct, how the effective config shows them,
/// and every error with its file:line:column.
@Suite struct PersonaConfigTests {
  static let base = """
    input:
      fields:
        user: userId
        time: timestamp
        event: event
        url: context.page.url
    stages: [browse, buy]
    rules:
      - stage: buy
        event: Order Completed

    """

  func parse(_ yaml: String) throws -> JourneyConfig { try ConfigLoader.parse(yaml: yaml, file: "p.yaml") }

  func error(_ yaml: String) -> JourneyError? {
    do {
      _ = try ConfigLoader.parse(yaml: yaml, file: "p.yaml")
      return nil
    } catch {
      return error
    }
  }

  @Test func parsesTheSpecExample() throws {
    let config = try parse(
      Self.base + """
        personas:
          - name: Paid search
            first_touch: { field: context.campaign.medium, in: [cpc] }
          - name: Researcher
            did: { event: Product Viewed, at_least: 5, within: 7d }
          - name: Mobile
            all:
              - first_touch: { field: context.device.type, equals: mobile }
              - not: { did: { event: Order Completed } }

        """)
    #expect(config.personas.map(\.name) == ["Paid search", "Researcher", "Mobile"])
    let medium = test("context.campaign.medium", .in(["cpc"]))
    #expect(config.personas[0].condition == .firstTouch(field: "context.campaign.medium", medium))
    let viewed = test("event", .equals("Product Viewed"))
    #expect(config.personas[1].condition == .did(.init(condition: viewed, atLeast: 5, within: 7 * 86_400_000_000)))
    let mobile = test("context.device.type", .equals("mobile"))
    let ordered = test("event", .equals("Order Completed"))
    #expect(
      config.personas[2].condition
        == .all([.firstTouch(field: "context.device.type", mobile), .not(.did(.init(condition: ordered)))]))
    #expect(config.personas[2].condition.firstTouchFields == ["context.device.type"])
    #expect(config.personas[2].condition.didConditions.count == 1)
    #expect(config.personas[0].location?.description == "p.yaml:12:5")
  }

  @Test func severalKeysAreAndedAndAtMostAloneAllowsZero() throws {
    let config = try parse(
      Self.base + """
        personas:
          - name: Browsers who never buy
            first_touch: { url: "https://shop.example/blog/*" }
            did: { event: Order Completed, at_most: 0 }
          - name: Few searches
            any:
              - did: { field: event, prefix: Search, at_least: 2, at_most: 3, within: 30m }
              - first_touch: { any: [{ field: source, equals: a }, { field: source, equals: b }] }

        """)
    guard case .all(let parts) = config.personas[0].condition, parts.count == 2,
      case .did(let did) = parts[1]
    else {
      Issue.record("expected first_touch and did, ANDed: \(config.personas[0].condition)")
      return
    }
    #expect(did.atLeast == 0 && did.atMost == 0 && did.within == nil)
    #expect(config.personas[0].condition.firstTouchFields == ["context.page.url"])
    guard case .any(let alternatives) = config.personas[1].condition, case .did(let counted) = alternatives[0] else {
      Issue.record("expected any of did and first_touch")
      return
    }
    #expect(counted.atLeast == 2 && counted.atMost == 3 && counted.within == 30 * 60_000_000)
    #expect(config.personas[1].condition.firstTouchFields == ["source"], "one field read by several tests is one field")
  }

  @Test func theEffectiveConfigShowsPersonasOnlyWhenThereAreAny() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let plain = String(decoding: try encoder.encode(try parse(Self.base)), as: UTF8.self)
    #expect(!plain.contains("personas"), "a config without personas encodes as before")
    let config = try parse(
      Self.base + "personas:\n  - name: R\n    did: { event: Product Viewed, at_least: 2, within: 90s }\n")
    let object = try #require(
      try JSONSerialization.jsonObject(with: encoder.encode(config)) as? [String: Any])
    let personas = try #require(object["personas"] as? [[String: Any]])
    #expect(personas.count == 1 && personas[0]["name"] as? String == "R")
    let did = try #require((personas[0]["condition"] as? [String: Any])?["did"] as? [String: Any])
    #expect(did["at_least"] as? Int == 2 && did["within_seconds"] as? Double == 90 && did["at_most"] == nil)
  }

  @Test func atMostSixtyFourPersonas() throws {
    // One `did` condition with 65 counts: one per-event test, so only the persona count limits.
    let many = (1...65).map { "  - name: P\($0)\n    did: { event: e, at_least: \($0) }\n" }.joined()
    let error = error(Self.base + "personas:\n" + many)
    #expect(error?.message == "personas[64]: at most 64 personas; this is persona 65")
    #expect(error?.location == "p.yaml:140:5")
    let sixtyFour = try parse(Self.base + "personas:\n" + many.split(separator: "\n").dropLast(2).joined(separator: "\n") + "\n")
    #expect(sixtyFour.personas.count == 64)
  }

  /// The per-event tests are 16 bits of the event: equal tests share one (15 personas, 16 tests
  /// here); a 17th is refused at
  /// the persona that needs it.
  @Test func atMostSixteenDistinctPerEventTests() throws {
    // A first_touch costs 2 (the field is present, the test holds); a second test of the field 1.
    let shared = "  - name: S\n    all:\n      - first_touch: { field: source, equals: a }\n      - first_touch: { field: source, equals: b }\n"
    let fifteen = (1...12).map { "  - name: P\($0)\n    did: { event: e\($0), at_least: 2 }\n" }.joined()
    let reused = "  - name: R\n    any:\n      - did: { event: e1, at_least: 2 }\n      - first_touch: { field: source, equals: a }\n"
    let sixteen = try parse(Self.base + "personas:\n" + shared + fifteen + reused + "  - name: L\n    did: { event: last }\n")
    #expect(sixteen.personas.count == 15)
    let layout = try PersonaPredicateLayout(personas: sixteen.personas)
    #expect(layout.predicates.count == 16)
    #expect(layout.bit(.present(field: "source")) == 0 && layout.predicates[15] == .matches(.test(FieldTest(field: "event", op: .equals("last"), location: SourceLocation(file: "x", line: 1, column: 1)))))
    let error = error(Self.base + "personas:\n" + shared + fifteen + reused + "  - name: L\n    did: { event: last }\n  - name: Over\n    did: { event: over }\n")
    #expect(error?.message == "persona 'Over' needs per-event test 17; the personas may use at most 16 distinct first_touch fields, first_touch tests and did conditions together")
    #expect(error?.location == "p.yaml:46:5")
  }

  @Test(arguments: [
    ("personas: {name: x}\n", "p.yaml:11:11", "personas expected a list, found a mapping"),
    ("personas:\n  - first_touch: { event: a }\n", "p.yaml:12:5", "personas[0] has no 'name'; expected a name such as 'Paid search'"),
    ("personas:\n  - name: ''\n    did: { event: a }\n", "p.yaml:12:11", "personas[0].name is empty; expected a name such as 'Paid search'"),
    ("personas:\n  - name: (no persona)\n    did: { event: a }\n", "p.yaml:12:11",
     "personas[0].name '(no persona)' is the name of the users in no persona; choose another"),
    ("personas:\n  - name: A\n    did: { event: a }\n  - name: A\n    did: { event: b }\n", "p.yaml:14:11",
     "persona 'A' is named twice (first at p.yaml:12:5); names must differ"),
    ("personas:\n  - name: A\n", "p.yaml:12:5",
     "persona 'A' (personas[0]) has no condition; expected one of: first_touch, did, all, any, not"),
    ("personas:\n  - name: A\n    did_it: { event: a }\n", "p.yaml:13:5",
     "unknown key 'did_it' in personas[0]; expected one of: name, first_touch, did, all, any, not"),
    ("personas:\n  - name: A\n    first_touch: { all: [{ field: a, equals: x }, { field: b, equals: y }] }\n", "p.yaml:13:18",
     "personas[0].first_touch tests the first value of one field; it reads a, b (use 'all:' of several first_touch conditions)"),
    ("personas:\n  - name: A\n    did: { at_least: 2 }\n", "p.yaml:13:10",
     "personas[0].did has no condition on the events it counts; expected one of: event, url, field with an operator, any, all, not"),
    ("personas:\n  - name: A\n    did: { event: a, at_least: 0 }\n", "p.yaml:13:32",
     "personas[0].did.at_least expected a positive whole number, found '0'"),
    ("personas:\n  - name: A\n    did: { event: a, at_least: 3, at_most: 2 }\n", "p.yaml:13:44",
     "personas[0].did.at_most 2 is below at_least 3: no user can match"),
    ("personas:\n  - name: A\n    did: { event: a, at_most: -1 }\n", "p.yaml:13:31",
     "personas[0].did.at_most expected a whole number ≥ 0, found '-1'"),
    ("personas:\n  - name: A\n    did: { event: a, within: soon }\n", "p.yaml:13:30",
     "bad duration 'soon' for personas[0].did.within; expected a number and a unit, such as 90s, 30m, 2h, 7d or 500ms"),
    ("personas:\n  - name: A\n    did: { event: a, within: 0s }\n", "p.yaml:13:30", "personas[0].did.within must be longer than 0"),
    ("personas:\n  - name: A\n    did: { stage: buy }\n", "p.yaml:13:12",
     "unknown key 'stage' in personas[0].did; expected one of: event, url, field, any, all, not, equals, in, glob, regex, prefix, suffix, contains, exists, gt, gte, lt, lte, at_least, at_most, within"),
    ("personas:\n  - name: A\n    any: []\n", "p.yaml:13:10", "personas[0].any is empty; expected a list of persona conditions"),
    ("personas:\n  - name: A\n    not: {}\n", "p.yaml:13:10",
     "personas[0].not is an empty persona condition; expected one of: first_touch, did, all, any, not"),
    ("personas:\n  - name: A\n    all: [{ event: a }]\n", "p.yaml:13:13",
     "unknown key 'event' in personas[0].all[0]; expected one of: first_touch, did, all, any, not"),
  ])
  func badPersonasAreLocatedErrors(yaml: String, location: String, message: String) {
    let error = error(Self.base + yaml)
    #expect(error?.kind == .config)
    #expect(error?.location == location)
    #expect(error?.message == message)
  }
}

/// A field test (``FieldTest`` equality ignores where it was written).
private func test(_ field: String, _ op: FieldOperator) -> Condition {
  .test(FieldTest(field: field, op: op, location: SourceLocation(file: "p.yaml", line: 1, column: 1)))
}
