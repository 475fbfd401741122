import Foundation
import JourneyPipeline
import JourneyTestSupport
import Testing

/// Option values a hostile or unlucky user gives (issue 10, items 9 and 12): negative numbers are
/// named and refused, not "missing value"; `--from` must come before `--to`; `--threads` is capped.
@Suite struct OptionValueTests {
  @Test(arguments: [
    (["--threads", "-1"], "--threads must be positive (got -1)"),
    (["--threads", "0"], "--threads must be positive (got 0)"),
    (["--timeout", "-5m"], "--timeout must be positive (got -5m)"),
    (["--timeout", "0"], "--timeout must be positive (got 0)"),
    (["--timeout", "0s"], "--timeout must be positive (got 0s)"),
    // A number alone is not a duration (it meant seconds to some, minutes to others).
    (["--timeout", "30"], "--timeout 30 has no unit; did you mean 30m?"),
    (["--timeout", "1800"], "--timeout 1800 has no unit; did you mean 1800s (30m)?"),
    (["--memory", "-1G"], "--memory must be positive (got -1G)"),
    (["--memory", "-1"], "--memory must be positive (got -1)"),
    (["--max-bad-ratio", "-0.1"], "--max-bad-ratio must not be negative (got -0.1)"),
    (["--max-bad-ratio", "1.5"], "--max-bad-ratio must be between 0 and 1 (got 1.5)"),
    (["--max-line-length", "-3"], "--max-line-length must be positive (got -3)"),
    (["--from", "-yesterday"], "--from must be a time like 2026-11-01 or 2026-11-01T06:00:00Z (got -yesterday)"),
    (["--to", "-2026-11-01"], "--to must be a time"),
  ])
  func negativeValuesAreNamedUsageErrors(_ option: [String], _ message: String) throws {
    for command in ["report", "sessions", "classify", "inspect"] where Self.takes(command, option[0]) {
      let result = try JourneyCLI.run([command, "-c", E2E.tinyConfig] + option + [E2E.tiny])
      #expect(result.status == 1, "\(command) \(option): \(result.stderr)")
      #expect(result.stderr == "Error: \(message)\n" || result.stderr.hasPrefix("Error: \(message)"), "\(command) \(option): \(result.stderr)")
      #expect(!result.stderr.contains("Missing value"), "\(command) \(option): \(result.stderr)")
      #expect(result.stdout.isEmpty)
    }
  }

  /// Which commands act on an option (SPEC §11: `--help` lists only those).
  static let optionsByCommand: [String: Set<String>] = [
    "report": ["--threads", "--timeout", "--memory", "--max-bad-ratio", "--max-line-length", "--from", "--to", "--rejects", "--strict"],
    "sessions": ["--threads", "--timeout", "--memory", "--max-line-length", "--from", "--to", "--rejects"],
    "classify": ["--threads", "--memory", "--max-line-length", "--from", "--to"],
    "inspect": ["--max-line-length"],
  ]

  static func takes(_ command: String, _ option: String) -> Bool { optionsByCommand[command]?.contains(option) ?? false }

  /// An option a command does not act on is not in its `--help` and is refused, not ignored.
  @Test(arguments: ["report", "sessions", "classify", "inspect"])
  func eachCommandListsOnlyTheOptionsItActsOn(_ command: String) throws {
    let help = try JourneyCLI.run([command, "--help"]).stdout
    for option in Set(Self.optionsByCommand.values.joined()) {
      let listed = String(decoding: help, as: UTF8.self).contains(option + " ") || String(decoding: help, as: UTF8.self).contains(option + "\n")
      #expect(listed == Self.takes(command, option), "\(command) --help and \(option)")
      if !Self.takes(command, option) {
        let value = option == "--strict" ? [] : ["1"]
        let result = try JourneyCLI.run([command, "-c", E2E.tinyConfig, option] + value + [E2E.tiny])
        #expect(result.status == 1, "\(command) \(option): \(result.stderr)")
        #expect(result.stderr.contains("Unknown option '\(option)'"), "\(command) \(option): \(result.stderr)")
      }
    }
  }

  /// Completions complete file names where a file goes and offer the values of the options that
  /// take a choice (SPEC §11).
  @Test(arguments: ["bash", "zsh", "fish"])
  func completionsOfferFilesAndValues(_ shell: String) throws {
    let result = try JourneyCLI.run(["--generate-completion-script", shell])
    #expect(result.status == 0)
    let script = String(decoding: result.stdout, as: UTF8.self)
    for value in ["rees46", "segment", "ordered", "strict", "session", "markdown", "ndjson"] {
      #expect(script.contains(value), "\(shell): \(value)")
    }
    if shell == "bash" {
      // Inputs and -o complete file names; -c YAML files.
      #expect(script.contains("__journey_add_completions -f"))
      #expect(script.contains("!*.@(yaml|yml)"))
    }
  }

  @Test func negativeLimitOfClassifyIsNamed() throws {
    let result = try JourneyCLI.run(["classify", "-c", E2E.tinyConfig, "--limit", "-1", E2E.tiny])
    #expect(result.status == 1)
    #expect(result.stderr == "Error: --limit must not be negative (got -1)\n", "\(result.stderr)")
  }

  @Test(arguments: [("2026-11-02", "2026-11-01"), ("2026-11-01", "2026-11-01"), ("2026-11-01T10:00:00Z", "2026-11-01T09:59:59Z")])
  func fromNotBeforeToIsAUsageErrorNamingBoth(_ from: String, _ to: String) throws {
    let result = try JourneyCLI.run(["report", "-c", E2E.tinyConfig, "--from", from, "--to", to, E2E.tiny])
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.hasPrefix("Error: --from \(from) is not before --to \(to)"), "\(result.stderr)")
    #expect(result.stdout.isEmpty)
  }

  @Test func fromBeforeToStillWorks() throws {
    let result = try JourneyCLI.run(["report", "-f", "json", "-c", E2E.tinyConfig, "--from", "2026-11-01", "--to", "2026-11-02", E2E.tiny])
    #expect(result.status == 0, "\(result.stderr)")
  }

  @Test func hugeThreadCountIsCappedWithANote() throws {
    let capped = try JourneyCLI.run(["report", "-f", "json", "--run-info", "-c", E2E.tinyConfig, "--threads", "100000", E2E.tiny])
    #expect(capped.status == 0, "\(capped.stderr)")
    let notes = capped.stderr.split(separator: "\n")
    #expect(notes.count == 1, "\(capped.stderr)")
    #expect(notes.first?.hasPrefix("warning: --threads 100000 is more than 4 per core; using ") == true, "\(capped.stderr)")
    let report = try #require(try JSONSerialization.jsonObject(with: capped.stdout) as? [String: Any])
    let threads = try #require((report["run"] as? [String: Any])?["threads"] as? Int)
    #expect(threads >= 4 && threads <= 4 * ProcessInfo.processInfo.activeProcessorCount, "\(threads)")
    #expect(capped.stderr.contains("using \(threads) ("), "\(capped.stderr)")

    let quiet = try JourneyCLI.run(["report", "-f", "json", "--quiet", "-c", E2E.tinyConfig, "--threads", "100000", E2E.tiny])
    #expect(quiet.status == 0)
    #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")

    let plain = try JourneyCLI.run(["report", "-f", "json", "-c", E2E.tinyConfig, "--threads", "2", E2E.tiny])
    #expect(plain.stderr.isEmpty, "\(plain.stderr)")
    #expect(plain.stdout == quiet.stdout)
  }

  @Test func runSettingsKeepThreadsBetweenOneAndFourPerCore() {
    var settings = RunSettings()
    settings.threads = 100_000
    #expect(settings.threads == RunSettings.maxThreads)
    #expect(RunSettings.maxThreads == 4 * RunSettings.defaultThreads)
    settings.threads = -3
    #expect(settings.threads == 1)
    settings.threads = 2
    #expect(settings.threads == min(2, RunSettings.maxThreads))
  }
}
