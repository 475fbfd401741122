import Foundation
import JourneyRender
import JourneyReports
import JourneyTestSupport
import Testing

@Suite struct JSONReportRendererTests {
  let report = ReportFixture.report

  @Test func roundTripsToAnEqualReport() throws {
    let text = try ReportRenderer.render(report, as: .json, options: RenderOptions())
    let decoded = try JSONDecoder().decode(JourneyReport.self, from: Data(text.utf8))
    #expect(decoded == report)
  }

  @Test func isByteIdenticalAcrossRenders() throws {
    let first = try ReportRenderer.render(report, as: .json, options: RenderOptions())
    let second = try ReportRenderer.render(ReportFixture.report, as: .json, options: RenderOptions(color: true, width: 40))
    #expect(first == second)
    #expect(first.hasSuffix("}\n"))
  }

  @Test func startsWithTheSchemaAndKeepsExactNumbers() throws {
    let text = try ReportRenderer.render(report, as: .json, options: RenderOptions())
    #expect(text.hasPrefix("{\n  \"schema\" : \"journey-report/3\",\n"))
    #expect(text.contains("\"url\"") == false)
    #expect(text.contains("/exports/2026-11-21/"))  // no escaped slashes
    var small = report
    small.funnel.steps[1].conversionFromStart = 0.1
    #expect(try ReportRenderer.render(small, as: .json, options: RenderOptions()).contains("\"conversion_from_start\" : 0.1,"))
  }

  @Test func validatesAgainstTheSchema() throws {
    try SchemaValidation.validate(reportJSON: try JSONReportRenderer.data(report))
    var bare = report
    bare.config = nil
    bare.breakdowns = []
    bare.summary.firstEvent = nil
    bare.run = JourneyReport.RunInfo(version: "0.1.0", inflater: "zlib", threads: 2, elapsedSeconds: 1.25)
    try SchemaValidation.validate(reportJSON: try JSONReportRenderer.data(bare))
  }

  @Test func schemaRejectsABrokenReport() throws {
    let text = try ReportRenderer.render(report, as: .json, options: RenderOptions())
    let broken = [
      text.replacingOccurrences(of: "\"journey-report/3\"", with: "\"journey-report/1\""),
      text.replacingOccurrences(of: "\"units\" : 12345", with: "\"units\" : \"12345\""),
      text.replacingOccurrences(of: "\"count\" : 42,", with: "\"count\" : -1,"),
      text.replacingOccurrences(of: "\"scope\" : \"session\"", with: "\"scope\" : \"visit\""),
    ]
    for json in broken {
      #expect(json != text)
      #expect(throws: SchemaValidation.Failure.self) { try SchemaValidation.validate(reportJSON: Data(json.utf8)) }
    }
    var object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    object.removeValue(forKey: "funnel")
    let missing = try JSONSerialization.data(withJSONObject: object)
    #expect(throws: SchemaValidation.Failure.self) { try SchemaValidation.validate(reportJSON: missing) }
  }
}

@Suite struct OutputFormatTests {
  @Test(arguments: [
    ("txt", OutputFormat.table), ("json", .json), (".csv", .csv), ("md", .markdown), ("markdown", .markdown),
    ("HTML", .html), ("htm", .html),
  ])
  func knowsExtensions(ext: String, format: OutputFormat) {
    #expect(OutputFormat(fileExtension: ext) == format)
  }

  @Test func rejectsUnknownExtensions() {
    #expect(OutputFormat(fileExtension: "gz") == nil)
    #expect(OutputFormat(fileExtension: "") == nil)
  }

  @Test func everyFormatRendersWithAFinalNewline() throws {
    for format in OutputFormat.allCases {
      let text = try ReportRenderer.render(ReportFixture.report, as: format, options: RenderOptions())
      #expect(text.utf8.last == UInt8(ascii: "\n"), "\(format)")
      #expect(text.count > 500, "\(format)")
    }
  }
}
