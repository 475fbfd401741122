import Foundation
import JourneyPipeline
import JourneyRender
import JourneyTestSupport
import PropertyBased
import Testing

/// No float noise in JSON or CSV (SPEC §11): `2040.0000000000002`, `-3.5400000000000005` are
/// written `2040`, `-3.54` (seconds exact to the microsecond, points to 1e-9: ReportNumber).
@Suite struct NumberNoiseTests {
  /// A decimal with a run of seven zeros or nines before its last digit: rounding noise.
  static let noise = try! NSRegularExpression(pattern: #"-?\d+\.\d*?(0{7,}|9{7,})\d+"#)

  static func noisy(_ text: String) -> [String] {
    noise.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range, in: text)!]) }
  }

  @Test func reportsOfRandomDataHaveNoNoise() async throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-noise")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = PersonaReportTests.stagesAndRules + PersonaReportTests.funnel(scope: "user") + "  window: 20m\n"
      + PersonaReportTests.personas
    let configURL = folder.appendingPathComponent("journey.yaml")
    try Data(config.utf8).write(to: configURL)
    await propertyCheck(count: 10, input: Gen.int(in: 0...Int.max)) { seed in
      let input = folder.appendingPathComponent("events.ndjson")
      try Data((PersonaReportTests.lines(seed: UInt64(seed)).lines.joined(separator: "\n") + "\n").utf8).write(to: input)
      var settings = RunSettings()
      settings.configPath = configURL.path
      settings.inputs = [input.path]
      settings.temporaryDirectory = folder.path
      let report = try ReportPipeline.run(settings).report
      let json = String(decoding: try JSONReportRenderer.data(report), as: UTF8.self)
      let csv = try ReportRenderer.render(report, as: .csv, options: RenderOptions())
      #expect(Self.noisy(json).isEmpty, "seed \(seed): \(Self.noisy(json).prefix(5))")
      #expect(Self.noisy(csv).isEmpty, "seed \(seed): \(Self.noisy(csv).prefix(5))")
    }
  }

  @Test func thePatternFindsNoise() {
    #expect(Self.noisy(#"{"a": 2040.0000000000002, "b": -3.5400000000000005, "c": 0.3333333333333333, "d": 37.1}"#)
      == ["2040.0000000000002", "-3.5400000000000005"])
  }
}
