import Foundation
import JourneyModel
import JourneyPipeline
import JourneyRender
import JourneyTestSupport
import Testing

/// Report numbers computed by hand on Fixtures/e2e/tiny.ndjson (18 events, 4 users), through the
/// library (`ReportPipeline.run`), rendered as the CLI's JSON.
///
/// The fixture, with stages view < cart < checkout < purchase and a 30m timeout:
///
///     u1 S1  10:00 view (google), 10:05 cart, 10:35 checkout (gap exactly 30m: same session), 10:40 purchase
///     u1 S2  12:00 view (newsletter)
///     u1 S3  12:30:01 view                 (gap 30m 1s: a new session)
///     u2 S1  10:00 view (facebook), 10:01 checkout, 10:02 cart, 10:03 purchase
///     u3 S1  10:00 help (google, no stage), 10:10 view, 10:20 cart, 10:25 view, 10:30 checkout
///     u4 S1  23:50 cart, 00:10 (next day) purchase
///     u4 S2  05:00 help                    (no stage event)
@Suite struct TinyReportTests {
  static func report(order: String? = nil, scope: String? = nil, timeout: Int64? = nil, checker: ReportChecker)
    throws -> [String: Any]
  {
    var settings = RunSettings()
    settings.inputs = [TestPaths.repository.appendingPathComponent(E2E.tiny).path]
    settings.configPath = TestPaths.repository.appendingPathComponent(E2E.tinyConfig).path
    settings.order = try order.map { try #require(FunnelOrder(rawValue: $0)) }
    settings.scope = try scope.map { try #require(FunnelScope(rawValue: $0)) }
    if let timeout { settings.timeout = timeout }
    settings.threads = 2
    let outcome = try ReportPipeline.run(settings)
    let json = try JSONReportRenderer.data(outcome.report)
    return try checker.add(json, "tiny \(order ?? "-") \(scope ?? "-")")
  }

  static func transitions(_ report: [String: Any]) -> [String: Int] {
    var result: [String: Int] = [:]
    for row in report["transitions"] as? [[String: Any]] ?? [] {
      result["\(row["from"] ?? "") > \(row["to"] ?? "")"] = row["count"] as? Int
    }
    return result
  }

  @Test func summaryAndSessions() throws {
    let checker = ReportChecker()
    let report = try Self.report(checker: checker)
    #expect(E2E.int(report, "events") == 18)
    #expect(E2E.int(report, "users") == 4)
    #expect(E2E.int(report, "sessions") == 7)
    #expect(E2E.int(report, "units") == 7)
    #expect(E2E.int(report, "units_without_stage") == 1)
    #expect(E2E.int(report, "unclassified_events") == 2)
    #expect(E2E.summary(report)["first_event"] as? String == "2026-11-01T10:00:00Z")
    #expect(E2E.summary(report)["last_event"] as? String == "2026-11-02T05:00:00Z")
    // 31m: u1's 12:00 and 12:30:01 join; the rest stays.
    let longer = try Self.report(timeout: 31 * 60 * 1_000_000, checker: checker)
    #expect(E2E.int(longer, "sessions") == 6)
    #expect(E2E.stepUnits(longer) == [4, 3, 2, 1])
    checker.validateAll()
  }

  @Test func sessionFunnelOrdered() throws {
    let checker = ReportChecker()
    let report = try Self.report(checker: checker)
    let funnel = try #require(report["funnel"] as? [String: Any])
    #expect(funnel["scope"] as? String == "session")
    #expect(funnel["order"] as? String == "ordered")
    let steps = E2E.steps(report)
    #expect(steps.map { $0["stage"] as? String } == ["view", "cart", "checkout", "purchase"])
    #expect(steps.map { $0["units"] as? Int } == [5, 3, 2, 1])
    #expect(steps.map { $0["dropped"] as? Int } == [2, 1, 1, 0])
    #expect(steps.map { $0["conversion_from_start"] as? Double } == [1, 0.6, 0.4, 0.2])
    #expect(steps.map { $0["conversion_from_previous"] as? Double } == [1, 0.6, 2.0 / 3.0, 0.5])
    // view → cart: u1 300 s, u2 120 s, u3 600 s; cart → checkout: 1800 s, 600 s; checkout → purchase: 300 s.
    #expect(steps[0]["median_seconds_from_previous"] is NSNull, "the first step has no previous step: null")
    #expect(steps[1]["median_seconds_from_previous"] as? Double == 300)
    #expect(steps[2]["median_seconds_from_previous"] as? Double == 1200)
    #expect(steps[3]["median_seconds_from_previous"] as? Double == 300)
    #expect(steps[3]["p90_seconds_from_previous"] as? Double == 300)
    let p90 = try #require(steps[1]["p90_seconds_from_previous"] as? Double)
    #expect(p90 >= 300 && p90 <= 600)
    checker.validateAll()
  }

  @Test(arguments: [
    ("strict", "session", [5, 2, 1, 1]),  // u2 has checkout between view and cart; u3 a view between cart and checkout
    ("any", "session", [6, 4, 3, 2]),  // distinct stages: u1S1 4, u2 4, u3 3, u4S1 2, u1S2 1, u1S3 1
    ("ordered", "user", [3, 3, 2, 1]),  // u4 never views
    ("strict", "user", [3, 2, 1, 1]),
    ("any", "user", [4, 4, 3, 2]),
  ])
  func funnelModes(_ order: String, _ scope: String, _ expected: [Int]) throws {
    let checker = ReportChecker()
    let report = try Self.report(order: order, scope: scope, checker: checker)
    let funnel = try #require(report["funnel"] as? [String: Any])
    #expect(funnel["order"] as? String == order)
    #expect(funnel["scope"] as? String == scope)
    #expect(E2E.stepUnits(report) == expected)
    if scope == "user" {
      #expect(E2E.int(report, "units") == 4)
      #expect(funnel["window_seconds"] as? Double == 3600)
      // The 1h windows all closed long before the data ends (05:00 next day): nothing in progress.
      #expect(E2E.steps(report).allSatisfy { $0["in_progress"] as? Int == 0 })
    }
    checker.validateAll()
  }

  @Test func transitionsAndPaths() throws {
    let checker = ReportChecker()
    let report = try Self.report(checker: checker)
    #expect(Self.transitions(report) == [
      "(start) > view": 5, "(start) > cart": 1,
      "view > cart": 2, "view > checkout": 2, "view > (exit)": 2,
      "cart > view": 1, "cart > checkout": 1, "cart > purchase": 2,
      "checkout > cart": 1, "checkout > purchase": 1, "checkout > (exit)": 1,
      "purchase > (exit)": 3,
    ])
    let cartRow = (report["transitions"] as? [[String: Any]] ?? []).filter { $0["from"] as? String == "cart" }
    #expect(cartRow.map { $0["share"] as? Double }.reduce(0) { $0 + ($1 ?? 0) } == 1)
    #expect(cartRow.first { $0["to"] as? String == "purchase" }?["share"] as? Double == 0.5)
    let paths = (report["paths"] as? [[String: Any]] ?? []).map { ($0["path"] as? [String] ?? [], $0["units"] as? Int ?? -1) }
    #expect(paths.map(\.0) == [
      ["view"],
      ["cart", "purchase"], ["view", "cart", "checkout", "purchase"], ["view", "cart", "view", "checkout"],
      ["view", "checkout", "cart", "purchase"],
    ])
    #expect(paths.map(\.1) == [2, 1, 1, 1, 1])
    checker.validateAll()
  }

  @Test func breakdownByFirstTouch() throws {
    let checker = ReportChecker()
    let report = try Self.report(checker: checker)
    let breakdown = try #require((report["breakdowns"] as? [[String: Any]])?.first)
    #expect(breakdown["field"] as? String == "context.campaign.source")
    let values = breakdown["values"] as? [[String: Any]] ?? []
    // u1S1 google, u3 google (first touch is the unstaged help event), u2 facebook, u1S2 newsletter;
    // u1S3, u4S1, u4S2 have no source.
    #expect(values.map { $0["value"] as? String } == ["google", "facebook", "newsletter", "(none)"])
    #expect(values.map { $0["units"] as? Int } == [2, 1, 1, 3])
    let funnel = { (i: Int) in (values[i]["funnel"] as? [[String: Any]] ?? []).map { $0["units"] as? Int } }
    #expect(funnel(0) == [2, 2, 2, 1])
    #expect(funnel(1) == [1, 1, 0, 0])
    #expect(funnel(2) == [1, 0, 0, 0])
    #expect(funnel(3) == [1, 0, 0, 0])
    checker.validateAll()
  }
}
