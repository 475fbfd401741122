import Foundation
import JourneyModel
import JourneyTestSupport
import Testing

@testable import JourneyConfig

/// YAML bombs (aliases that expand without limit, deep nesting, huge files) fail fast with the
/// location of what went over; ordinary aliases still work.
@Suite struct YAMLExpansionGuardTests {
  /// The "billion laughs" shape, as conditions the parser accepts: each `exclude:` item is `any:` of
  /// nine aliases of the item before (9⁹ conditions once expanded, in 638 bytes; the build before
  /// this check walked them for minutes).
  static let billionLaughs: String = {
    var lines = ["input: {fields: {user: u, time: t}}", "stages: [a]", "exclude:", "  - &a0 {field: f, equals: lol}"]
    for level in 1...9 {
      lines.append("  - &a\(level) {any: [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]}")
    }
    return lines.joined(separator: "\n") + "\n"
  }()

  @Test func billionLaughsFailsFastAtTheAliasThatGoesOver() throws {
    #expect(Self.billionLaughs.utf8.count < 1000)
    let started = ContinuousClock.now
    let error = try #require(throws: JourneyError.self) { try ConfigLoader.parse(yaml: Self.billionLaughs, file: "bomb.yaml") }
    #expect(ContinuousClock.now - started < .seconds(5), "took \(ContinuousClock.now - started)")
    #expect(error.kind == .config)
    // *a4 is about 36,000 nodes and a0…a4 hold about 40,000, so the second *a4 of a5 (line 9) goes
    // over 100,000.
    #expect(error.location == "bomb.yaml:9:21", "\(error)")
    #expect(error.message.contains("alias '*a4' expands the config to more than 100000 values"), "\(error)")
  }

  @Test func ordinaryAliasesStillWork() throws {
    let yaml = """
      input:
        fields: {user: u, time: t, event: event}
      stages: [a, b]
      exclude:
        - &bots {field: ua, regex: "(?i)bot|spider"}
        - {field: ua, equals: test}
      rules:
        - {stage: a, event: &pages [Page Viewed, Screen Viewed]}
        - stage: b
          all: [*bots, {field: p, prefix: /x}, {event: *pages}]
      """
    let config = try ConfigLoader.parse(yaml: yaml, file: "aliases.yaml")
    #expect(config.exclude.count == 2)
    #expect(config.rules.count == 2)
    guard case .all(let parts) = config.rules[1].condition, parts.count == 3 else {
      Issue.record("rules[1] is \(config.rules[1].condition)")
      return
    }
    #expect(parts[0] == config.exclude[0])
    #expect(parts[2] == config.rules[0].condition)
  }

  @Test func deepNestingIsRefusedAtTheLevelThatGoesOver() throws {
    // Block lists (`- - - a`): this check stops them at 256 levels, where the 256th `- ` begins.
    let block = "stages:\n" + String(repeating: "- ", count: 10_000) + "a\n"
    let error = try #require(throws: JourneyError.self) { try ConfigLoader.parse(yaml: block, file: "deep.yaml") }
    #expect(error.location == "deep.yaml:2:511", "\(error)")
    #expect(error.message.contains("nest deeper than 256 levels"), "\(error)")
    // Flow lists (`[[[`): libyaml's own limit (1000 levels, counted from its look-ahead) stops them.
    let flow = "stages: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
    let flowError = try #require(throws: JourneyError.self) { try ConfigLoader.parse(yaml: flow, file: "deep.yaml") }
    #expect(flowError.location?.hasPrefix("deep.yaml:1:") == true, "\(flowError)")
    #expect(flowError.message.contains("nesting level"), "\(flowError)")
  }

  @Test func manyPlainValuesAreRefusedToo() throws {
    let yaml = "stages: [" + Array(repeating: "a", count: 120_000).joined(separator: ",") + "]\n"
    let error = try #require(throws: JourneyError.self) { try ConfigLoader.parse(yaml: yaml, file: "wide.yaml") }
    #expect(error.location?.hasPrefix("wide.yaml:1:") == true, "\(error)")
    #expect(error.message.contains("more than 100000 values"), "\(error)")
  }

  @Test func configsOverOneMebibyteAreRefusedBeforeParsing() throws {
    let folder = TestPaths.temporaryDirectory("journey-config-size")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("big.yaml")
    let yaml = "# " + String(repeating: "x", count: 1 << 20) + "\nstages: [a]\n"
    try Data(yaml.utf8).write(to: file)
    let loaded = try #require(throws: JourneyError.self) { try ConfigLoader.load(path: file.path) }
    let parsed = try #require(throws: JourneyError.self) { try ConfigLoader.parse(yaml: yaml, file: file.path) }
    for error in [loaded, parsed] {
      #expect(error.kind == .config)
      #expect(error.location == file.path, "\(error)")
      #expect(error.message.contains("1 MiB"), "\(error)")
    }
  }
}
