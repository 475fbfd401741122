import Foundation
import JourneyConfig
import JourneyModel
import Testing

/// `touchpoint:` and `journey_map:` (SPEC §8): defaults, values, how they override a preset, every
/// error with its file:line:column, and how the effective config shows them.
@Suite struct JourneyMapConfigTests {
  static let base = """
    input:
      fields:
        user: userId
        time: timestamp
        event: event
    stages: [browse, buy]
    rules:
      - stage: buy
        event: Order Completed

    """

  func parse(_ yaml: String) throws -> JourneyConfig { try ConfigLoader.parse(yaml: yaml, file: "m.yaml") }

  func error(_ yaml: String) -> JourneyError? {
    do {
      _ = try ConfigLoader.parse(yaml: yaml, file: "m.yaml")
      return nil
    } catch {
      return error
    }
  }

  /// The effective config as the report embeds it (sorted keys).
  func json(_ config: JourneyConfig) throws -> [String: Any] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return try #require(try JSONSerialization.jsonObject(with: encoder.encode(config)) as? [String: Any])
  }

  @Test func defaultsAreTheEventFieldTopTenAndTwentyFiveUnits() throws {
    let config = try parse(Self.base)
    #expect(config.touchpoint == nil)
    #expect(config.touchpointFields == ["event"])
    #expect(config.touchpointName == "event")
    #expect(config.journeyMap == JourneyMapSettings(top: 10, minUnits: 25))
    #expect(JourneyConfig().touchpointFields == [], "no event field, no touchpoint")
    #expect(JourneyConfig().touchpointName == nil)
  }

  @Test func theDefaultFollowsTheEventField() throws {
    let base = Self.base.replacingOccurrences(of: "    event: Order Completed", with: "    field: kind\n    equals: order")
    let config = try parse(base.replacingOccurrences(of: "event: event", with: "event: action"))
    #expect(config.touchpointFields == ["action"])
    let noEvent = try parse(base.replacingOccurrences(of: "    event: event\n", with: ""))
    #expect(noEvent.input.fields.event == nil)
    #expect(noEvent.touchpointFields == [])
  }

  @Test func valuesAreRead() throws {
    let config = try parse(Self.base + """
      touchpoint: context.page.path
      journey_map:
        top: 5
        min_units: 3

      """)
    #expect(config.touchpoint == TouchpointSettings(fields: ["context.page.path"]))
    #expect(config.touchpoint?.location == SourceLocation(file: "m.yaml", line: 10, column: 13))
    #expect(config.touchpointFields == ["context.page.path"])
    #expect(config.journeyMap == JourneyMapSettings(top: 5, minUnits: 3))
    let one = try parse(Self.base + "journey_map: {min_units: 1}\n")
    #expect(one.journeyMap == JourneyMapSettings(top: 10, minUnits: 1), "a key left out keeps its default")
  }

  @Test func aListIsReadAsFallbacksInOrder() throws {
    let config = try parse(Self.base + "touchpoint: [properties.path, event, name]\n")
    #expect(config.touchpointFields == ["properties.path", "event", "name"])
    #expect(config.touchpointName == "properties.path | event | name")
  }

  @Test func aConfigOverridesThePresetsTouchpointAndNullRestoresTheEventField() throws {
    let preset = try parse("input: {preset: rees46}\n")
    #expect(preset.touchpointFields == ["category_code"])
    let own = try parse("input: {preset: rees46}\ntouchpoint: brand\njourney_map: {top: 3}\n")
    #expect(own.touchpointFields == ["brand"])
    #expect(own.journeyMap.top == 3)
    let null = try parse("input: {preset: rees46}\ntouchpoint: null\n")
    #expect(null.touchpointFields == ["event_type"])
    let accessLog = try parse("input: {preset: combined}\ntouchpoint: ~\n")
    #expect(accessLog.touchpointFields == [], "an access log has no event field")
  }

  @Test(arguments: [
    // (yaml after the base, location, message)
    ("journey_map:\n  top: 0\n", "m.yaml:11:8", "journey_map.top expected a positive whole number, found '0'"),
    ("journey_map:\n  top: -3\n", "m.yaml:11:8", "journey_map.top expected a positive whole number, found '-3'"),
    ("journey_map:\n  top: ten\n", "m.yaml:11:8", "journey_map.top expected a positive whole number, found 'ten'"),
    ("journey_map:\n  top: [1]\n", "m.yaml:11:8", "journey_map.top expected a positive whole number, found a list"),
    ("journey_map:\n  min_units: 1.5\n", "m.yaml:11:14", "journey_map.min_units expected a positive whole number, found '1.5'"),
    ("journey_map:\n  min_units: 0\n", "m.yaml:11:14", "journey_map.min_units expected a positive whole number, found '0'"),
    ("journey_map:\n  min_unit: 5\n", "m.yaml:11:3",
     "unknown key 'min_unit' in journey_map; did you mean 'min_units'?; expected one of: top, min_units"),
    ("journey_map:\n  top: 5\n  top: 6\n", "m.yaml:11:3", "duplicate key 'top' in one mapping; write each key once"),
    ("journey_map: 10\n", "m.yaml:10:14", "journey_map expected a mapping of keys, found '10'"),
    ("journeymap: {top: 5}\n", "m.yaml:10:1",
     "unknown key 'journeymap' at the top level; did you mean 'journey_map'?; expected one of: input, exclude, dedupe, "
       + "sessions, stages, rules, funnel, breakdown, report, touchpoint, journey_map, personas"),
    ("touchpoints: path\n", "m.yaml:10:1",
     "unknown key 'touchpoints' at the top level; did you mean 'touchpoint'?; expected one of: input, exclude, dedupe, "
       + "sessions, stages, rules, funnel, breakdown, report, touchpoint, journey_map, personas"),
    ("touchpoint: []\n", "m.yaml:10:13", "touchpoint expected a field name or a list of them, found an empty list"),
    ("touchpoint: ''\n", "m.yaml:10:13", "touchpoint is empty; expected a field name"),
    ("touchpoint: [path, '']\n", "m.yaml:10:20", "touchpoint[1] is empty; expected a field name"),
    ("touchpoint: ['']\n", "m.yaml:10:14", "touchpoint[0] is empty; expected a field name"),
    ("touchpoint: {field: path}\n", "m.yaml:10:13", "touchpoint expected a field name or a list of them, found a mapping"),
    ("touchpoint: [path, [a]]\n", "m.yaml:10:20", "touchpoint[1] expected a text value, found a list"),
  ])
  func badValuesAreLocatedErrors(yaml: String, location: String, message: String) {
    let error = error(Self.base + yaml)
    #expect(error?.kind == .config)
    #expect(error?.location == location)
    #expect(error?.message == message)
  }

  @Test func theEffectiveConfigShowsTheTouchpointInUseAndTheMapSizes() throws {
    let defaults = try json(try parse(Self.base))
    #expect(defaults["touchpoint"] as? String == "event")
    #expect(defaults["journey_map"] as? [String: Int] == ["top": 10, "min_units": 25])
    let list = try json(try parse(Self.base + "touchpoint: [a, b]\njourney_map: {top: 4, min_units: 7}\n"))
    #expect(list["touchpoint"] as? [String] == ["a", "b"])
    #expect(list["journey_map"] as? [String: Int] == ["top": 4, "min_units": 7])
    let none = try json(try #require(Preset.named("cdnow")).config)
    #expect(none.keys.contains("touchpoint"))
    #expect(none["touchpoint"] is NSNull, "no touchpoint field: null, not left out")
    // The other keys are unchanged: `dedupe` and `source` are left out when unset, as before.
    #expect(Set(defaults.keys) == [
      "input", "exclude", "sessions", "stages", "rules", "funnel", "breakdown", "report", "touchpoint", "journey_map",
      "source",
    ])
    #expect(Set(none.keys).isSuperset(of: ["input", "exclude", "sessions"]))
    #expect(!none.keys.contains("dedupe") && !none.keys.contains("source"))
  }
}
