import Foundation
import JourneyTestSupport
import Testing

/// Configs written to hang or exhaust a run (issue 10, items 5 and 8) end in seconds: a regex with
/// nested quantifiers runs in linear time, a YAML alias bomb is a located config error.
@Suite struct HostileConfigTests {
  /// Runs `journey arguments…` and waits at most `seconds`; a run still going then is killed and
  /// recorded as a hang (nil).
  static func run(_ arguments: [String], within seconds: Double) throws -> (status: Int32, stdout: String, stderr: String)? {
    let folder = TestPaths.temporaryDirectory("journey-e2e-deadline")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("stdout")
    let err = folder.appendingPathComponent("stderr")
    let process = try JourneyCLI.start(arguments, stdout: out, stderr: err)
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { usleep(20_000) }
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      Issue.record("journey \(arguments.joined(separator: " ")) still ran after \(seconds) s")
      return nil
    }
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: try Data(contentsOf: out), as: UTF8.self),
      String(decoding: try Data(contentsOf: err), as: UTF8.self)
    )
  }

  /// `(a+)+$` took 66 s on one 20-character value with Swift's backtracking `Regex`; 1000 such values
  /// never finished. With RE2 the whole run takes well under a second.
  @Test func catastrophicRegexOverAThousandValuesFinishes() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-redos")
    defer { try? FileManager.default.removeItem(at: folder) }
    var lines: [String] = []
    for i in 0..<1000 {
      // Every fourth value is all `a`s (a match); the others end in `!` (no match, the slow case).
      let value = String(repeating: "a", count: 20 + i % 11) + (i % 4 == 0 ? "" : "!")
      let minute = String(format: "%02d", i % 60)
      lines.append(#"{"userId":"u\#(i)","event":"e","path":"\#(value)","timestamp":"2026-11-01T10:\#(minute):00Z"}"#)
    }
    let events = folder.appendingPathComponent("events.ndjson")
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: events)
    let config = folder.appendingPathComponent("redos.yaml")
    try Data(
      """
      input:
        format: ndjson
        fields: {user: userId, time: timestamp, event: event}
      stages: [hit, miss]
      rules:
        - stage: hit
          field: path
          regex: '(a+)+$'
        - stage: miss
          event: e
      """.utf8
    ).write(to: config)
    let result = try #require(try Self.run(["classify", "-f", "ndjson", "-c", config.path, events.path], within: 60))
    #expect(result.status == 0, "\(result.stderr)")
    let rows = result.stdout.split(separator: "\n")
    #expect(rows.count == 1000)
    #expect(rows.filter { $0.contains(#""stage":"hit""#) }.count == 250)
    #expect(rows.filter { $0.contains(#""stage":"miss""#) }.count == 750)

    // --explain still says why the regex failed.
    let explained = try #require(
      try Self.run(["classify", "--explain", "-c", config.path, "--limit", "2", events.path], within: 60))
    #expect(explained.status == 0, "\(explained.stderr)")
    #expect(explained.stdout.contains("no match: path is 'aaaaaaaaaaaaaaaaaaaaa!', expected to match regex '(a+)+$'"), "\(explained.stdout)")
  }

  @Test func regexRE2CannotRunIsRefusedAtItsLocation() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-lookahead")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = folder.appendingPathComponent("lookahead.yaml")
    try Data(
      """
      input:
        fields: {user: userId, time: timestamp, event: event}
      stages: [a]
      exclude:
        - {field: ua, regex: 'bot(?!tle)'}
      rules:
        - {stage: a, event: x}
      """.utf8
    ).write(to: config)
    let result = try #require(try Self.run(["validate", "-c", config.path], within: 30))
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("Error: \(config.path):5:24: bad regex 'bot(?!tle)' in exclude[0]: lookahead"), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
  }

  @Test func yamlAliasBombIsALocatedConfigErrorInSeconds() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-bomb")
    defer { try? FileManager.default.removeItem(at: folder) }
    // 638 bytes, 9⁹ conditions once expanded: the build before this check did not finish.
    var lines = ["input: {fields: {user: u, time: t}}", "stages: [a]", "exclude:", "  - &a0 {field: f, equals: lol}"]
    for level in 1...9 {
      lines.append("  - &a\(level) {any: [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]}")
    }
    let config = folder.appendingPathComponent("bomb.yaml")
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: config)
    let result = try #require(try Self.run(["validate", "-c", config.path], within: 30))
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("Error: \(config.path):9:21: alias '*a4' expands the config"), "\(result.stderr)")
  }
}
