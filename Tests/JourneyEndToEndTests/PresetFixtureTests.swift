import Foundation
import JourneyPipeline
import JourneyReports
import JourneyTestSupport
import Testing

/// Every analytics-vendor preset on a small export in that vendor's shape (Fixtures/presets/):
/// detected by `inspect`, and read by `report --preset` into hand-computed numbers.
@Suite struct PresetFixtureTests {
  struct Expected: Sendable, CustomTestStringConvertible {
    var preset: String
    var events: Int
    var users: Int
    var sessions: Int
    var unclassified: Int
    var funnel: [Int]
    var testDescription: String { preset }
  }

  static let cases: [Expected] = [
    // a-1 (no userId yet) and u-1 are two users: exports carry no identity stitching.
    // a-1: awareness → consideration; u-1: decision, purchase without awareness; u-2: awareness →
    // consideration, then an identify call (no stage); a-3: awareness.
    Expected(preset: "segment", events: 8, users: 4, sessions: 4, unclassified: 1, funnel: [3, 2, 0, 0]),
    // 111.222 walks the whole e-commerce funnel in one ga_session_id; 333.444 starts a session, views
    // a page and scrolls (no stage).
    Expected(preset: "ga4", events: 8, users: 2, sessions: 2, unclassified: 1, funnel: [2, 1, 1, 1, 1]),
    // d-1 (user_id null → device_id) buys in one session; alice views the home page in one session
    // and a product in the next (session_id changes), so no session of hers passes awareness.
    Expected(preset: "amplitude", events: 6, users: 2, sessions: 3, unclassified: 0, funnel: [2, 1, 1, 1]),
    // mp-1: page → product → cart; mp-2: page → order without the steps between.
    Expected(preset: "mixpanel", events: 5, users: 2, sessions: 2, unclassified: 0, funnel: [2, 1, 1, 0]),
    // ph-1 completes the funnel in s-1; ph-2 has two sessions of one page view each
    // (09:00-02:00 is 11:00Z).
    Expected(preset: "posthog", events: 6, users: 2, sessions: 3, unclassified: 0, funnel: [3, 1, 1, 1]),
    // sp-1 views a page and a product; the cart event carries user_id member-7 (another user).
    Expected(preset: "snowplow", events: 4, users: 3, sessions: 3, unclassified: 0, funnel: [2, 1, 0, 0]),
  ]

  @Test(arguments: cases)
  func readsTheVendorExport(expected: Expected) throws {
    var settings = RunSettings()
    settings.inputs = [TestPaths.fixture("presets/\(expected.preset).ndjson").path]
    settings.preset = expected.preset
    let outcome = try ReportPipeline.run(settings)
    let summary = outcome.report.summary
    #expect(summary.events == expected.events)
    #expect(summary.rejected == 0)
    #expect(summary.users == expected.users)
    #expect(summary.sessions == expected.sessions)
    #expect(summary.unclassifiedEvents == expected.unclassified)
    #expect(outcome.report.funnel.steps.map(\.units) == expected.funnel)
    try SchemaValidation.validate(reportJSON: JSONEncoder().encode(outcome.report))
  }

  @Test(arguments: cases)
  func inspectDetectsThePreset(expected: Expected) throws {
    var settings = RunSettings()
    settings.inputs = [TestPaths.fixture("presets/\(expected.preset).ndjson").path]
    let reports = try InspectPipeline.run(settings)
    #expect(reports.first?.preset == expected.preset)
    #expect(reports.first?.format == "ndjson")
    #expect(reports.first?.events == expected.events)
  }
}
