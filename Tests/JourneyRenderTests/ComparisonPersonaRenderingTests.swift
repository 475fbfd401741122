import Foundation
import JourneyCompare
import JourneyRender
import JourneyReports
import JourneyTestSupport
import Testing

/// ``ComparisonReportFixture``'s two weeks with personas: `hostile` has the whole report's funnel
/// (so the drop at decision, significant), `Researcher` only the base report, `=Mobile` (a
/// formula) only the current one, and `(no persona)` an unchanged funnel.
enum PersonaComparisonFixture {
  static let hostile = "Paid <b>search</b>\u{1B}[31m"

  static func persona(_ name: String, _ report: JourneyReport, users: Int) -> PersonaReport {
    PersonaReport(
      name: name, users: users, sessions: report.summary.sessions, units: report.summary.units,
      unitsWithoutStage: report.summary.unitsWithoutStage, funnel: report.funnel, versusRest: [], transitions: [],
      entries: [], exits: [], paths: [], journeyMap: report.journeyMap, lift: nil)
  }

  static var comparison: ReportComparison {
    var base = ReportFixture.report
    var current = ComparisonReportFixture.current
    base.personas = [
      persona(hostile, base, users: 9_000), persona("Researcher", base, users: 3_000),
      persona(PersonaReport.nobody, base, users: 500),
    ]
    current.personas = [
      persona(hostile, current, users: 9_100), persona("=Mobile", current, users: 42),
      persona(PersonaReport.nobody, base, users: 500),
    ]
    return try! ReportComparer.compare(base: base, current: current, baseFile: "week-47.json", currentFile: "week-48 <new>.json")
  }
}

@Suite struct ComparisonPersonaRenderingTests {
  let comparison = PersonaComparisonFixture.comparison
  /// The same comparison without personas: what every format wrote before them.
  let plain = ComparisonReportFixture.comparison

  func render(_ format: OutputFormat, _ comparison: ReportComparison? = nil, color: Bool = false) throws -> String {
    try ComparisonRenderer.render(
      comparison ?? self.comparison, as: format, options: RenderOptions(color: color, title: "Journey comparison"))
  }

  @Test func theFixtureHasPersonasOfBothOneAndTheOtherReport() throws {
    let personas = try #require(comparison.personas)
    #expect(personas.map(\.name) == [PersonaComparisonFixture.hostile, "Researcher", "=Mobile", "(no persona)"])
    #expect(personas.map(\.presentIn) == [.both, .base, .current, .both])
    #expect(personas[0].steps[2].conversionFromStart.significant)
    #expect(personas[3].steps.allSatisfy { !$0.conversionFromStart.significant })
    #expect(plain.personas == nil)
  }

  @Test func jsonHasThePersonasMatchesItsSchemaAndReadsBack() throws {
    let json = try render(.json)
    #expect(json.contains("\"present_in\" : \"current\""))
    #expect(try JSONDecoder().decode(ReportComparison.self, from: Data(json.utf8)) == comparison)
    #expect(!(try render(.json, plain)).contains("\"personas\""))
    try SchemaValidation.validate([(label: "personas", json: Data(json.utf8))], schema: SchemaValidation.compareSchemaFile)
  }

  /// Table and Markdown add their persona sections after everything else, which stays as it was.
  @Test func tableAndMarkdownKeepTheWholeComparisonAndAddThePersonas() throws {
    for format in [OutputFormat.table, .markdown] {
      let with = try render(format)
      let without = try render(format, plain)
      #expect(with.hasPrefix(without), "\(format)")
      #expect(with.count > without.count, "\(format)")
    }
  }

  @Test func tableFitsTheWidthEscapesNamesAndStarsTheSignificantPersonaStep() throws {
    let table = try render(.table)
    let lines = table.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for line in lines { #expect(line.count <= 100, "\(line)") }
    #expect(!table.contains("\u{1B}"))
    let personas = try #require(lines.firstIndex(of: "Personas"))
    let overview = lines[(personas + 1)...].prefix(6)
    // A long name is cut in the middle to leave room for the numbers.
    #expect(overview.contains { $0.hasPrefix(#"  Paid <b>sea…b>\x1b[31m  9,000  9,100    +100  14,002"#) })
    #expect(overview.contains { $0.hasPrefix("  Researcher (base only) ") && $0.hasSuffix("–") })
    #expect(overview.contains { $0.hasPrefix("  =Mobile (current only) ") && $0.contains("+42") })
    let heading = try #require(lines.firstIndex(of: #"  Paid <b>search</b>\x1b[31m"#))
    let decision = try #require(lines[heading...].first { $0.hasPrefix("    decision ") })
    #expect(decision.contains("3,120") && decision.contains("2,800") && decision.contains("-2.6 pp  <0.001 *"))
    #expect(lines.contains("  (no persona)"))
    #expect(!lines.contains("  Researcher"), "a persona of one report has no steps")
    let colored = try render(.table, color: true)
    #expect(colored.contains("\u{1B}[1m    decision "))
  }

  @Test func markdownHasAPersonaSectionPerPersonaInBothReports() throws {
    let md = try render(.markdown)
    #expect(md.contains("\n## Personas\n"))
    #expect(md.contains("| Researcher | base only | 3,000 | 0 | -3,000 |"))
    #expect(md.contains("| =Mobile | current only | 0 | 42 | +42 |"))
    #expect(md.contains("\n### Persona: (no persona)\n"))
    #expect(!md.contains("### Persona: Researcher") && !md.contains("<b>"))
    #expect(md.contains(
      "| decision | 3,120 | 2,800 | -320 | 25.3% | 22.7% | -2.6 pp | -10.3% | **&lt;0.001** | 37.0% | 33.2% | -3.8 pp | -10.3% | **&lt;0.001** |"))
  }

  @Test func csvAddsAPersonaColumnAndRowsOnlyWithPersonas() throws {
    let lines = try render(.csv).components(separatedBy: "\r\n")
    #expect(lines[0].hasSuffix(",current_lower,current_upper,persona"))
    #expect(try render(.csv, plain).components(separatedBy: "\r\n")[0].hasSuffix(",current_lower,current_upper"))
    // The whole comparison's rows end in an empty persona cell.
    #expect(lines.contains("funnel,2,decision,units,,3120,2800,-320,,-0.10256410256410256,,,,,,,"))
    #expect(lines.contains("persona,,,present_in,,true,false,,,,,,,,,,Researcher"))
    #expect(lines.contains("persona,,,users,,0,42,42,,,,,,,,,'=Mobile"))
    #expect(lines.contains("funnel,2,decision,units,,3120,2800,-320,,-0.10256410256410256,,,,,,,Paid <b>search</b>\u{1B}[31m"))
    #expect(!lines.contains { $0.hasPrefix("funnel,") && $0.hasSuffix(",Researcher") }, "no steps for a one-sided persona")
    #expect(lines.contains("time_to_convert,,,median_seconds,,43200,43200,0,,0,,,,,,,(no persona)"))
  }

  @Test func htmlHasThePersonasSectionEscapedWithTheSignificantStepMarked() throws {
    let html = try render(.html)
    #expect(html.contains("<section class=\"panel\" id=\"personas\">"))
    #expect(!html.contains("<b>search") && html.contains("Paid &lt;b&gt;search&lt;/b&gt;"))
    #expect(html.contains("<tr data-persona=\"=Mobile\" data-present-in=\"current\" data-base-users=\"0\" data-current-users=\"42\">"))
    #expect(html.contains(
      "<tr class=\"step significant\" data-persona=\"Paid &lt;b&gt;search&lt;/b&gt;[31m\" data-step=\"decision\" data-index=\"2\""))
    #expect(html.contains("<tr class=\"step\" data-persona=\"(no persona)\" data-step=\"decision\""))
    #expect(!(try render(.html, plain)).contains("id=\"personas\""))
    let start = try #require(html.range(of: "<script type=\"application/json\" id=\"comparison-data\">\n"))
    let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
    #expect(try JSONDecoder().decode(ReportComparison.self, from: Data(html[start.upperBound..<end.lowerBound].utf8)) == comparison)
  }
}
