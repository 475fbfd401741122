import JourneyConfig
import JourneyModel
import Testing

@Suite struct PresetTests {
  static let names = ["segment", "ga4", "amplitude", "mixpanel", "posthog", "snowplow", "combined", "common",
                      "rees46", "trivago", "otto", "diginetica", "cdnow"]

  @Test func thereAreThirteenPresetsInTheDocumentedOrder() {
    #expect(Preset.all.map(\.name) == Self.names)
  }

  @Test(arguments: names)
  func everyPresetIsARunnableConfig(name: String) throws {
    let preset = try #require(Preset.named(name))
    #expect(preset.config.input.preset == name)
    #expect(preset.config.source == nil)
    #expect(!preset.config.stages.isEmpty)
    #expect(!preset.config.rules.isEmpty)
    #expect(!preset.config.input.fields.time.isEmpty)
    #expect(!preset.config.input.fields.user.fieldNames.isEmpty)
    for rule in preset.config.rules { #expect(preset.config.stages.contains(rule.stage)) }
  }

  @Test(arguments: names)
  func starterConfigParsesBackToThePreset(name: String) throws {
    let preset = try #require(Preset.named(name))
    let text = preset.starterConfig()
    #expect(text.hasPrefix("#"))
    var config = try ConfigLoader.parse(yaml: text, file: "\(name).yaml")
    #expect(config.source == "\(name).yaml")
    #expect(config.text == text)
    config.source = nil
    config.text = nil
    #expect(config == preset.config)
  }

  @Test(arguments: [
    ("segment", ["properties.path", "event", "name"]), ("ga4", ["event_name"]), ("amplitude", ["event_type"]),
    ("mixpanel", ["event"]), ("posthog", ["event"]), ("snowplow", ["event_name"]), ("combined", ["path"]),
    ("common", ["path"]), ("rees46", ["category_code"]), ("trivago", ["action_type"]), ("otto", ["aid"]),
    ("diginetica", ["item_id"]), ("cdnow", []),
  ])
  func everyPresetChoosesItsTouchpoint(name: String, fields: [String]) throws {
    let preset = try #require(Preset.named(name))
    #expect(preset.config.touchpointFields == fields)
    #expect(preset.config.journeyMap == JourneyMapSettings())
    // `journey init` shows the choice (and its reason) where the preset makes one, else the default commented.
    let starter = preset.starterConfig()
    if fields.isEmpty {
      #expect(starter.contains("\n# touchpoint: some_field "))
    } else {
      #expect(starter.contains("\ntouchpoint: \(fields.count == 1 ? fields[0] : "[\(fields.joined(separator: ", "))]")"))
    }
    #expect(starter.contains("\n# journey_map:\n#   top: 10 "))
    #expect(starter.contains("\n#   min_units: 25 "))
  }

  @Test func genericStarterConfigParses() throws {
    let config = try ConfigLoader.parse(yaml: Preset.genericStarterConfig(), file: "journey.yaml")
    #expect(config.input.preset == nil)
    #expect(config.stages == ["awareness", "consideration", "decision", "purchase"])
    #expect(config.exclude.count == 1)
    #expect(config.touchpointFields == ["event"])
    #expect(config.journeyMap == JourneyMapSettings(top: 10, minUnits: 25))
    #expect(Preset.genericStarterConfig().contains("\n# touchpoint: context.page.path "))
    #expect(Preset.genericStarterConfig().contains("\njourney_map:\n  top: 10 "))
  }

  @Test func dataSetPresetsMapTheirFields() throws {
    let diginetica = try #require(Preset.named("diginetica")).config.input
    #expect(diginetica.separator == ";")
    #expect(diginetica.nullValues == ["NA"])
    #expect(diginetica.fields.user == .fallbacks(["user_id", "session_id"]))
    #expect(diginetica.fields.timeOffset == "timeframe")
    #expect(diginetica.fields.timeOffsetUnit == .milliseconds)
    let otto = try #require(Preset.named("otto")).config.input
    #expect(otto.events == "events")
    #expect(otto.fields.user == .fallbacks(["$parent.session"]))
    #expect(otto.timeFormat == .epochMillis)
    let cdnow = try #require(Preset.named("cdnow")).config
    #expect(cdnow.input.format == .whitespace)
    #expect(cdnow.input.timeFormat == .yyyymmdd)
    #expect(cdnow.stages == ["purchase"])
    let trivago = try #require(Preset.named("trivago")).config
    #expect(trivago.input.timeFormat == .epochSeconds)
    #expect(trivago.stages.last == "clickout")
    let combined = try #require(Preset.named("combined")).config
    #expect(combined.input.fields.user == .combined(["client", "user_agent"]))
    #expect(combined.input.timeFormat == .clf)
    #expect(!combined.exclude.isEmpty)
    let ga4 = try #require(Preset.named("ga4")).config.input.fields
    #expect(ga4.url == "event_params[key=page_location].value.string_value")
    #expect(ga4.session == "event_params[key=ga_session_id].value.int_value")
  }

  @Test(arguments: [
    ("csv", ["event_time", "event_type", "product_id", "category_id", "category_code", "brand", "price", "user_id", "user_session"], "rees46"),
    ("csv", ["user_id", "session_id", "timestamp", "step", "action_type", "reference", "platform", "city", "device", "current_filters", "impressions", "prices"], "trivago"),
    ("csv", ["session_id", "user_id", "item_id", "timeframe", "eventdate"], "diginetica"),
    ("csv", ["session_id;user_id;item_id;timeframe;eventdate"], "diginetica"),
    ("whitespace", ["customer_id", "date", "number_of_cds", "dollar_value"], "cdnow"),
    ("csv", [" customer_id  date number_of_cds  dollar_value"], "cdnow"),
    ("ndjson", ["session", "events"], "otto"),
    ("combined", [], "combined"),
    ("common", [], "common"),
    ("ndjson", ["event_date", "event_timestamp", "event_name", "event_params", "user_pseudo_id", "user_id"], "ga4"),
    ("ndjson", ["anonymousId", "userId", "event", "messageId", "timestamp", "type", "context", "properties"], "segment"),
    ("ndjson", ["user_id", "device_id", "event_type", "event_time", "session_id", "event_properties"], "amplitude"),
    ("ndjson", ["event", "properties"], "mixpanel"),
    ("ndjson", ["uuid", "event", "distinct_id", "timestamp", "properties"], "posthog"),
    ("ndjson", ["app_id", "event_name", "domain_userid", "domain_sessionid", "derived_tstamp", "page_url"], "snowplow"),
  ])
  func detectRecognisesEachExport(format: String, names: [String], expected: String) throws {
    #expect(Preset.detect(format: try #require(InputFormat(rawValue: format)), fieldNames: names)?.name == expected)
  }

  @Test func detectReturnsNilForUnknownHeaders() {
    #expect(Preset.detect(format: .csv, fieldNames: ["a", "b", "c"]) == nil)
  }
}
