import Foundation
import JourneyTestSupport
import Testing

/// Times for people without padding (SPEC §11): `sessions -f csv` rows and the text reports show
/// `.459Z`; the NDJSON rows and the JSON report keep `.459000Z`.
@Suite struct TimeDisplayTests {
  static let events = Data("""
    {"userId":"u1","event":"Product Viewed","timestamp":"2026-11-01T10:00:00.459Z"}
    {"userId":"u1","event":"Product Added","timestamp":"2026-11-01T10:00:05Z"}
    {"userId":"u1","event":"Order Completed","timestamp":"2026-11-01T10:00:09.000250Z"}

    """.utf8)

  @Test func csvRowsAndTextReportsDropThePaddingJSONKeepsIt() throws {
    let csv = try JourneyCLI.run(["sessions", "-c", E2E.tinyConfig, "-f", "csv", "-"], stdin: Self.events)
    #expect(csv.status == 0, "\(csv.stderr)")
    let times = csv.stdoutText.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[3] }
    #expect(times == ["2026-11-01T10:00:00.459Z", "2026-11-01T10:00:05Z", "2026-11-01T10:00:09.000250Z"])
    let ndjson = try JourneyCLI.run(["sessions", "-c", E2E.tinyConfig, "-"], stdin: Self.events)
    #expect(ndjson.stdoutText.contains("\"time\":\"2026-11-01T10:00:00.459000Z\""))
    for format in ["table", "markdown", "csv"] {
      let report = try JourneyCLI.run(["report", "-c", E2E.tinyConfig, "-f", format, "-q", "-"], stdin: Self.events)
      #expect(report.status == 0, "\(report.stderr)")
      #expect(report.stdoutText.contains("2026-11-01T10:00:00.459Z"), "\(format)")
      #expect(report.stdoutText.contains("2026-11-01T10:00:09.000250Z"), "\(format)")
      #expect(!report.stdoutText.contains("459000"), "\(format)")
    }
    let json = try JourneyCLI.run(["report", "-c", E2E.tinyConfig, "-f", "json", "-q", "-"], stdin: Self.events)
    #expect(json.stdoutText.contains("\"first_event\":\"2026-11-01T10:00:00.459000Z\"") || json.stdoutText.contains("\"first_event\" : \"2026-11-01T10:00:00.459000Z\""))
  }
}
