import Foundation
import JourneyConfig
import JourneyModel
import JourneyReports
import JourneySessions
import JourneyTestSupport
import Testing

@testable import JourneyPipeline

/// The config's typed vocabulary from the command line to the engine: option values, their messages,
/// the engine settings, and the report's `config` section (byte-identical to the JSON text round
/// trip it replaces).
@Suite struct ConfigVocabularyE2ETests {
  /// Every preset, and every config among the fixtures that loads.
  static func configs() throws -> [(String, JourneyConfig)] {
    var configs = Preset.all.map { ("preset \($0.name)", $0.config) }
    for folder in ["config", "e2e"] {
      let urls = try FileManager.default.contentsOfDirectory(
        at: TestPaths.fixture(folder), includingPropertiesForKeys: nil)
      for url in urls.sorted(by: { $0.path < $1.path }) where url.pathExtension == "yaml" {
        if let config = try? ConfigLoader.load(path: url.path) { configs.append((url.lastPathComponent, config)) }
      }
    }
    return configs
  }

  /// What `configJSON` was before: `JSONEncoder` (sorted keys) and back through `JSONDecoder`.
  static func oldConfigJSON(_ config: JourneyConfig) throws -> JSONValue {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try JSONDecoder().decode(JSONValue.self, from: try encoder.encode(config))
  }

  @Test func theConfigSectionIsWhatTheJSONTextRoundTripGave() throws {
    let configs = try Self.configs()
    #expect(configs.count >= Preset.all.count + 3)
    #expect(configs.contains { $0.0 == "shop.yaml" })
    for (name, config) in configs {
      var variants = [config]
      var overridden = config
      var settings = RunSettings()
      settings.format = .ndjson
      settings.formatSpelling = "JSON"
      settings.scope = .user
      settings.order = .any
      settings.timeout = 90_000_000
      try ConfigResolver.applyOverrides(settings, to: &overridden)
      variants.append(overridden)
      for variant in variants {
        let new = try #require(ReportPipeline.configJSON(variant))
        #expect(new == (try Self.oldConfigJSON(variant)), "\(name)")
        let sorted = JSONEncoder()
        sorted.outputFormatting = [.sortedKeys]
        #expect(try sorted.encode(new) == sorted.encode(try Self.oldConfigJSON(variant)), "\(name)")
      }
    }
  }

  @Test func overridesAreTypedAndKeepTheSpellingGiven() throws {
    var config = try #require(Preset.named("segment")).config
    var settings = RunSettings()
    settings.format = try ConfigResolver.inputFormat(named: "jsonl")
    settings.formatSpelling = "jsonl"
    settings.scope = .user
    settings.order = .strict
    try ConfigResolver.applyOverrides(settings, to: &config)
    #expect(config.input.format == .ndjson)
    #expect(config.input.formatName == "jsonl")
    #expect(config.funnel.scope == .user)
    #expect(config.funnel.order == .strict)
    settings.format = .csv
    settings.formatSpelling = "csv"
    try ConfigResolver.applyOverrides(settings, to: &config)
    #expect(config.input.formatName == "csv")
  }

  @Test(arguments: [
    ("auto", InputFormat.auto), ("ndjson", .ndjson), ("JSON", .ndjson), ("jsonl", .ndjson), ("Csv", .csv), ("tsv", .tsv),
    ("combined", .combined), ("clf", .common), ("common", .common), ("ws", .whitespace), ("whitespace", .whitespace),
  ])
  func inputFormatNamesAndAliases(_ name: String, _ format: InputFormat) throws {
    #expect(try ConfigResolver.inputFormat(named: name) == format)
  }

  @Test func anUnknownInputFormatIsAUsageError() {
    for name in ["x", "AUTO", ""] {
      #expect(throws: JourneyError(
        kind: .usage, message: "unknown input format '\(name)' (expected auto, ndjson, csv, tsv, combined, common, whitespace)")) {
        try ConfigResolver.inputFormat(named: name)
      }
    }
  }

  @Test func theEngineGetsTheConfigsSettings() throws {
    var config = try #require(Preset.named("rees46")).config
    config.funnel.scope = .user
    config.funnel.order = .any
    config.funnel.window = 7_000_000
    config.report = PathReportSettings(topPaths: 3, maxPathLength: 4)
    config.breakdown = [BreakdownSettings(field: "brand", top: 5)]
    config.journeyMap = JourneyMapSettings(top: 7, minUnits: 40)
    let settings = config.reportSettings
    var expected = ReportSettings(
      stages: config.stages, scope: .user, order: .any, window: 7_000_000, topPaths: 3, maxPathLength: 4,
      breakdowns: [.init(field: "brand", top: 5)])
    expected.touchpoint = "category_code"
    expected.touchpointAttribute = 1
    expected.mapTop = 7
    expected.liftMinUnits = 40
    #expect(settings == expected)
    config.breakdown = []
    #expect(config.reportSettings.touchpointAttribute == 0, "the touchpoint is the tuple's only field")
    for order in FunnelOrder.allCases {
      config.funnel.order = order
      #expect(config.reportSettings.order == order)
    }
    let policy = config.sessionPolicy
    #expect(policy.timeout == config.sessions.timeout)
    #expect(policy.useExportSessions == (config.input.fields.session != nil))
    #expect(policy.dedupe == (config.dedupe != nil))
  }

  // MARK: The command line

  @Test(arguments: [
    (["--scope", "visit"], "Error: --scope must be session or user (got visit)\n"),
    (["--scope", "User"], "Error: --scope must be session or user (got User)\n"),
    (["--order", "x"], "Error: --order must be ordered, strict or any (got x)\n"),
    (["--input-format", "x"], "Error: unknown input format 'x' (expected auto, ndjson, csv, tsv, combined, common, whitespace)\n"),
    (["--input-format", "AUTO", "--scope", "x"], "Error: unknown input format 'AUTO' (expected auto, ndjson, csv, tsv, combined, common, whitespace)\n"),
    (["--scope", "x", "--order", "y"], "Error: --scope must be session or user (got x)\n"),
  ])
  func badOptionValuesAreUsageErrors(_ options: [String], _ stderr: String) throws {
    let result = try JourneyCLI.run(["report", "-c", E2E.tinyConfig, "-f", "json", E2E.tiny] + options)
    #expect(result.status == 1)
    #expect(result.stderr == stderr)
    #expect(result.stdout.isEmpty)
  }

  @Test func inputFormatOfSessionsAndClassifyIsCheckedToo() throws {
    for command in ["sessions", "classify"] {
      let result = try JourneyCLI.run([command, "-c", E2E.tinyConfig, "--input-format", "yaml", E2E.tiny])
      #expect(result.status == 1)
      #expect(result.stderr == "Error: unknown input format 'yaml' (expected auto, ndjson, csv, tsv, combined, common, whitespace)\n")
    }
  }

  @Test func inspectTakesAnUnknownInputFormatAsAuto() throws {
    let unknown = try JourneyCLI.run(["inspect", "--input-format", "yaml", E2E.tiny, "-f", "json"])
    let auto = try JourneyCLI.run(["inspect", E2E.tiny, "-f", "json"])
    #expect(unknown.status == 0, "\(unknown.stderr)")
    #expect(unknown.stdout == auto.stdout)
  }

  @Test func theReportRepeatsTheInputFormatAsSpelled() throws {
    let result = try JourneyCLI.run(["report", "-c", E2E.tinyConfig, "--input-format", "JSON", "-f", "json", E2E.tiny])
    #expect(result.status == 0, "\(result.stderr)")
    let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    let input = try #require((report["config"] as? [String: Any])?["input"] as? [String: Any])
    #expect(input["format"] as? String == "JSON")
  }

  @Test func aCSVSeparatorTheParserCannotUseNamesTheFormatAsSpelled() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-vocabulary")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = folder.appendingPathComponent("quote.yaml")
    try Data("input:\n  separator: '\"'\n  fields: {user: userId, time: timestamp}\nstages: [a]\n".utf8).write(to: config)
    let result = try JourneyCLI.run(["report", "-c", config.path, "--input-format", "Csv", "-f", "json", E2E.tiny])
    #expect(result.status == 1)
    #expect(result.stderr == "Error: \(config.path): unknown input.format 'Csv'\n")
  }
}
