import Foundation
import JourneyTestSupport
import Testing

/// `journey compare` end to end: reports made by `journey report` from `Fixtures/compare/` (two
/// weeks of one shop; week 2 has a planted drop at checkout, see `make-fixtures.py`), compared by
/// the binary, in every format, and every way it refuses.
@Suite(.serialized) struct CompareTests {
  static let config = "Fixtures/compare/shop.yaml"

  /// A scratch folder with `week-1.json` and `week-2.json` made by `journey report` (and the extra
  /// reports `extra` asks for: file name → report arguments).
  static func reports(_ extra: [String: [String]] = [:]) throws -> URL {
    let folder = TestPaths.temporaryDirectory("journey-compare-e2e")
    var wanted = [
      "week-1.json": ["-c", config, "Fixtures/compare/week-1.ndjson"],
      "week-2.json": ["-c", config, "Fixtures/compare/week-2.ndjson"],
    ]
    wanted.merge(extra) { $1 }
    for (name, arguments) in wanted.sorted(by: { $0.key < $1.key }) {
      let path = folder.appendingPathComponent(name).path
      let result = try JourneyCLI.run(["report", "--progress", "never", "-o", path] + arguments)
      #expect(result.status == 0, "report \(name): \(result.stderr)")
    }
    return folder
  }

  static func object(_ data: Data) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  static func steps(_ comparison: [String: Any]) -> [[String: Any]] { comparison["steps"] as? [[String: Any]] ?? [] }

  @Test func aReportComparedWithItselfChangesNothing() throws {
    let folder = try Self.reports()
    defer { try? FileManager.default.removeItem(at: folder) }
    let week = folder.appendingPathComponent("week-1.json").path
    let result = try JourneyCLI.run(["compare", week, week])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.isEmpty)
    // Piped: JSON.
    try SchemaValidation.validate([(label: "self", json: result.stdout)], schema: SchemaValidation.compareSchemaFile)
    let comparison = try Self.object(result.stdout)
    let steps = Self.steps(comparison)
    #expect(steps.count == 4)
    for (index, step) in steps.enumerated() {
      #expect((step["units"] as? [String: Any])?["change"] as? Int == 0)
      for key in ["conversion_from_start", "conversion_from_previous"] {
        let rate = try #require(step[key] as? [String: Any])
        #expect(rate["change_points"] as? Double == 0)
        #expect(rate["significant"] as? Bool == false)
        // Step 1 converts all of its units: no test; every other step: p = 1.
        if index == 0 {
          #expect(rate["p_value"] is NSNull, "\(key)")
        } else {
          #expect(rate["p_value"] as? Double == 1, "\(key) of step \(index)")
        }
      }
      #expect((step["exits_grown"] as? [Any])?.isEmpty == true)
    }
    let stages = try #require(comparison["stages"] as? [[String: Any]])
    #expect(stages.count == 4)
    #expect(stages.allSatisfy { ($0["reach"] as? [String: Any])?["change"] as? Int == 0 })
  }

  @Test func thePlantedDropAtCheckoutIsFoundWithItsPointsAndPValue() throws {
    let folder = try Self.reports()
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try JourneyCLI.run(
      ["compare", folder.appendingPathComponent("week-1.json").path, folder.appendingPathComponent("week-2.json").path, "-f", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    let steps = Self.steps(try Self.object(result.stdout))
    let checkout = try #require(steps.first { $0["label"] as? String == "checkout" })
    #expect((checkout["units"] as? [String: Any])?["base"] as? Int == 108)
    #expect((checkout["units"] as? [String: Any])?["current"] as? Int == 76)
    // 108/300 → 76/300: −10.67 points; z-test p = 0.0046 (statsmodels' proportions_ztest gives the same).
    let fromStart = try #require(checkout["conversion_from_start"] as? [String: Any])
    #expect(abs((fromStart["change_points"] as? Double ?? 0) + 10.666666666666666) < 1e-9)
    #expect(abs((fromStart["p_value"] as? Double ?? 0) - 0.004609132101931497) < 1e-12)
    #expect(fromStart["significant"] as? Bool == true)
    // From cart (180 both weeks): 60% → 42.2%, p = 0.00074.
    let fromPrevious = try #require(checkout["conversion_from_previous"] as? [String: Any])
    #expect(abs((fromPrevious["p_value"] as? Double ?? 0) - 0.0007410338601999217) < 1e-12)
    // Cart itself did not move.
    let cart = try #require(steps.first { $0["label"] as? String == "cart" })
    #expect((cart["conversion_from_start"] as? [String: Any])?["p_value"] as? Double == 1)
    // The sessions lost after cart ended on /shipping-costs 30 more times.
    let grown = try #require(cart["exits_grown"] as? [[String: Any]])
    #expect(grown.first?["value"] as? String == "/shipping-costs")
    #expect(grown.first?["change"] as? Int == 30)
    // Starting the checkout took a minute longer.
    let median = try #require(checkout["median_seconds_from_previous"] as? [String: Any])
    #expect(median["change_seconds"] as? Double == 60)
  }

  @Test func everyFormatIsWrittenAtomicallyByExtensionOrFlag() throws {
    let folder = try Self.reports()
    defer { try? FileManager.default.removeItem(at: folder) }
    let base = folder.appendingPathComponent("week-1.json").path
    let current = folder.appendingPathComponent("week-2.json").path
    let out = { (name: String) in folder.appendingPathComponent(name).path }
    let result = try JourneyCLI.run([
      "compare", base, current, "-o", out("c.txt"), "-o", out("c.json"), "-o", out("c.csv"), "-o", out("c.md"),
      "-o", out("c.html"), "-f", "table", "-f", "json", "-f", "csv", "-f", "markdown", "-f", "html", "-o", out("c.out"),
    ])
    #expect(result.status == 1, "an -o extension that names no format, without its -f, is a usage error")
    #expect(result.stderr.contains("cannot tell the format from the extension '.out'"))
    let written = try JourneyCLI.run([
      "compare", base, current, "-o", out("c.txt"), "-o", out("c.json"), "-o", out("c.csv"), "-o", out("c.md"),
      "-o", out("c.html"), "-f", "table", "-f", "json", "-f", "csv", "-f", "markdown", "-f", "html",
    ])
    #expect(written.status == 0, "\(written.stderr)")
    #expect(written.stdout.isEmpty && written.stderr.isEmpty)
    let text = { (name: String) in (try? String(contentsOfFile: out(name), encoding: .utf8)) ?? "" }
    #expect(text("c.txt").hasPrefix("Journey comparison · session scope · ordered funnel\n"))
    #expect(text("c.txt").contains("  checkout   108       76     -32   36.0%    25.3%  -10.7 pp    -29.6%  0.005 *"))
    #expect(text("c.json").hasPrefix("{\n  \"schema\" : \"journey-compare/1\""))
    #expect(text("c.csv").hasPrefix("section,index,stage,metric,"))
    #expect(text("c.csv").contains("exit_grown,1,cart,units,/shipping-costs,20,50,30,,,,,,,,\r\n"))
    #expect(text("c.md").hasPrefix("# Journey comparison\n"))
    #expect(text("c.md").contains("| checkout | 108 | 76 | -32 | 36.0% | 25.3% | -10.7 pp | -29.6% | **0.005** |"))
    #expect(text("c.html").hasPrefix("<!DOCTYPE html>"))
    #expect(text("c.html").contains("data-step=\"checkout\" data-index=\"2\" data-base-units=\"108\" data-current-units=\"76\""))
    // No temporary file is left beside the outputs.
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(!names.contains { $0.hasPrefix(".") }, "\(names)")
    // The format follows the extension without -f, and the same bytes come out.
    let byExtension = try JourneyCLI.run(["compare", base, current, "-o", out("d.md"), "-o", out("d.json")])
    #expect(byExtension.status == 0)
    #expect(text("d.md") == text("c.md") && text("d.json") == text("c.json"))
  }

  @Test func theCurrentReportCanComeFromStandardInput() throws {
    let folder = try Self.reports()
    defer { try? FileManager.default.removeItem(at: folder) }
    let base = folder.appendingPathComponent("week-1.json").path
    let current = folder.appendingPathComponent("week-2.json")
    let result = try JourneyCLI.run(["compare", base, "-", "-f", "csv"], stdinFile: current)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdoutText.contains("input,,,file,,\(base),standard input,,,,,,,,,\r\n"))
  }

  // MARK: Refusals

  @Test func reportsOfDifferentFunnelsAreRefusedNamingTheDifference() throws {
    let folder = try Self.reports([
      "user.json": ["-c", Self.config, "--scope", "user", "Fixtures/compare/week-2.ndjson"],
      "strict.json": ["-c", Self.config, "--order", "strict", "Fixtures/compare/week-2.ndjson"],
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let week = folder.appendingPathComponent("week-1.json").path
    let output = folder.appendingPathComponent("never.html").path
    for (name, message) in [
      ("user.json", "Error: cannot compare reports with different funnel scopes: session in \(week), user in "),
      ("strict.json", "Error: cannot compare reports with different funnel orders: ordered in \(week), strict in "),
    ] {
      let other = folder.appendingPathComponent(name).path
      let result = try JourneyCLI.run(["compare", week, other, "-o", output])
      #expect(result.status == 1, "\(name)")
      #expect(result.stderr == message + other + "\n")
      #expect(!FileManager.default.fileExists(atPath: output), "nothing is written on a refusal")
    }
  }

  @Test func reportsOfDifferentStagesAreRefused() throws {
    let folder = TestPaths.temporaryDirectory("journey-compare-e2e")
    defer { try? FileManager.default.removeItem(at: folder) }
    let yaml = try String(contentsOfFile: TestPaths.repository.appendingPathComponent(Self.config).path, encoding: .utf8)
      .replacingOccurrences(of: "stages: [view, cart, checkout, purchase]", with: "stages: [view, cart, purchase]")
      .replacingOccurrences(of: "  - stage: checkout\n    event: Checkout Started\n", with: "")
    let config = folder.appendingPathComponent("three.yaml")
    try yaml.write(to: config, atomically: true, encoding: .utf8)
    let three = folder.appendingPathComponent("three.json").path
    let four = folder.appendingPathComponent("four.json").path
    #expect(try JourneyCLI.run(["report", "-c", config.path, "Fixtures/compare/week-1.ndjson", "-o", three]).status == 0)
    #expect(try JourneyCLI.run(["report", "-c", Self.config, "Fixtures/compare/week-1.ndjson", "-o", four]).status == 0)
    let result = try JourneyCLI.run(["compare", four, three])
    #expect(result.status == 1)
    #expect(result.stderr == "Error: cannot compare reports with different stages: [view, cart, checkout, purchase] in \(four), [view, cart, purchase] in \(three)\n")
  }

  @Test func unreadableFilesAndFilesThatAreNoReportsAreInputErrors() throws {
    let folder = TestPaths.temporaryDirectory("journey-compare-e2e")
    defer { try? FileManager.default.removeItem(at: folder) }
    let old = folder.appendingPathComponent("old.json")
    try Data("{\"schema\": \"journey-report/1\", \"summary\": {}}".utf8).write(to: old)
    let missing = folder.appendingPathComponent("missing.json").path
    for (arguments, status, message) in [
      (["compare", missing, old.path], Int32(2), "Error: \(missing): cannot read: No such file or directory\n"),
      (
        ["compare", "Fixtures/compare/week-1.ndjson", old.path], 2,
        "Error: Fixtures/compare/week-1.ndjson: not a journey report: not JSON (cannot parse it)\n"
      ),
      (
        ["compare", old.path, old.path], 2,
        "Error: \(old.path): is a journey-report/1 report; compare reads journey-report/3 and journey-report/2 (make the report again with this journey)\n"
      ),
      (["compare", "-", "-"], 1, "Error: BASE and CURRENT cannot both be - (standard input)\n"),
      (
        ["compare", old.path, old.path, "-o", old.path], 1,
        "Error: \(old.path): -o \(old.path) is the input \(old.path); refusing to overwrite an input\n"
      ),
    ] {
      let result = try JourneyCLI.run(arguments)
      #expect(result.status == status, "\(arguments)")
      #expect(result.stderr == message, "\(arguments)")
      #expect(result.stdout.isEmpty)
    }
    let piped = try JourneyCLI.run(["compare", "-", old.path], stdin: Data("{}".utf8))
    #expect(piped.status == 2)
    #expect(piped.stderr == "Error: standard input: not a journey report: no \"schema\": \"journey-report/3\" (make one with `journey report -f json`)\n")
    let usage = try JourneyCLI.run(["compare", old.path])
    #expect(usage.status == 1)
    #expect(usage.stderr.contains("Missing expected argument '<current>'"))
  }
}

extension CompareTests {
  /// `--fail-if` on `compare` (SPEC §10): the planted drop at checkout (108/300 → 76/300, −10.67
  /// points, p = 0.0046) fails the week-over-week gate after every output is written; the same
  /// gate on a report compared with itself passes; `p` needs one delta(conversion(…)).
  @Test func gatesFailOnThePlantedDropAfterEveryOutputIsWritten() throws {
    let folder = try Self.reports()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (week1, week2) = (folder.appendingPathComponent("week-1.json").path, folder.appendingPathComponent("week-2.json").path)
    let html = folder.appendingPathComponent("compare.html").path
    let json = folder.appendingPathComponent("compare.json").path
    let gate = "delta(conversion(checkout)) < -1pp and p < 0.05"
    let failed = try JourneyCLI.run(
      ["compare", week1, week2, "-o", html, "-o", json, "--fail-if", gate, "--fail-if", "delta(units) != 0"])
    #expect(failed.status == 4, "\(failed.stderr)")
    #expect(
      failed.stderr
        == "gate failed: \(gate) (delta(conversion(checkout)) = -10.6667pp; p = 0.004609132101931497)\n",
      "the second gate holds not: both weeks have 300 units")
    #expect(FileManager.default.fileExists(atPath: html))
    let written = try Self.object(try Data(contentsOf: URL(fileURLWithPath: json)))
    #expect(written["schema"] as? String == "journey-compare/1", "the outputs are complete before the exit")

    let same = try JourneyCLI.run(["compare", week1, week1, "--fail-if", gate, "-o", json])
    #expect(same.status == 0 && same.stderr.isEmpty, "\(same.stderr)")
    // From the previous step (cart → checkout: p = 0.00074), and a relative floor that holds not.
    let previous = try JourneyCLI.run(
      ["compare", week1, week2, "-o", json, "--fail-if", "delta(conversion(checkout, from=previous)) < -10pp and p < 0.001"])
    #expect(previous.status == 4, "\(previous.stderr)")
    #expect(previous.stderr.contains("p = 0.0007410338601999217"), "\(previous.stderr)")
  }

  @Test func aGateOfCompareIsRefusedBeforeAnyReportIsRead() throws {
    let missing = "/nonexistent/week.json"
    let unbound = try JourneyCLI.run(["compare", missing, missing + "2", "--fail-if", "p < 0.05"])
    #expect(unbound.status == 1)
    #expect(
      unbound.stderr
        == "Error: --fail-if 'p < 0.05': column 1: p is the p-value of the gate's one change of a conversion, delta(conversion(…)); found none\n")
    let unknown = try JourneyCLI.run(["compare", missing, missing + "2", "--fail-if", "delta(conversion(cart) < 1pp"])
    #expect(unknown.status == 1 && unknown.stderr.contains("column "), "\(unknown.stderr)")
  }

  @Test func aGateNamingAnUnknownStageIsAUsageErrorAndNothingIsWritten() throws {
    let folder = try Self.reports()
    defer { try? FileManager.default.removeItem(at: folder) }
    let week1 = folder.appendingPathComponent("week-1.json").path
    let json = folder.appendingPathComponent("out.json").path
    let result = try JourneyCLI.run(["compare", week1, week1, "-o", json, "--fail-if", "conversion(chekout) < 2%"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("column 12: unknown stage 'chekout'"), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: json))
  }
}
