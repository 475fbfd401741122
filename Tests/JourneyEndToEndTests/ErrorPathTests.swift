import Foundation
import JourneyTestSupport
import Testing

/// Exit statuses and messages of the binary (SPEC §6, STYLE §5).
@Suite struct ErrorPathTests {
  static let presets = [
    "segment", "ga4", "amplitude", "mixpanel", "posthog", "snowplow", "combined", "common",
    "rees46", "trivago", "otto", "diginetica", "cdnow",
  ]

  /// A misspelt subcommand is named, with the closest one, not blamed on the options after it.
  @Test(arguments: [
    (["reprot", "--preset", "segment", "x.ndjson"], "unknown subcommand 'reprot'; did you mean 'report'?"),
    (["comapre", "a.json", "b.json"], "unknown subcommand 'comapre'; did you mean 'compare'?"),
    (["events.ndjson"], "unknown subcommand 'events.ndjson'"),
  ])
  func aMisspeltSubcommandGetsADidYouMean(_ arguments: [String], _ message: String) throws {
    let result = try JourneyCLI.run(arguments)
    #expect(result.status == 1)
    #expect(result.stderr == "Error: \(message); subcommands are: report, merge, compare, sessions, classify, inspect, keys, init, validate\n")
    #expect(result.stdout.isEmpty)
    // `help` is not a misspelling.
    #expect(try JourneyCLI.run(["help", "report"]).status == 0)
  }

  @Test func missingFileIsAnInputError() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-missing")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("report.json")
    let result = try JourneyCLI.run(["report", "-c", E2E.tinyConfig, "no/such/events.ndjson", "-o", out.path])
    #expect(result.status == 2)
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 1, "one line: \(result.stderr)")
    #expect(lines.first?.hasPrefix("Error: ") == true)
    #expect(lines.first?.contains("no/such/events.ndjson") == true)
    #expect(result.stdout.isEmpty)
    #expect(E2E.names(in: folder).isEmpty, "nothing written")
  }

  @Test(arguments: ["report", "compare", "sessions", "classify", "inspect", "init", "validate"])
  func unknownFlagIsAUsageError(_ command: String) throws {
    // `validate` needs its -c first, `compare` its two reports, or what is missing is reported instead.
    let required =
      command == "validate" ? ["-c", "Fixtures/config/shop.yaml"] : command == "compare" ? ["a.json", "b.json"] : []
    let result = try JourneyCLI.run([command] + required + ["--no-such-flag"])
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.contains("--no-such-flag"))
  }

  @Test(arguments: [
    ("typo-in-stage.yaml", "14:12", "chekout"),
    ("unknown-key.yaml", "8:3", "timout"),
    ("bad-duration.yaml", "7:12", "30mn"),
    ("bad-regex.yaml", "8:12", "regex"),
  ])
  func brokenConfigNamesFileLineColumn(_ file: String, _ position: String, _ word: String) throws {
    let path = "Fixtures/config/\(file)"
    for arguments in [["validate", "-c", path], ["report", "-c", path, E2E.tiny]] {
      let result = try JourneyCLI.run(arguments)
      #expect(result.status == 1, "\(arguments): \(result.stderr)")
      #expect(result.stderr.hasPrefix("Error: \(path):\(position): "), "\(result.stderr)")
      #expect(result.stderr.contains(word))
      #expect(result.stdout.isEmpty)
    }
  }

  @Test func yamlSyntaxErrorNamesALocation() throws {
    let path = "Fixtures/config/syntax-error.yaml"
    let result = try JourneyCLI.run(["validate", "-c", path])
    #expect(result.status == 1)
    let located = try Regex(#"^Error: Fixtures/config/syntax-error\.yaml:\d+:\d+: "#)
    #expect(result.stderr.contains(located), "\(result.stderr)")
  }

  @Test func tooManyRejectsExitsThreeAfterWritingTheReport() throws {
    let checker = ReportChecker()
    let folder = TestPaths.temporaryDirectory("journey-e2e-rejects")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("nasa.json")
    let rejects = folder.appendingPathComponent("rejects.ndjson")
    let result = try JourneyCLI.run([
      "report", "--preset", "common", "--max-bad-ratio", "0", "--rejects", rejects.path,
      "Fixtures/samples/nasa-aug95-first1930lines-corrupted.log.gz", "-o", out.path,
    ])
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stderr.contains("Error: "))
    let report = try checker.add(try Data(contentsOf: out), "nasa")
    #expect(E2E.int(report, "rejected") == 89)
    #expect(E2E.int(report, "events") == 1841)
    #expect(try String(contentsOf: rejects, encoding: .utf8).split(separator: "\n").count == 89)
    #expect(E2E.names(in: folder) == ["nasa.json", "rejects.ndjson"])
    // Under the default ratio (0.01) 89 of 1930 is still too many; at 0.05 it is fine.
    let relaxed = try JourneyCLI.run([
      "report", "--preset", "common", "--max-bad-ratio", "0.05", "-q", "-f", "json",
      "Fixtures/samples/nasa-aug95-first1930lines-corrupted.log.gz",
    ])
    #expect(relaxed.status == 0, "\(relaxed.stderr)")
    checker.validateAll()
  }

  @Test func validateAcceptsTheShopConfig() throws {
    let result = try JourneyCLI.run(["validate", "-c", "Fixtures/config/shop.yaml"])
    #expect(result.status == 0, "\(result.stderr)")
  }

  @Test func initOutputValidatesForEveryPreset() throws {
    let list = try JourneyCLI.run(["init", "--list"])
    #expect(list.status == 0)
    let listed = list.stdoutText.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
    #expect(Set(listed) == Set(Self.presets))
    let folder = TestPaths.temporaryDirectory("journey-e2e-init")
    defer { try? FileManager.default.removeItem(at: folder) }
    for preset in Self.presets + [nil] {
      let result = try JourneyCLI.run(["init"] + (preset.map { ["--preset", $0] } ?? []))
      #expect(result.status == 0, "\(preset ?? "no preset"): \(result.stderr)")
      let file = folder.appendingPathComponent("\(preset ?? "default").yaml")
      try result.stdout.write(to: file)
      let validate = try JourneyCLI.run(["validate", "-c", file.path])
      #expect(validate.status == 0, "init --preset \(preset ?? "none") does not validate: \(validate.stderr)")
    }
  }

  @Test(arguments: ["report", "compare", "sessions", "classify", "inspect", "init", "validate"])
  func helpHasExamples(_ command: String) throws {
    let result = try JourneyCLI.run([command, "--help"])
    #expect(result.status == 0)
    #expect(result.stdoutText.contains("Examples"), "\(command) --help")
  }

  @Test func topLevelHelpAndVersion() throws {
    let help = try JourneyCLI.run(["--help"])
    #expect(help.status == 0)
    #expect(help.stdoutText.contains("Examples"))
    let version = try JourneyCLI.run(["--version"])
    #expect(version.status == 0)
    #expect(version.stdoutText.contains(try Regex(#"\d+\.\d+\.\d+"#)))
  }
}
