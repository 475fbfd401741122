import Foundation
import JourneyRender
import JourneyReports
import JourneyTestSupport
import Testing

@Suite struct HTMLReportRendererTests {
  let options = RenderOptions(configText: ReportFixture.configText, configName: "shop.yaml")

  func html() throws -> String { try ReportRenderer.render(ReportFixture.report, as: .html, options: options) }

  @Test func isSelfContained() throws {
    let html = try html()
    #expect(!html.contains("http://"))
    #expect(!html.contains("https://"))
    #expect(!html.contains("<link"))
    #expect(!html.contains("@import"))
    #expect(!html.contains("url("))
    #expect(!html.contains("<script src"))
    // The only script is the embedded JSON data block.
    #expect(html.components(separatedBy: "<script").count == 2)
    #expect(html.contains("<script type=\"application/json\" id=\"report-data\">"))
    #expect(html.contains("<div class=\"chart funnel\""))
    #expect(html.contains("<svg class=\"chart sankey\""))
  }

  @Test func escapesUserText() throws {
    let html = try html()
    #expect(!html.contains("<script>alert"))
    #expect(html.contains("news&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;letter"))
    #expect(html.contains("no user &lt;script&gt;"))
    #expect(html.contains("# &lt;script&gt;alert(1)&lt;/script&gt;"))
  }

  @Test func embedsTheReportJSON() throws {
    let html = try html()
    let start = try #require(html.range(of: "<script type=\"application/json\" id=\"report-data\">"))
    let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
    let json = String(html[start.upperBound..<end.lowerBound])
    let decoded = try JSONDecoder().decode(JourneyReport.self, from: Data(json.utf8))
    #expect(decoded == ReportFixture.report)
  }

  @Test func funnelStepsCarryTheirNumbers() throws {
    let html = try html()
    for step in ReportFixture.report.funnel.steps {
      #expect(html.contains("data-stage=\"\(step.label)\" data-units=\"\(step.units)\""))
    }
    #expect(html.contains("12,345"))
    #expect(html.contains("12.0%"))  // purchase from start: 1,482 / 12,345
    #expect(html.contains("data-from=\"decision\" data-to=\"consideration\" data-count=\"300\""))
    #expect(html.contains("class=\"link back\""))
  }

  @Test func isDeterministic() throws {
    #expect(try html() == (try html()))
  }

  @Test func rendersAnEmptyReport() throws {
    let empty = JourneyReport(
      summary: JourneyReport.Summary(), funnel: JourneyReport.Funnel(scope: "user", order: "any", steps: []),
      transitions: [], entries: [], exits: [], paths: [], breakdowns: [], rejects: JourneyReport.Rejects())
    for format in OutputFormat.allCases {
      let text = try ReportRenderer.render(empty, as: format, options: RenderOptions())
      #expect(!text.isEmpty)
    }
  }
}

/// Loads the HTML page in headless chromium: the screenshot is the picture people judge the product by.
@Suite(.serialized) struct HTMLBrowserTests {
  static let output = TestPaths.repository.appendingPathComponent(".build/render-tests")

  func writePage() throws -> URL {
    try FileManager.default.createDirectory(at: Self.output, withIntermediateDirectories: true)
    let file = Self.output.appendingPathComponent("report.html")
    let options = RenderOptions(configText: ReportFixture.configText, configName: "shop.yaml")
    try OutputFile.write(try ReportRenderer.render(ReportFixture.report, as: .html, options: options), to: file.path)
    return file
  }

  @Test func rendersInChromiumWithTheFunnelNumbers() throws {
    try #require(HeadlessBrowser.isAvailable, "chromium is needed for the HTML check (apt-get install chromium)")
    let page = try writePage()
    let dom = try HeadlessBrowser.dumpDOM(html: page)
    for step in ReportFixture.report.funnel.steps {
      #expect(dom.contains("data-stage=\"\(step.label)\" data-units=\"\(step.units)\""))
    }
    #expect(dom.contains("id=\"report-data\""))
    // The hostile breakdown value stayed text: no element was made from it.
    #expect(!dom.contains("<script>alert"))
    #expect(dom.contains("news&lt;script&gt;alert"))

    let png = Self.output.appendingPathComponent("report.png")
    try HeadlessBrowser.screenshot(html: page, to: png, width: 1280, height: 4200)
    let bytes = try Data(contentsOf: png)
    #expect(bytes.count > 10_000)
    #expect(bytes.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
  }

  @Test func logsNoConsoleErrors() throws {
    try #require(HeadlessBrowser.isAvailable, "chromium is needed for the HTML check (apt-get install chromium)")
    let log = try HeadlessBrowser.consoleLog(html: try writePage())
    let console = log.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
    #expect(console.isEmpty, "\(console)")
  }
}
