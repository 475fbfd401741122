import Foundation
import JourneyConfig
import JourneyModel
import JourneyTestSupport
import Testing

@Suite struct ConfigLoaderTests {
  func loadError(_ yaml: String, file: String = "t.yaml") -> JourneyError? {
    do {
      _ = try ConfigLoader.parse(yaml: yaml, file: file)
      return nil
    } catch {
      return error
    }
  }

  func fixtureError(_ name: String) -> JourneyError? {
    let path = TestPaths.fixture("config/\(name)").path
    do {
      _ = try ConfigLoader.load(path: path)
      return nil
    } catch {
      return error
    }
  }

  static let minimal = """
    input:
      fields:
        user: userId
        time: timestamp
        event: event
        url: context.page.url
    stages: [browse, cart, purchase]
    rules:
      - stage: purchase
        event: Order Completed

    """

  @Test func loadsTheSpecExampleOnTopOfTheSegmentPreset() throws {
    let path = TestPaths.fixture("config/shop.yaml").path
    let config = try ConfigLoader.load(path: path)
    #expect(config.source == path)
    #expect(config.input.preset == "segment")
    #expect(config.input.format == .auto)
    #expect(config.input.fields.user == .fallbacks(["userId", "anonymousId"]))
    #expect(config.input.fields.session == nil)
    #expect(config.input.fields.url == "context.page.url")
    #expect(config.stages == ["awareness", "consideration", "decision", "purchase"])
    #expect(config.rules.count == 4)
    #expect(config.rules[0].location.description == "\(path):21:5")
    #expect(config.rules[1].condition == .test(FieldTest(field: "event", op: .in(["Product Added", "Checkout Started"]), location: config.rules[1].location)))
    let awareness = FieldTest(field: "event", op: .equals("Page Viewed"), location: config.rules[0].location)
    let blog = FieldTest(field: "context.page.path", op: .prefix("/blog"), location: config.rules[0].location)
    let medium = FieldTest(field: "context.campaign.medium", op: .in(["cpc", "social", "email"]), location: config.rules[0].location)
    #expect(config.rules[3].condition == .any([.all([.test(awareness), .test(blog)]), .test(medium)]))
    #expect(config.exclude == [.test(FieldTest(field: "context.userAgent", op: .regex("(?i)bot|crawler|spider"), location: config.rules[0].location))])
    #expect(config.sessions.timeout == 30 * 60 * 1_000_000)
    #expect(config.sessions.newOnChange == "context.campaign.source")
    #expect(config.sessions.maxDuration == nil)
    #expect(config.funnel == FunnelSettings(scope: .session, order: .ordered, window: 7 * 86_400 * 1_000_000))
    #expect(config.breakdown == [BreakdownSettings(field: "context.campaign.source", top: 10)])
    #expect(config.report == PathReportSettings(topPaths: 20, maxPathLength: 10))
  }

  @Test func missingFileIsAConfigErrorSayingCannotRead() {
    let error = fixtureError("no-such-file.yaml")
    #expect(error?.kind == .config)
    #expect(error?.message.contains("cannot read") == true)
    #expect(error?.exitStatus == 1)
  }

  @Test func typoInARuleStageNamesTheLineAndSuggestsTheStage() {
    let error = fixtureError("typo-in-stage.yaml")
    #expect(error?.location?.hasSuffix("typo-in-stage.yaml:14:12") == true)
    #expect(error?.message == "unknown stage 'chekout' in rules[3]; did you mean 'checkout'?; stages are: browse, cart, checkout, purchase")
  }

  @Test func unknownKeyIsAnErrorWithASuggestion() {
    let error = fixtureError("unknown-key.yaml")
    #expect(error?.location?.hasSuffix("unknown-key.yaml:8:3") == true)
    #expect(error?.message == "unknown key 'timout' in sessions; did you mean 'timeout'?; expected one of: timeout, split_at_midnight, timezone, new_on_change, max_duration")
  }

  @Test func badDurationNamesTheValueAndTheExpectedForm() {
    let error = fixtureError("bad-duration.yaml")
    #expect(error?.location?.hasSuffix("bad-duration.yaml:7:12") == true)
    #expect(error?.message == "bad duration '30mn' for sessions.timeout; expected a number and a unit, such as 90s, 30m, 2h, 7d or 500ms")
  }

  /// A number alone is not a duration (SPEC §11): said where it is written, with what it likely meant.
  @Test(arguments: [
    ("sessions:\n  timeout: 30\n", "t.yaml:2:12", "duration '30' for sessions.timeout has no unit; did you mean 30m?"),
    ("sessions:\n  timeout: 1800\n", "t.yaml:2:12", "duration '1800' for sessions.timeout has no unit; did you mean 1800s (30m)?"),
    ("sessions:\n  max_duration: 1.5\n", "t.yaml:2:17", "duration '1.5' for sessions.max_duration has no unit; did you mean 1.5m?"),
  ])
  func aDurationWithoutAUnitIsAnErrorWithASuggestion(_ yaml: String, _ location: String, _ message: String) {
    let error = loadError(Self.minimal + yaml)
    #expect(error?.location == location.replacingOccurrences(of: ":2:", with: ":\(Self.minimal.split(separator: "\n").count + 2):"))
    #expect(error?.message == message)
  }

  @Test func badRegexIsReportedWhereItIsWritten() {
    let error = fixtureError("bad-regex.yaml")
    #expect(error?.location?.hasSuffix("bad-regex.yaml:8:12") == true)
    #expect(error?.message.hasPrefix("bad regex '(bot|crawler' in exclude[0]") == true)
  }

  @Test func yamlSyntaxErrorsCarryLineAndColumn() {
    let error = fixtureError("syntax-error.yaml")
    #expect(error?.kind == .config)
    #expect(error?.message.hasPrefix("YAML syntax error") == true)
    let location = error?.location ?? ""
    #expect(location.contains("syntax-error.yaml:5:"))
  }

  @Test func parsesAMinimalConfigWithDefaults() throws {
    let config = try ConfigLoader.parse(yaml: Self.minimal, file: "m.yaml")
    #expect(config.source == "m.yaml")
    #expect(config.input.preset == nil)
    #expect(config.sessions == SessionSettings())
    #expect(config.funnel == FunnelSettings())
    #expect(config.report == PathReportSettings())
    #expect(config.rules[0].location == SourceLocation(file: "m.yaml", line: 9, column: 5))
  }

  @Test func shorthandsWithListsAndGlobs() throws {
    let yaml = Self.minimal + """
        url: ['/checkout/*', '*/thanks']
      - stage: cart
        event: [Product Added, Cart Viewed]

    """
    let config = try ConfigLoader.parse(yaml: yaml, file: "s.yaml")
    let loc = SourceLocation(file: "", line: 0, column: 0)
    #expect(config.rules[0].condition == .all([
      .test(FieldTest(field: "event", op: .equals("Order Completed"), location: loc)),
      .any([.test(FieldTest(field: "context.page.url", op: .glob("/checkout/*"), location: loc)),
            .test(FieldTest(field: "context.page.url", op: .glob("*/thanks"), location: loc))]),
    ]))
    #expect(config.rules[1].condition == .test(FieldTest(field: "event", op: .in(["Product Added", "Cart Viewed"]), location: loc)))
  }

  @Test func everyOperatorParses() throws {
    let yaml = """
      input: {fields: {user: u, time: t}}
      stages: [s]
      rules:
        - stage: s
          all:
            - {field: a, equals: x}
            - {field: a, in: [x, y]}
            - {field: a, glob: 'x*'}
            - {field: a, regex: '^x'}
            - {field: a, prefix: x}
            - {field: a, suffix: x}
            - {field: a, contains: x}
            - {field: a, exists: false}
            - {field: n, gt: 1}
            - {field: n, gte: 1.5}
            - {field: n, lt: -2}
            - {field: n, lte: 3}
            - not: {field: a, equals: z}
      """
    let config = try ConfigLoader.parse(yaml: yaml, file: "o.yaml")
    guard case .all(let parts) = config.rules[0].condition else {
      Issue.record("expected all")
      return
    }
    let ops = parts.compactMap { part -> FieldOperator? in if case .test(let t) = part { t.op } else { nil } }
    #expect(ops == [.equals("x"), .in(["x", "y"]), .glob("x*"), .regex("^x"), .prefix("x"), .suffix("x"), .contains("x"),
                    .exists(false), .gt(1), .gte(1.5), .lt(-2), .lte(3)])
    if case .not = parts.last {} else { Issue.record("expected not") }
  }

  @Test(arguments: [
    ("rules:\n  - stage: purchase\n    event: X\n    field: a\n    regex: '[a'\n", "bad regex '[a'"),
    ("rules:\n  - stage: purchase\n", "rules[0] has no condition"),
    ("rules:\n  - stage: purchase\n    field: a\n    startswith: x\n", "unknown key 'startswith' in rules[0]"),
    ("rules:\n  - stage: purchase\n    field: a\n", "field 'a' in rules[0] needs an operator"),
    ("rules:\n  - stage: purchase\n    prefix: a\n", "'prefix' in rules[0] needs a 'field'"),
    ("rules:\n  - stage: purchase\n    field: a\n    prefix: a\n    suffix: b\n", "has several operators"),
    ("rules:\n  - stage: purchase\n    field: a\n    gt: many\n", "rules[0].gt expected a number, found 'many'"),
    ("rules:\n  - stage: purchase\n    url: '/x/*'\n", "'url:' in rules[0] needs input.fields.url"),
  ])
  func ruleErrors(rules: String, expected: String) {
    let yaml = "input:\n  fields: {user: u, time: t, event: e}\nstages: [view, purchase]\n" + rules
    let error = loadError(yaml)
    #expect(error?.kind == .config)
    #expect(error?.message.contains(expected) == true, "\(String(describing: error))")
    #expect(error?.location?.hasPrefix("t.yaml:") == true)
  }

  @Test func duplicateAndEmptyStagesAreErrors() {
    let duplicate = loadError("input: {fields: {user: u, time: t}}\nstages: [a, b, a]\nrules: []\n")
    #expect(duplicate?.message == "duplicate stage 'a' in stages[2]")
    #expect(duplicate?.location == "t.yaml:2:16")
    let empty = loadError("input: {fields: {user: u, time: t}}\nstages: []\n")
    #expect(empty?.message.hasPrefix("stages is empty") == true)
  }

  @Test func moreThanTheMaximumStagesIsALocatedError() throws {
    let names = (0...100).map { "s\($0)" }
    let error = loadError("input: {fields: {user: u, time: t}}\nstages:\n" + names.map { "  - \($0)\n" }.joined())
    #expect(error?.kind == .config)
    #expect(error?.message == "too many stages: at most 100 are allowed (stages[100] is number 101 of 101)")
    #expect(error?.location == "t.yaml:103:5")
    let atLimit = try ConfigLoader.parse(
      yaml: "input: {fields: {user: u, time: t}}\nstages:\n" + names.dropLast().map { "  - \($0)\n" }.joined(),
      file: "t.yaml")
    #expect(atLimit.stages.count == 100)
  }

  @Test func unknownTimezoneIsAnError() {
    let error = loadError(Self.minimal + "sessions:\n  timezone: Mars/Olympus\n")
    #expect(error?.message.hasPrefix("unknown time zone 'Mars/Olympus' in sessions.timezone") == true)
    #expect(error?.location == "t.yaml:12:13")
  }

  @Test(arguments: ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"])
  func knownTimezonesAreAccepted(zone: String) throws {
    let config = try ConfigLoader.parse(yaml: Self.minimal + "sessions:\n  timezone: \(zone)\n", file: "t.yaml")
    #expect(config.sessions.timezone == zone)
  }

  @Test func unknownPresetListsTheKnownOnes() {
    let error = loadError("input:\n  preset: rees64\n")
    #expect(error?.location == "t.yaml:2:11")
    #expect(error?.message.hasPrefix("unknown preset 'rees64'; did you mean 'rees46'?; known presets: segment, ga4,") == true)
  }

  @Test func unknownTopLevelKeyAndWrongTypes() {
    #expect(loadError(Self.minimal + "funel: {}\n")?.message.hasPrefix("unknown key 'funel' at the top level; did you mean 'funnel'?") == true)
    #expect(loadError(Self.minimal + "funnel:\n  scope: visit\n")?.message == "funnel.scope must be one of session, user, found 'visit'")
    #expect(loadError(Self.minimal + "report:\n  top_paths: -1\n")?.message == "report.top_paths expected a positive whole number, found '-1'")
    #expect(loadError(Self.minimal + "sessions: 30m\n")?.message == "sessions expected a mapping of keys, found '30m'")
    #expect(loadError(Self.minimal + "sessions:\n  timeout: 0s\n")?.message == "sessions.timeout must be positive, found '0s'")
  }

  @Test func aConfigOnAPresetOverridesOnlyTheKeysItHas() throws {
    let config = try ConfigLoader.parse(yaml: "input:\n  preset: rees46\n  fields:\n    session: null\nsessions:\n  timeout: 1h\n", file: "r.yaml")
    let preset = Preset.named("rees46")!.config
    #expect(config.input.fields.session == nil)
    #expect(config.input.fields.user == preset.input.fields.user)
    #expect(config.input.format == .csv)
    #expect(config.stages == preset.stages)
    #expect(config.rules == preset.rules)
    #expect(config.sessions.timeout == 3_600_000_000)
  }

  @Test func stagesAndRulesReplaceAPresetsTogether() throws {
    let config = try ConfigLoader.parse(yaml: "input:\n  preset: rees46\nstages: [purchase]\nrules:\n  - {stage: purchase, event: purchase}\n", file: "r.yaml")
    #expect(config.stages == ["purchase"])
    #expect(config.rules.count == 1)
    let error = loadError("input:\n  preset: rees46\nrules:\n  - {stage: purchase, event: purchase}\n")
    #expect(error?.message.hasPrefix("'rules' needs a 'stages' list") == true)
  }

  @Test func userKeyForms() throws {
    let combined = try ConfigLoader.parse(yaml: "input:\n  fields: {user: {combine: [client, user_agent]}, time: time}\nstages: [a]\n", file: "u.yaml")
    #expect(combined.input.fields.user == .combined(["client", "user_agent"]))
    let accessLog = try ConfigLoader.parse(yaml: "input:\n  format: combined\nstages: [a]\n", file: "u.yaml")
    #expect(accessLog.input.fields.user == .combined(["client", "user_agent"]))
    #expect(accessLog.input.timeFormat == .clf)
  }

  @Test func encodesAsSnakeCaseJSON() throws {
    let config = try ConfigLoader.load(path: TestPaths.fixture("config/shop.yaml").path)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = String(decoding: try encoder.encode(config), as: UTF8.self)
    #expect(json.contains("\"split_at_midnight\":false"))
    #expect(json.contains("\"timeout\":\"30m\""))
    #expect(json.contains("\"window\":\"7d\""))
    #expect(json.contains("\"top_paths\":20"))
    #expect(json.contains("\"user\":[\"userId\",\"anonymousId\"]"))
    #expect(json.contains("\"prefix\":\"\\/blog\"") || json.contains("\"prefix\":\"/blog\""))
  }
}
