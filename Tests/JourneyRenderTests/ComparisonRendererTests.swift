import Foundation
import JourneyCompare
import JourneyRender
import JourneyReports
import JourneyTestSupport
import Testing

/// ``ReportFixture``'s report against a week in which decision fell from 3,120 to 2,800 sessions
/// (25.3% → 22.7% from start, p < 0.001) and the units lost after awareness ended more often on a
/// hostile and a formula touchpoint.
enum ComparisonReportFixture {
  static var current: JourneyReport {
    var report = ReportFixture.report
    let steps = report.funnel.steps
    report.funnel.steps[2].units = 2_800
    report.funnel.steps[2].conversionFromStart = ReportFixture.ratio(2_800, steps[0].units)
    report.funnel.steps[2].conversionFromPrevious = ReportFixture.ratio(2_800, steps[1].units)
    report.funnel.steps[3].conversionFromPrevious = ReportFixture.ratio(steps[3].units, 2_800)
    report.funnel.steps[1].dropped = steps[1].units - 2_800
    report.funnel.steps[2].medianSecondsFromPrevious = 2_400
    report.summary.events = 1_100_000
    report.journeyMap!.stages[2].reach = 3_200
    report.journeyMap!.stages[0].exits!.exit += [
      ReportFixture.share(ReportFixture.hostileTouchpoint, 300, of: 3_921),
      ReportFixture.share(ReportFixture.formulaTouchpoint, 200, of: 3_921),
    ]
    return report
  }

  static var comparison: ReportComparison {
    try! ReportComparer.compare(
      base: ReportFixture.report, current: current, baseFile: "week-47.json", currentFile: "week-48 <new>.json")
  }
}

@Suite struct ComparisonRendererTests {
  let comparison = ComparisonReportFixture.comparison

  func render(_ format: OutputFormat, color: Bool = false) throws -> String {
    try ComparisonRenderer.render(comparison, as: format, options: RenderOptions(color: color, title: "Journey comparison"))
  }

  @Test func theFixtureHasASignificantDropAtDecision() {
    let decision = comparison.steps[2]
    #expect(decision.conversionFromStart.significant)
    #expect(decision.conversionFromStart.pValue! < 0.001)
    #expect(!comparison.steps[1].conversionFromStart.significant)
    #expect(comparison.steps[0].exitsGrown.map(\.value) == [ReportFixture.hostileTouchpoint, ReportFixture.formulaTouchpoint])
  }

  @Test func jsonMatchesItsSchemaAndReadsBackWhole() throws {
    let json = try render(.json)
    #expect(json.hasPrefix("{\n  \"schema\" : \"journey-compare/1\",\n"))
    #expect(json.hasSuffix("}\n"))
    // Undefined values are written as null, not left out.
    #expect(json.contains("\"p_value\" : null"))
    #expect(try JSONDecoder().decode(ReportComparison.self, from: Data(json.utf8)) == comparison)
    let same = try ComparisonRenderer.render(
      try ReportComparer.compare(
        base: ReportFixture.report, current: ReportFixture.report, baseFile: "a.json", currentFile: "b.json"),
      as: .json)
    try SchemaValidation.validate(
      [(label: "fixture", json: Data(json.utf8)), (label: "self", json: Data(same.utf8))],
      schema: SchemaValidation.compareSchemaFile)
  }

  @Test func csvHasOneRowPerNumberWithTheTestOnConversions() throws {
    let csv = try render(.csv)
    let lines = csv.components(separatedBy: "\r\n")
    #expect(lines[0] == "section,index,stage,metric,touchpoint,base,current,change,change_points,relative_change,p_value,significant,base_lower,base_upper,current_lower,current_upper")
    #expect(lines.last == "")
    let decision = try #require(lines.first { $0.hasPrefix("funnel,2,decision,conversion_from_start,") })
    let cells = decision.components(separatedBy: ",")
    #expect(cells[5] == String(3_120.0 / 12_345))
    #expect(cells[6] == String(2_800.0 / 12_345))
    #expect(Double(cells[10])! < 0.001 && cells[11] == "true")
    #expect(Double(cells[12])! < 3_120.0 / 12_345 && Double(cells[13])! > 3_120.0 / 12_345)
    #expect(lines.contains("funnel,2,decision,units,,3120,2800,-320,,-0.10256410256410256,,,,,,"))
    #expect(lines.contains("input,,,file,,week-47.json,week-48 <new>.json,,,,,,,,,"))
    // The formula touchpoint is defused, the hostile one is quoted as text.
    #expect(lines.contains("exit_grown,0,awareness,units,'=SUM(A1:A9),0,200,200,,,,,,,,"))
    #expect(lines.contains("exit_grown,0,awareness,units,<img src=x onerror=alert(1)>,0,300,300,,,,,,,,"))
    #expect(lines.contains("time_to_convert,,,median_seconds,,43200,43200,0,,0,,,,,,"))
    #expect(lines.contains("reach,,decision,reach,,3500,3200,-300,,-0.08571428571428572,,,,,,"))
  }

  @Test func markdownShowsEachSectionWithSignificantPValuesInBold() throws {
    let md = try render(.markdown)
    for heading in [
      "## Funnel: conversion from start", "## Conversion from the previous step", "## Median time from the previous step",
      "## Reach per stage", "## Exit touchpoints that grew", "## Summary",
    ] {
      #expect(md.contains("\n\(heading)\n"), "\(heading)")
    }
    #expect(md.contains("| decision | 3,120 | 2,800 | -320 | 25.3% | 22.7% | -2.6 pp | -10.3% | **&lt;0.001** |"))
    #expect(md.contains("| consideration | 8,424 | 8,424 | 0 | 68.2% | 68.2% | 0.0 pp | 0.0% | 1.000 |"))
    #expect(md.contains("| decision | 30m 31s | 40m 00s | +9m 30s |"))
    #expect(md.contains("| awareness | &lt;img src=x onerror=alert(1)&gt; | 0 | 300 | +300 |"))
    #expect(md.contains("Base: `week-47.json`"))
    #expect(!md.contains("<img"))
  }

  @Test func tableFitsTheWidthAndStarsSignificantChanges() throws {
    let table = try render(.table)
    for line in table.split(separator: "\n") {
      #expect(line.count <= 100, "\(line)")
    }
    #expect(!table.contains("\u{1B}"))
    let decision = try #require(table.split(separator: "\n").first { $0.hasPrefix("  decision ") })
    #expect(decision.hasSuffix("<0.001 *"))
    #expect(decision.contains("3,120") && decision.contains("2,800") && decision.contains("-2.6 pp"))
    #expect(table.contains("  after awareness (dropped 3,921 → 3,921)"))
    #expect(table.contains("base     week-47.json  2026-11-01T00:00:03Z – 2026-11-21T23:59:58.250Z"))
    let colored = try render(.table, color: true)
    #expect(colored.contains("\u{1B}[1m  decision "))
  }

  @Test func htmlIsSelfContainedEscapedAndMarksTheSignificantStep() throws {
    let html = try render(.html)
    #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<link"))
    #expect(html.components(separatedBy: "<script").count == 2)
    #expect(!html.contains("<img src=x"))
    #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
    #expect(html.contains("week-48 &lt;new&gt;.json"))
    #expect(html.contains(
      "<tr class=\"step significant\" data-step=\"decision\" data-index=\"2\" data-base-units=\"3120\" data-current-units=\"2800\""))
    #expect(html.contains("<tr class=\"step\" data-step=\"consideration\" data-index=\"1\""))
    #expect(html.contains("<span class=\"delta bad\">▼ -2.6 pp</span>"))
    #expect(html.contains("class=\"badge\""))
    let start = try #require(html.range(of: "<script type=\"application/json\" id=\"comparison-data\">\n"))
    let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
    let decoded = try JSONDecoder().decode(ReportComparison.self, from: Data(html[start.upperBound..<end.lowerBound].utf8))
    #expect(decoded == comparison)
  }

  @Test func everyFormatIsDeterministicAndEndsWithANewline() throws {
    for format in OutputFormat.allCases {
      let text = try render(format)
      #expect(text == (try render(format)), "\(format)")
      #expect(text.utf8.last == UInt8(ascii: "\n"), "\(format)")
    }
  }
}

/// The comparison page in headless chromium, at a laptop's and a phone's width.
@Suite(.serialized) struct ComparisonBrowserTests {
  @Test func rendersInChromiumWithTheStepsAndTheirChanges() throws {
    try #require(HeadlessBrowser.isAvailable, "chromium is needed for the HTML check (apt-get install chromium)")
    try FileManager.default.createDirectory(at: HTMLBrowserTests.output, withIntermediateDirectories: true)
    let page = HTMLBrowserTests.output.appendingPathComponent("compare.html")
    try OutputFile.write(try ComparisonRenderer.render(ComparisonReportFixture.comparison, as: .html), to: page.path)
    let dom = try HeadlessBrowser.dumpDOM(html: page)
    for step in ComparisonReportFixture.comparison.steps {
      #expect(dom.contains("data-step=\"\(step.label)\""))
    }
    #expect(dom.contains("data-significant=\"true\""))
    #expect(!dom.contains("<img src=x"))
    for width in [1280, 390] {
      let png = HTMLBrowserTests.output.appendingPathComponent("compare-\(width).png")
      try HeadlessBrowser.screenshot(html: page, to: png, width: width, height: 2400)
      let bytes = try Data(contentsOf: png)
      #expect(bytes.count > 10_000)
    }
    let log = try HeadlessBrowser.consoleLog(html: page)
    #expect(log.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }.isEmpty)
  }
}
