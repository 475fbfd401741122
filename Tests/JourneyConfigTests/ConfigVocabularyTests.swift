import Foundation
import JourneyConfig
import JourneyModel
import JourneyTestSupport
import Testing

/// The config's closed vocabularies (`input.format`, `input.time_format`, `time_offset_unit`,
/// `funnel.scope`, `funnel.order`) are enums; a value outside one is an error naming the key, the
/// choices in their documented order and the node's line and column.
@Suite struct ConfigVocabularyTests {
  func loadError(_ yaml: String) -> JourneyError? {
    do {
      _ = try ConfigLoader.parse(yaml: yaml, file: "v.yaml")
      return nil
    } catch {
      return error
    }
  }

  /// A runnable config with `input` lines (each indented by two spaces) and `rest` after it.
  static func config(input: String = "", rest: String = "") -> String {
    "input:\n\(input)  fields: {user: u, time: t, event: e}\nstages: [a]\n\(rest)"
  }

  @Test(arguments: [
    (config(input: "  format: jsonl\n"), "v.yaml:2:11",
     "input.format must be one of auto, ndjson, csv, tsv, combined, common, whitespace, found 'jsonl'"),
    (config(input: "  format: CSV\n"), "v.yaml:2:11",
     "input.format must be one of auto, ndjson, csv, tsv, combined, common, whitespace, found 'CSV'; did you mean 'csv'?"),
    (config(input: "  time_format: millis\n"), "v.yaml:2:16",
     "input.time_format must be one of auto, iso8601, s, ms, us, ns, yyyymmdd, clf, found 'millis'"),
    ("input:\n  fields: {user: u, time: t, time_offset_unit: ns}\nstages: [a]\n", "v.yaml:2:48",
     "input.fields.time_offset_unit must be one of s, ms, us, found 'ns'; did you mean 's'?"),
    (config(rest: "funnel:\n  order: strct\n"), "v.yaml:5:10",
     "funnel.order must be one of ordered, strict, any, found 'strct'; did you mean 'strict'?"),
    (config(rest: "funnel:\n  scope: users\n"), "v.yaml:5:10",
     "funnel.scope must be one of session, user, found 'users'; did you mean 'user'?"),
  ])
  func aValueOutsideAVocabularyNamesTheChoices(_ yaml: String, _ location: String, _ message: String) {
    let error = loadError(yaml)
    #expect(error?.kind == .config)
    #expect(error?.message == message, "\(String(describing: error))")
    #expect(error?.location == location, "\(String(describing: error))")
  }

  @Test func everyNameOfAVocabularyParses() throws {
    for format in InputFormat.allCases {
      let config = try ConfigLoader.parse(yaml: Self.config(input: "  format: \(format.rawValue)\n"), file: "v.yaml")
      #expect(config.input.format == format)
      #expect(config.input.formatName == format.rawValue)
    }
    for timeFormat in TimeFormat.allCases {
      let config = try ConfigLoader.parse(yaml: Self.config(input: "  time_format: \(timeFormat.rawValue)\n"), file: "v.yaml")
      #expect(config.input.timeFormat == timeFormat)
    }
    for unit in TimeOffsetUnit.allCases {
      let yaml = "input:\n  fields: {user: u, time: t, time_offset: o, time_offset_unit: \(unit.rawValue)}\nstages: [a]\n"
      #expect(try ConfigLoader.parse(yaml: yaml, file: "v.yaml").input.fields.timeOffsetUnit == unit)
    }
    for order in FunnelOrder.allCases {
      let config = try ConfigLoader.parse(yaml: Self.config(rest: "funnel: {order: \(order.rawValue)}\n"), file: "v.yaml")
      #expect(config.funnel.order == order)
    }
    for scope in FunnelScope.allCases {
      let config = try ConfigLoader.parse(yaml: Self.config(rest: "funnel: {scope: \(scope.rawValue)}\n"), file: "v.yaml")
      #expect(config.funnel.scope == scope)
    }
  }

  @Test func timeOffsetUnitsScaleToMicroseconds() {
    #expect(TimeOffsetUnit.allCases.map(\.microsecondsPerUnit) == [1_000_000, 1_000, 1])
    #expect(FieldSettings().timeOffsetUnit == .milliseconds)
  }

  @Test func anAccessLogFormatDefaultsItsUserTimeAndTimeFormat() throws {
    let common = try ConfigLoader.parse(yaml: "input:\n  format: common\nstages: [a]\n", file: "v.yaml")
    #expect(common.input.fields.user == .combined(["client"]))
    #expect(common.input.fields.time == "time")
    #expect(common.input.timeFormat == .clf)
    let iso = try ConfigLoader.parse(yaml: "input:\n  format: combined\n  time_format: iso8601\nstages: [a]\n", file: "v.yaml")
    #expect(iso.input.timeFormat == .iso8601)
  }

  @Test func aSpelledFormatEncodesAsSpelled() throws {
    var input = InputSettings(format: .ndjson)
    #expect(input.formatName == "ndjson")
    input.setFormat(.ndjson, spelledAs: "JSON")
    #expect(input.format == .ndjson)
    #expect(input.formatName == "JSON")
    let json = String(decoding: try JSONEncoder().encode(input), as: UTF8.self)
    #expect(json.contains("\"format\":\"JSON\""))
    #expect(!json.contains("separator") && !json.contains("preset") && !json.contains("events"))
    input.format = .csv
    #expect(input.formatName == "csv")
  }

  @Test func theLoaderKeepsTheFileTextAndDoesNotEncodeIt() throws {
    let path = TestPaths.fixture("config/shop.yaml").path
    let config = try ConfigLoader.load(path: path)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(config.text == text)
    #expect(config.displayText == text)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = String(decoding: try encoder.encode(config), as: UTF8.self)
    #expect(!json.contains("\"text\""))
    #expect(json.contains("\"source\""))
  }

  @Test func aPresetShowsItsStarterConfig() throws {
    let preset = try #require(Preset.named("rees46"))
    #expect(preset.config.text == nil)
    #expect(preset.config.displayText == preset.starterConfig())
    #expect(JourneyConfig().displayText == nil)
  }
}
