import Foundation
import JourneyTestSupport
import Testing

/// The journey map's headline, findings and time to convert as the CLI prints them, on
/// Fixtures/e2e/tiny.ndjson (see ``TinyReportTests`` for the sessions), worked out by hand:
///
///     reached: view 5, cart 3, checkout 2, purchase 1 of 7 sessions; 3 sessions have a purchase event
///     view → cart: 300 s (u1 S1), 120 s (u2 S1), 600 s (u3 S1): p25 210, median 300, p75 450, p90 540, max 600
///     cart → checkout: 1,800 s (u1 S1), 600 s (u3 S1); checkout → purchase: 300 s; whole funnel: 2,400 s (u1 S1)
@Suite struct JourneyMapOutputTests {
  func run(_ format: String, _ extra: [String] = []) throws -> String {
    let result = try JourneyCLI.run(["report", "-c", E2E.tinyConfig, E2E.tiny, "-f", format, "-q"] + extra)
    #expect(result.status == 0, "\(result.stderr)")
    return String(decoding: result.stdout, as: UTF8.self)
  }

  static func squeezed(_ line: Substring) -> String {
    line.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
  }

  @Test func tableNamesTheHeadlineKindAndTheFindings() throws {
    let text = try run("table")
    #expect(text.contains("\n  closed funnel: 1 of 5 entrants completed purchase; 3 of 7 sessions reached purchase\n"))
    #expect(text.contains("\n  • The largest drop is before cart: 2 of 5 sessions (40.0%) that reached view did not reach cart.\n"))
    #expect(text.contains("\n  • The lowest conversion is to purchase: 50.0% of the sessions that reached checkout (1 of 2).\n"))
    let rows = text.split(separator: "\n").map(Self.squeezed)
    #expect(rows.contains("view → cart 3 3m 30s 5m 00s 7m 30s 9m 00s 10m 00s"))
    #expect(rows.contains("cart → checkout 2 15m 00s 20m 00s 25m 00s 28m 00s 30m 00s"))
    #expect(rows.contains("whole funnel: view → purchase 1 40m 00s 40m 00s 40m 00s 40m 00s 40m 00s"))
    #expect(rows.contains("30 m–1 h 1 100.0% " + String(repeating: "█", count: 40)))
  }

  @Test func markdownAndHTMLNameTheKind() throws {
    let markdown = try run("markdown")
    #expect(markdown.contains("\n**closed funnel: 1 of 5 entrants completed purchase; 3 of 7 sessions reached purchase**\n"))
    #expect(markdown.contains("| view → cart | 3 | 3m 30s | 5m 00s | 7m 30s | 9m 00s | 10m 00s |"))
    #expect(markdown.contains("| 30 m–1 h | 1 | 100.0% |"))
    let html = try run("html")
    #expect(html.contains("<p class=\"headline\" data-kind=\"closed\">closed funnel: 1 of 5 entrants completed purchase;"))
    #expect(html.contains("<li>The largest drop is before cart: 2 of 5 sessions (40.0%) that reached view did not reach cart.</li>"))
    #expect(html.contains("<g class=\"bin\" data-bin=\"30 m–1 h\" data-count=\"1\">"))
    #expect(html.contains("data-step=\"view → cart\" data-count=\"3\" data-median-seconds=\"300\""))
  }

  @Test func csvCarriesTheKindTimesAndFindings() throws {
    let text = try run("csv")
    let lines = text.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    let header = lines[0]
    let rows = lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    let summary = rows.filter { $0["section"] == "summary" }
    #expect(summary.contains { $0["field"] == "funnel_kind" && $0["value"] == "closed" })
    #expect(summary.contains { $0["field"] == "entrants" && $0["value"] == "5" })
    let cart = rows.filter { $0["section"] == "time_to_convert" && $0["stage"] == "cart" && $0["field"] == "" }
    #expect(cart.map { $0["seconds"]! } == ["120", "210", "300", "450", "540", "570", "594", "600", "340"])
    let whole = rows.filter { $0["section"] == "time_to_convert_bin" && $0["stage"] == "(whole funnel)" && $0["field"] == "" }
    #expect(whole.map { $0["count"]! } == ["0", "0", "0", "0", "0", "0", "1", "0", "0", "0", "0"])
    let findings = rows.filter { $0["section"] == "finding" }
    #expect(findings.first?["field"] == "largest_drop" && findings.first?["stage"] == "cart" && findings.first?["value"] == "2")
  }

  @Test func orderAnyLabelsStepsByWhatTheyCount() throws {
    let text = try run("table", ["--order", "any"])
    // ≥ 1 stage: 6 sessions (all but u4 S2), ≥ 2: 4, ≥ 3: 3 (u1 S1, u2 S1, u3 S1), ≥ 4: 2.
    let rows = text.split(separator: "\n").map(Self.squeezed)
    #expect(rows.contains { $0.hasPrefix("≥ 1 stage 6 100.0%") })
    #expect(rows.contains { $0.hasPrefix("≥ 4 stages 2 33.3%") })
    #expect(text.contains("closed funnel: 2 of 6 entrants completed ≥ 4 stages; 3 of 7 sessions reached purchase"))
    let markdown = try run("markdown", ["--order", "any"])
    #expect(markdown.contains("| ≥ 2 stages | 4 | 66.7% | 66.7% |"))
  }
}
