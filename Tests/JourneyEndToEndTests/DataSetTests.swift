import Foundation
import JourneyTestSupport
import Testing

/// The real data sets in ../shared/data: every record is counted exactly once (as an event or a
/// reject), and `inspect` recognises each export.
@Suite struct DataSetTests {
  struct DataSet: CustomTestStringConvertible, Sendable {
    var folder: String
    var preset: String
    var format: String
    var hasHeader: Bool
    var testDescription: String { preset }
  }

  static let dataSets: [DataSet] = [
    DataSet(folder: "apache-semicomplete-2015", preset: "combined", format: "combined", hasHeader: false),
    DataSet(folder: "nasa-aug95-head-corrupted", preset: "common", format: "common", hasHeader: false),
    DataSet(folder: "cdnow-master", preset: "cdnow", format: "whitespace", hasHeader: true),
    DataSet(folder: "diginetica-cikm2016-sample", preset: "diginetica", format: "csv", hasHeader: true),
    DataSet(folder: "otto-recsys-sample", preset: "otto", format: "ndjson", hasHeader: false),
    DataSet(folder: "rees46-oct2019-head", preset: "rees46", format: "csv", hasHeader: true),
    DataSet(folder: "trivago-recsys2019-val100k", preset: "trivago", format: "csv", hasHeader: true),
  ]

  static func file(_ dataSet: DataSet) -> URL? {
    guard let shared = TestPaths.sharedData else { return nil }
    let folder = shared.appendingPathComponent(dataSet.folder)
    let names = E2E.names(in: folder).filter { $0.hasSuffix(".gz") }
    return names.first.map { folder.appendingPathComponent($0) }
  }

  /// Records in the file counted without journey: physical lines less the header; for OTTO the
  /// elements of every line's `events` array.
  static func independentCount(_ dataSet: DataSet, _ url: URL) throws -> Int {
    let data = try E2E.gunzip(url)
    if dataSet.preset == "otto" {
      var total = 0
      for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
        let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
        total += (object?["events"] as? [Any])?.count ?? 0
      }
      return total
    }
    return E2E.physicalLines(data) - (dataSet.hasHeader ? 1 : 0)
  }

  @Test(arguments: dataSets)
  func everyRecordIsCountedOnce(_ dataSet: DataSet) throws {
    guard let url = Self.file(dataSet) else {
      print("skipped: shared data set \(dataSet.folder) not found (TestPaths.sharedData is \(TestPaths.sharedData?.path ?? "nil"))")
      return
    }
    let checker = ReportChecker()
    let expected = try Self.independentCount(dataSet, url)
    // A generous --max-bad-ratio: NASA is corrupted on purpose; the count is what is tested here.
    let report = try E2E.reportJSON(["--preset", dataSet.preset, "--max-bad-ratio", "1", "-q", url.path], checker: checker)
    let events = try #require(E2E.int(report, "events"))
    let rejected = try #require(E2E.int(report, "rejected"))
    #expect(events + rejected == expected, "\(dataSet.folder): \(events) events + \(rejected) rejected")
    #expect(events > 0)

    let inspect = try JourneyCLI.run(["inspect", "-f", "json", url.path])
    #expect(inspect.status == 0, "\(inspect.stderr)")
    let files = try #require(try JSONSerialization.jsonObject(with: inspect.stdout) as? [[String: Any]])
    let first = try #require(files.first)
    #expect(first["preset"] as? String == dataSet.preset)
    #expect((first["format"] as? String)?.hasPrefix(dataSet.format) == true, "format: \(first["format"] ?? "nil")")
    #expect(first["compression"] as? String == "gzip")
    checker.validateAll()
  }

  /// A strict Common Log Format line: host ident user [time] "request" status bytes.
  static let strictCLF = try! NSRegularExpression(
    pattern: #"^\S+ \S+ \S+ \[\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "[^"]*" \d{3} (\d+|-)$"#)

  static func matchesCLF(_ line: String) -> Bool {
    strictCLF.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
  }

  @Test func nasaRejectsNameTheBrokenLines() throws {
    guard let url = Self.file(Self.dataSets[1]) else {
      print("skipped: shared NASA data set not found")
      return
    }
    let checker = ReportChecker()
    let folder = TestPaths.temporaryDirectory("journey-e2e-nasa")
    defer { try? FileManager.default.removeItem(at: folder) }
    let rejectsFile = folder.appendingPathComponent("rejects.ndjson")
    let report = try E2E.reportJSON(
      ["--preset", "common", "--max-bad-ratio", "1", "-q", "--rejects", rejectsFile.path, url.path], checker: checker)
    let rejects = try #require(report["rejects"] as? [String: Any])
    #expect(rejects["count"] as? Int == 89)
    let samples = rejects["samples"] as? [[String: Any]] ?? []
    #expect(samples.prefix(2).map { $0["line"] as? Int } == [38, 39], "the first split record is lines 38 and 39")
    #expect(samples.allSatisfy { ($0["file"] as? String)?.hasSuffix(url.lastPathComponent) == true })

    // Every line the rejects file lists fails a strict CLF regex; every other line matches it.
    let text = String(decoding: try E2E.gunzip(url), as: UTF8.self)
    var lines = text.components(separatedBy: "\n")
    if lines.last == "" { lines.removeLast() }
    let listed = try String(contentsOf: rejectsFile, encoding: .utf8).split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    #expect(listed.count == 89)
    let listedLines = Set(listed.compactMap { $0["line"] as? Int })
    #expect(listedLines.count == 89, "line numbers are distinct")
    #expect(listedLines.contains(38) && listedLines.contains(39) && listedLines.contains(lines.count))
    for (index, line) in lines.enumerated() {
      let number = index + 1
      if listedLines.contains(number) {
        #expect(!Self.matchesCLF(line), "line \(number) is listed as rejected but is well-formed: \(line)")
      } else {
        #expect(Self.matchesCLF(line), "line \(number) is not listed as rejected but is malformed: \(line)")
      }
    }
    checker.validateAll()
  }
}
