import Foundation
import JourneyTestSupport
import Testing

/// Every input format, compression and source (file, folder, stdin) end to end through the binary,
/// on the small committed fixtures in Fixtures/e2e.
@Suite struct InputFormatTests {
  @Test func segmentNDJSONWithShopConfig() throws {
    let checker = ReportChecker()
    let report = try E2E.reportJSON(["-c", "Fixtures/e2e/shop.yaml", "Fixtures/e2e/shop.ndjson"], checker: checker)
    // 10 lines; the Googlebot line is excluded; users a1 (anonymousId fallback), c1, c2.
    #expect(E2E.int(report, "events") == 10)
    #expect(E2E.int(report, "excluded") == 1)
    #expect(E2E.int(report, "rejected") == 0)
    #expect(E2E.int(report, "users") == 3)
    #expect(E2E.int(report, "sessions") == 3)
    #expect(E2E.summary(report)["first_event"] as? String == "2026-11-01T10:00:00Z")
    #expect(E2E.summary(report)["last_event"] as? String == "2026-11-01T12:10:00Z")
    // a1: awareness (blog) → consideration → decision; c1: awareness (cpc) → … → purchase (epoch
    // seconds, +01:00 offset); c2 never reaches awareness.
    #expect(E2E.stepUnits(report) == [2, 2, 2, 1])
    let paths = (report["paths"] as? [[String: Any]] ?? []).map { $0["path"] as? [String] ?? [] }
    #expect(paths == [
      ["awareness", "consideration", "decision"], ["awareness", "consideration", "decision", "purchase"],
      ["consideration", "purchase"],
    ])
    let values = ((report["breakdowns"] as? [[String: Any]])?.first?["values"] as? [[String: Any]] ?? [])
      .map { "\($0["value"] ?? "")=\($0["units"] ?? "")" }
    #expect(values == ["facebook=1", "google=1", "(none)=1"])
    checker.validateAll()
  }

  /// CSV (RFC 4180 quotes, CRLF, newlines inside quotes) and TSV hold the events of tiny.ndjson:
  /// the reports must be the same, config echo aside.
  @Test(arguments: ["csv", "tsv"])
  func delimitedGivesTheSameReportAsNDJSON(_ format: String) throws {
    let checker = ReportChecker()
    let ndjson = try E2E.reportJSON(["-c", E2E.tinyConfig, E2E.tiny], checker: checker)
    let delimited = try E2E.reportJSON(
      ["-c", "Fixtures/e2e/tiny-\(format).yaml", "Fixtures/e2e/tiny.\(format)"], checker: checker)
    #expect(E2E.int(delimited, "events") == 18)
    #expect(E2E.int(delimited, "rejected") == 0)
    var a = E2E.comparable(ndjson, dropConfig: true) as! [String: Any]
    var b = E2E.comparable(delimited, dropConfig: true) as! [String: Any]
    // The breakdown field is `context.campaign.source` in one and `source` in the other.
    a.removeValue(forKey: "breakdowns")
    b.removeValue(forKey: "breakdowns")
    #expect(a as NSDictionary == b as NSDictionary)
    let values = { (r: [String: Any]) in
      ((r["breakdowns"] as? [[String: Any]])?.first?["values"] as? [Any]).map { $0 as NSArray }
    }
    #expect(values(ndjson) == values(delimited))
    checker.validateAll()
  }

  @Test func accessLogsAndWhitespace() throws {
    let checker = ReportChecker()
    // combined: user = client + user agent → 4 users; the 404 is excluded by the preset.
    let combined = try E2E.reportJSON(["--preset", "combined", "Fixtures/e2e/access-combined.log"], checker: checker)
    #expect(E2E.int(combined, "events") == 6)
    #expect(E2E.int(combined, "excluded") == 1)
    #expect(E2E.int(combined, "rejected") == 0)
    #expect(E2E.int(combined, "users") == 4)
    #expect(E2E.summary(combined)["first_event"] as? String == "2026-11-01T09:02:00Z")  // 10:02 +0100
    #expect(E2E.summary(combined)["last_event"] as? String == "2026-11-01T15:04:00Z")  // 10:04 -0500
    // common: no user agent → user = client → 3 users.
    let common = try E2E.reportJSON(["--preset", "common", "Fixtures/e2e/access-common.log"], checker: checker)
    #expect(E2E.int(common, "events") == 6)
    #expect(E2E.int(common, "rejected") == 0)
    #expect(E2E.int(common, "users") == 3)
    // whitespace-aligned (CDNOW shape, header, CRLF): 4 orders of 3 customers, one purchase stage.
    let orders = try E2E.reportJSON(["--preset", "cdnow", "Fixtures/e2e/orders-whitespace.txt"], checker: checker)
    #expect(E2E.int(orders, "events") == 4)
    #expect(E2E.int(orders, "rejected") == 0)
    #expect(E2E.int(orders, "users") == 3)
    #expect(E2E.stepUnits(orders) == [E2E.int(orders, "units") ?? -1])

    for (file, format) in [
      ("access-combined.log", "combined"), ("access-common.log", "common"), ("orders-whitespace.txt", "whitespace"),
      ("tiny.ndjson", "ndjson"), ("tiny.csv", "csv"), ("tiny.tsv", "tsv"),
    ] {
      let inspect = try JourneyCLI.run(["inspect", "-f", "json", "Fixtures/e2e/\(file)"])
      #expect(inspect.status == 0, "\(inspect.stderr)")
      let first = (try? JSONSerialization.jsonObject(with: inspect.stdout) as? [[String: Any]])?.first
      #expect((first?["format"] as? String)?.hasPrefix(format) == true, "\(file): \(first?["format"] ?? "nil")")
      #expect(first?["compression"] as? String == "none")
    }
    checker.validateAll()
  }

  @Test func gzipLevelsAndMembersGiveThePlainReport() throws {
    let checker = ReportChecker()
    let plain = E2E.comparable(try E2E.reportJSON(["-c", E2E.tinyConfig, E2E.tiny], checker: checker))
    for name in ["tiny-1.ndjson.gz", "tiny-9.ndjson.gz", "tiny-two-members.ndjson.gz"] {
      let report = try E2E.reportJSON(["-c", E2E.tinyConfig, "Fixtures/e2e/\(name)"], checker: checker)
      #expect(E2E.comparable(report) == plain, "\(name)")
      let inputs = E2E.summary(report)["inputs"] as? [[String: Any]]
      #expect(inputs?.first?["compression"] as? String == "gzip", "\(name)")
    }
    checker.validateAll()
  }

  @Test func folderIsReadInSortedOrder() throws {
    let checker = ReportChecker()
    let plain = E2E.comparable(try E2E.reportJSON(["-c", E2E.tinyConfig, E2E.tiny], checker: checker))
    let report = try E2E.reportJSON(["-c", E2E.tinyConfig, "Fixtures/e2e/folder"], checker: checker)
    #expect(E2E.comparable(report) == plain)
    let paths = (E2E.summary(report)["inputs"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
    #expect(paths.map { URL(fileURLWithPath: $0).pathComponents.suffix(2).joined(separator: "/") } == [
      "a-first/part.ndjson.gz", "b-later/part.ndjson", "folder/c-last.ndjson",
    ])
    checker.validateAll()
  }

  @Test func standardInputGivesTheFileReport() throws {
    let checker = ReportChecker()
    let plain = E2E.comparable(try E2E.reportJSON(["-c", E2E.tinyConfig, E2E.tiny], checker: checker))
    let bytes = try Data(contentsOf: TestPaths.repository.appendingPathComponent(E2E.tiny))
    let dash = try E2E.reportJSON(["-c", E2E.tinyConfig, "-"], stdin: bytes, checker: checker)
    #expect(E2E.comparable(dash) == plain)
    let none = try E2E.reportJSON(["-c", E2E.tinyConfig], stdin: bytes, checker: checker)
    #expect(E2E.comparable(none) == plain)
    // Gzip on standard input is sniffed too.
    let gz = try Data(contentsOf: TestPaths.repository.appendingPathComponent("Fixtures/e2e/tiny-9.ndjson.gz"))
    let zipped = try E2E.reportJSON(["-c", E2E.tinyConfig, "-"], stdin: gz, checker: checker)
    #expect(E2E.comparable(zipped) == plain)
    checker.validateAll()
  }

  @Test func emptyInputGivesAReportOfZeros() throws {
    let checker = ReportChecker()
    for arguments in [["Fixtures/e2e/empty.ndjson"], ["-"]] {
      let report = try E2E.reportJSON(["-c", E2E.tinyConfig] + arguments, stdin: Data(), checker: checker)
      for key in ["events", "rejected", "excluded", "users", "sessions", "units"] {
        #expect(E2E.int(report, key) == 0, "\(arguments) \(key)")
      }
      #expect(E2E.stepUnits(report) == [0, 0, 0, 0])
      #expect((report["paths"] as? [Any])?.isEmpty == true)
    }
    checker.validateAll()
  }

  @Test func truncatedGzipWarnsAndKeepsTheGoodEvents() throws {
    let checker = ReportChecker()
    let folder = TestPaths.temporaryDirectory("journey-e2e-truncated")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = "Fixtures/e2e/tiny-truncated.ndjson.gz"
    let size = (try Data(contentsOf: TestPaths.repository.appendingPathComponent(file))).count
    let out = folder.appendingPathComponent("report.json")
    // The cut falls inside line 6: lines 1–5 are events, the partial line is a reject.
    let result = try JourneyCLI.run(["report", "-c", E2E.tinyConfig, "--max-bad-ratio", "1", file, "-o", out.path])
    #expect(result.status == 0, "\(result.stderr)")
    let warning = result.stderr.split(separator: "\n").first { $0.contains("warning") && $0.contains("gzip") }
    #expect(warning?.hasPrefix(file) == true, "stderr: \(result.stderr)")
    #expect(warning?.contains("\(size)") == true, "the offset \(size) is named: \(result.stderr)")
    let report = try checker.add(try Data(contentsOf: out), "truncated")
    #expect(E2E.int(report, "events") == 5)
    #expect(E2E.int(report, "rejected") == 1)

    let strictOut = folder.appendingPathComponent("strict.json")
    let strict = try JourneyCLI.run(["report", "-c", E2E.tinyConfig, "--strict", file, "-o", strictOut.path])
    #expect(strict.status == 2)
    #expect(strict.stderr.contains("Error: "), "\(strict.stderr)")
    #expect(strict.stderr.contains(file))
    #expect(!FileManager.default.fileExists(atPath: strictOut.path))
    #expect(E2E.names(in: folder) == ["report.json"], "no temporary file left")
    checker.validateAll()
  }
}
