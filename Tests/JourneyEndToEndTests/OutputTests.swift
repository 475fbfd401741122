import Foundation
import JourneyTestSupport
import Testing

/// Output files: several formats at once, atomic writes, deterministic bytes.
@Suite struct OutputTests {
  @Test func fourFormatsAtOnceAtomically() throws {
    let checker = ReportChecker()
    let folder = TestPaths.temporaryDirectory("journey-e2e-outputs")
    defer { try? FileManager.default.removeItem(at: folder) }
    let names = ["a.json", "a.html", "a.md", "a.csv"]
    let arguments = ["report", "-c", E2E.tinyConfig, E2E.tiny, "--progress", "never"]
      + names.flatMap { ["-o", folder.appendingPathComponent($0).path] }
    let result = try JourneyCLI.run(arguments)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(E2E.names(in: folder) == names.sorted(), "exactly the four files, no .tmp")
    let json = try Data(contentsOf: folder.appendingPathComponent("a.json"))
    let report = try checker.add(json, "a.json")
    #expect(E2E.int(report, "events") == 18)
    let html = try String(contentsOf: folder.appendingPathComponent("a.html"), encoding: .utf8)
    #expect(html.lowercased().hasPrefix("<!doctype html"))
    #expect(!html.contains("<script src="), "self-contained")
    let markdown = try String(contentsOf: folder.appendingPathComponent("a.md"), encoding: .utf8)
    #expect(markdown.contains("|"))
    #expect(markdown.contains("checkout"))
    let csv = try String(contentsOf: folder.appendingPathComponent("a.csv"), encoding: .utf8)
    #expect(csv.contains("checkout"))
    #expect(csv.contains(","))

    // The same bytes on a second run, every format.
    let again = TestPaths.temporaryDirectory("journey-e2e-outputs-again")
    defer { try? FileManager.default.removeItem(at: again) }
    let second = try JourneyCLI.run(
      ["report", "-c", E2E.tinyConfig, E2E.tiny, "--progress", "never", "--threads", "1"]
        + names.flatMap { ["-o", again.appendingPathComponent($0).path] })
    #expect(second.status == 0)
    for name in names {
      let a = try Data(contentsOf: folder.appendingPathComponent(name))
      let b = try Data(contentsOf: again.appendingPathComponent(name))
      #expect(a == b, "\(name) differs between runs")
    }
    checker.validateAll()
  }

  @Test func stdoutJSONIsDeterministicOnARealSample() throws {
    let checker = ReportChecker()
    let sample = "Fixtures/samples/rees46-2019-Oct-first2000rows.csv.gz"
    let a = try JourneyCLI.run(["report", "--preset", "rees46", "-f", "json", "-q", "--threads", "2", sample])
    let b = try JourneyCLI.run(["report", "--preset", "rees46", "-f", "json", "-q", "--threads", "1", sample])
    #expect(a.status == 0, "\(a.stderr)")
    #expect(a.stdout == b.stdout)
    try checker.add(a.stdout, "rees46 sample")
    for sample in ["apache-semicomplete-first2000.log.gz:combined", "otto-train-sample.jsonl.gz:otto"] {
      let parts = sample.split(separator: ":").map(String.init)
      let run = try JourneyCLI.run(["report", "--preset", parts[1], "-f", "json", "-q", "Fixtures/samples/\(parts[0])"])
      #expect(run.status == 0 || run.status == 3, "\(run.stderr)")
      try checker.add(run.stdout, parts[0])
    }
    checker.validateAll()
  }

  @Test func failedRunLeavesExistingOutputUntouched() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-keep")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("report.json")
    try Data("previous\n".utf8).write(to: out)
    let result = try JourneyCLI.run(["report", "-c", E2E.tinyConfig, "--strict", "Fixtures/e2e/tiny-truncated.ndjson.gz", "-o", out.path])
    #expect(result.status == 2)
    #expect(try String(contentsOf: out, encoding: .utf8) == "previous\n")
    #expect(E2E.names(in: folder) == ["report.json"])
  }
}
