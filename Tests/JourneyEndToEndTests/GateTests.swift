import Foundation
import JourneyTestSupport
import Testing

/// `journey report --fail-if EXPR` end to end on Fixtures/e2e/tiny.ndjson (SPEC §10): exit 0 when no
/// gate holds, 4 after every output is written when one does, 1 before anything is read on a bad
/// expression.
///
/// The fixture's funnel (session scope, 7 units, see ``TinyReportTests``): view 5, cart 3, checkout
/// 2, purchase 1; conversion(purchase) = 1/5 = 20%, from previous 1/2 = 50%; 18 events, 0 rejected.
@Suite struct GateTests {
  static let outputs = ["report.json", "report.html", "report.md", "report.csv", "report.txt"]

  static func run(_ gates: [String], in folder: URL, inputs: [String] = [E2E.tiny], config: String = E2E.tinyConfig) throws
    -> JourneyCLI.Result
  {
    var arguments = ["report", "-c", config] + inputs
    for name in outputs { arguments += ["-o", folder.appendingPathComponent(name).path] }
    for gate in gates { arguments += ["--fail-if", gate] }
    return try JourneyCLI.run(arguments)
  }

  static func contents(of folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in E2E.names(in: folder) { files[name] = try Data(contentsOf: folder.appendingPathComponent(name)) }
    return files
  }

  @Test func gatesThatDoNotHoldExitZero() throws {
    let folder = TestPaths.temporaryDirectory("journey-gates-pass")
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try Self.run(
      [
        "conversion(purchase) < 20%", "conversion(purchase, from=previous) < 50%", "units < 7", "units(view) != 5",
        "dropped(view) > 2", "reach(cart) < 4", "median_time(cart) > 5m", "rejected > 0 or events < 18",
        "-5 > units",  // an expression may start with "-": not taken for an option
      ], in: folder)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.isEmpty)
    #expect(E2E.names(in: folder) == Self.outputs.sorted())
  }

  @Test func failedGatesExitFourAfterEveryOutput() throws {
    let plain = TestPaths.temporaryDirectory("journey-gates-plain")
    let gated = TestPaths.temporaryDirectory("journey-gates-fail")
    defer {
      try? FileManager.default.removeItem(at: plain)
      try? FileManager.default.removeItem(at: gated)
    }
    let reference = try Self.run([], in: plain)
    #expect(reference.status == 0, "\(reference.stderr)")
    let result = try Self.run(
      ["conversion(purchase) <= 20%", "units < 1000", "conversion(purchase) > 20%", "median_time(cart) > 5m and rejected == 0%"],
      in: gated)
    #expect(result.status == 4, "\(result.stderr)")
    #expect(
      result.stderr == """
        gate failed: conversion(purchase) <= 20% (conversion(purchase) = 20%)
        gate failed: units < 1000 (units = 7)

        """)
    // Every output is there, complete: the same bytes as without gates.
    #expect(try Self.contents(of: gated) == Self.contents(of: plain))
    #expect(E2E.names(in: gated) == Self.outputs.sorted())
  }

  @Test func undefinedQuantityFailsTheGate() throws {
    let folder = TestPaths.temporaryDirectory("journey-gates-undefined")
    defer { try? FileManager.default.removeItem(at: folder) }
    // The empty input: no unit entered the funnel.
    let result = try Self.run(["conversion(purchase) < 2%"], in: folder, inputs: ["Fixtures/e2e/empty.ndjson"])
    #expect(result.status == 4, "\(result.stderr)")
    #expect(result.stderr == "gate failed: conversion(purchase) < 2% (conversion(purchase) undefined: no unit entered the funnel)\n")
    #expect(E2E.names(in: folder) == Self.outputs.sorted())
  }

  @Test func badExpressionIsAUsageErrorBeforeAnythingIsRead() throws {
    let folder = TestPaths.temporaryDirectory("journey-gates-bad")
    defer { try? FileManager.default.removeItem(at: folder) }
    // Neither the config nor the input exists: the expression is refused before either is opened.
    let result = try Self.run(
      ["units < 3", "conversion(purchase) < 2 %"], in: folder, inputs: ["no/such/events.ndjson"], config: "no/such.yaml")
    #expect(result.status == 1)
    #expect(result.stderr == "Error: --fail-if 'conversion(purchase) < 2 %': column 24: expected 2%, with no space before '%'\n")
    #expect(result.stdout.isEmpty)
    #expect(E2E.names(in: folder).isEmpty, "nothing written")
  }

  @Test func unknownStageIsAUsageErrorBeforeTheEvents() throws {
    let folder = TestPaths.temporaryDirectory("journey-gates-stage")
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try Self.run(["conversion(purhcase) < 2%"], in: folder)
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "Error: --fail-if 'conversion(purhcase) < 2%': column 12: unknown stage 'purhcase'; did you mean 'purchase'?; the stages are view, cart, checkout, purchase\n")
    #expect(E2E.names(in: folder).isEmpty, "nothing written")
    // Before the events: a truncated input under --strict would end the run with exit 2 and its
    // warnings, had it been read.
    let strict = try JourneyCLI.run([
      "report", "-c", E2E.tinyConfig, "Fixtures/input/truncated.ndjson.gz", "--strict", "--fail-if", "units(nope) < 1",
    ])
    #expect(strict.status == 1)
    #expect(strict.stderr == "Error: --fail-if 'units(nope) < 1': column 7: unknown stage 'nope'; the stages are view, cart, checkout, purchase\n")
    let compareOnly = try Self.run(["delta(conversion(purchase)) < -1pp and p < 0.05"], in: folder)
    #expect(compareOnly.status == 1)
    #expect(
      compareOnly.stderr
        == "Error: --fail-if 'delta(conversion(purchase)) < -1pp and p < 0.05': column 1: delta(…) needs journey compare (two reports); journey report has one\n")
  }

  @Test func tooManyRejectsWinsOverAFailedGate() throws {
    let folder = TestPaths.temporaryDirectory("journey-gates-rejects")
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("events.ndjson")
    try E2E.tinyEvents(100, users: 10, badEvery: 10).write(to: input, atomically: true, encoding: .utf8)
    let out = folder.appendingPathComponent("report.json")
    let result = try JourneyCLI.run([
      "report", "-c", E2E.tinyConfig, input.path, "-o", out.path, "--quiet", "--fail-if", "rejected > 5%",
    ])
    #expect(result.status == 3, "\(result.stderr)")
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 2, "\(result.stderr)")
    #expect(lines.first == "gate failed: rejected > 5% (rejected = 10%)")
    #expect(lines.last?.hasPrefix("Error: 10 of 100 records rejected") == true)
    #expect(FileManager.default.fileExists(atPath: out.path))
  }

  @Test func helpNamesExitStatusFour() throws {
    let top = try JourneyCLI.run(["--help"])
    #expect(top.stdoutText.contains("4 a --fail-if gate failed"))
    let report = try JourneyCLI.run(["report", "--help"])
    #expect(report.stdoutText.contains("--fail-if <expr>"))
  }
}
