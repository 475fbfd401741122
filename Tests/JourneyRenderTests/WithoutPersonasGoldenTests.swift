import Foundation
import JourneyRender
import JourneyReports
import JourneyTestSupport
import Testing

/// The fixture report (no personas) in every text format, against the bytes it rendered to before
/// personas were drawn (`Fixtures/expected/fixture-report.*`): adding the persona sections must not
/// move a byte of a report without them. `RECORD_GOLDENS=1 swift test` rewrites the files; review the diff.
@Suite struct WithoutPersonasGoldenTests {
  static let options = RenderOptions(width: 100, configText: ReportFixture.configText, configName: "shop.yaml")

  static let formats: [(OutputFormat, String)] = [(.table, "txt"), (.markdown, "md"), (.csv, "csv"), (.html, "html")]

  @Test(arguments: formats)
  func rendersExactlyAsBeforePersonas(format: OutputFormat, ext: String) throws {
    try expectGolden(ReportFixture.report, format, "fixture-report.\(ext)")
  }

  /// `order: any` draws the map's losses per step: the other path through the journey-map code.
  @Test(arguments: formats)
  func anyOrderRendersExactlyAsBeforePersonas(format: OutputFormat, ext: String) throws {
    try expectGolden(JourneyMapFixtures.anyOrder, format, "fixture-report-any-order.\(ext)")
  }

  func expectGolden(_ report: JourneyReport, _ format: OutputFormat, _ name: String) throws {
    #expect(report.personas == nil)
    let text = try ReportRenderer.render(report, as: format, options: Self.options)
    let golden = TestPaths.fixture("expected/\(name)")
    if ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" {
      try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: golden)
    }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    #expect(text == expected, "\(format) differs from \(golden.path)")
  }
}
