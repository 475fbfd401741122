import Foundation
@testable import JourneyRender
import JourneyReports
import JourneyTestSupport
import Testing

/// Personas (SPEC §9) in the table: every expected line is worked out by hand from ``PersonaFixture``.
@Suite struct PersonaTableTests {
  func table(_ report: JourneyReport = PersonaFixture.report, width: Int = 100, color: Bool = false) throws -> String {
    try ReportRenderer.render(report, as: .table, options: RenderOptions(color: color, width: width))
  }

  /// The lines from the one starting with `first` up to (not including) the next empty line.
  func block(_ text: String, from first: String) -> [String] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let start = lines.firstIndex(where: { $0.hasPrefix(first) }) else { return [] }
    return Array(lines[start...].prefix { !$0.isEmpty })
  }

  @Test func sideBySideFunnelWithTheRestMarkersAndSuppressedPValues() throws {
    let text = try table()
    #expect(text.contains("\nPersonas  (per step: units reaching it and conversion from start; below: vs the rest)\n"))
    let grid = block(text, from: "                        Paid search")
    #expect(grid.prefix(9) == [
      "                        Paid search  Researcher        (no persona)",
      "  awareness               60 100.0%   20 100.0%           80 100.0%",
      "                           0.0 pp      0.0 pp              0.0 pp",
      "  consideration           30  50.0%   15  75.0%           25  31.3%",
      "                 +10.0 pp p=0.217    +35.7 pp    -25.0 pp p=0.001 *",
      "  decision                12  20.0%    8  40.0%            4   5.0%",
      "                 +10.0 pp p=0.075    +30.0 pp    -17.5 pp p=0.001 *",
      "  purchase                 6  10.0%    4  20.0%            0   0.0%",
      "                  +8.0 pp p=0.025 *  +17.1 pp    -10.0 pp p=0.004 *",
    ])
    // The legend says when a p-value is shown and what the marker means.
    let legend = grid.dropFirst(9).joined(separator: " ")
    #expect(legend.contains("shown only with at least 30 entrants on each side"))
    #expect(legend.contains("* significant (p < 0.05)"))
  }

  @Test func usersAndTopExitPerPersona() throws {
    let rows = block(try table(), from: "  persona ")
    #expect(rows == [
      "  persona       users  lost after     lost   share  top exit",
      "  Paid search      40  awareness        30   40.0%  /pricing",
      "  Researcher       15  consideration     7   57.1%  /products/shoes",
      "  (no persona)     50  –",
    ])
  }

  @Test func overlapMatrix() throws {
    let text = try table()
    #expect(text.contains("  overlap: users in both personas; the diagonal: the persona's users\n"))
    #expect(block(text, from: "               Paid search") == [
      "               Paid search  Researcher",
      "  Paid search           40           5",
      "  Researcher             5          15",
    ])
  }

  @Test func colourOnlyBoldsTheSignificantLines() throws {
    let coloured = try table(color: true)
    #expect(coloured.contains("  \u{1B}[1m-10.0 pp p=0.004 *\u{1B}[0m\n"))
    let plain = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    #expect(plain == (try table()))
  }

  @Test(arguments: [60, 80, 100])
  func eightPersonasWrapIntoBlocksWithinTheWidth(width: Int) throws {
    let text = try table(PersonaFixture.many(8), width: width)
    for line in text.split(separator: "\n") { #expect(line.count <= width, "too wide (\(line.count)): \(line)") }
    // Nine columns (with `(no persona)`) do not fit side by side: blocks one below the other, each
    // with its own step rows. Cut in their columns the names would read the same, so they are
    // numbered, with a key.
    let section = try #require(text.components(separatedBy: "\nPersonas").last)
    let lines = section.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.filter { $0.hasPrefix("  awareness ") }.count >= 3)
    #expect(lines.contains { $0.hasPrefix("  8 Visitors from") })  // the overlap's row of persona 8
    #expect(section.contains("\n  numbered names in full:\n  1 Visitors from campaign number 1 on mobile\n"))
    #expect(section.contains("\n  9 (no persona)\n"))
  }

  @Test func dataCannotInjectEscapeCodesThroughANameOrTouchpoint() throws {
    var report = PersonaFixture.report
    report.personas![0].name = "evil\u{1B}[31m\nname"
    report.personas![0].funnel.findings!.topExitOfLargestDrop!.value = "/x\u{1B}]52;c;aGk=\u{7}"
    report.personaOverlap!.personas[0] = "evil\u{1B}[31m\nname"
    let text = try table(report)
    #expect(!text.contains("\u{1B}"))
    #expect(text.contains("evil\\x1b[31m\\nname"))
  }

  @Test func aReportWithoutPersonasHasNoPersonaSection() throws {
    #expect(!(try table(ReportFixture.report)).contains("Personas"))
  }
}

@Suite struct PersonaMarkdownTests {
  func markdown(_ report: JourneyReport = PersonaFixture.report) throws -> String {
    try ReportRenderer.render(report, as: .markdown, options: RenderOptions())
  }

  @Test func sideBySideFunnelWithBoldSignificantDifferences() throws {
    let text = try markdown()
    #expect(text.contains("\n## Personas\n"))
    #expect(text.contains("p: two-proportion z-test, shown only with at least 30 entrants on each side; \\* significant (p &lt; 0.05)."))
    #expect(text.contains("""
      | step | Paid search | Researcher | (no persona) |
      | --- | ---: | ---: | ---: |
      | awareness | 60 (100.0%) · 0.0 pp | 20 (100.0%) · 0.0 pp | 80 (100.0%) · 0.0 pp |
      | consideration | 30 (50.0%) · +10.0 pp p=0.217 | 15 (75.0%) · +35.7 pp | 25 (31.3%) · **-25.0 pp** p=0.001 \\* |
      | decision | 12 (20.0%) · +10.0 pp p=0.075 | 8 (40.0%) · +30.0 pp | 4 (5.0%) · **-17.5 pp** p=0.001 \\* |
      | purchase | 6 (10.0%) · **+8.0 pp** p=0.025 \\* | 4 (20.0%) · +17.1 pp | 0 (0.0%) · **-10.0 pp** p=0.004 \\* |

      """))
  }

  @Test func topExitsAndOverlap() throws {
    let text = try markdown()
    #expect(text.contains("""
      | persona | users | units | lost after | lost | top exit touchpoint | share |
      | --- | ---: | ---: | --- | ---: | --- | ---: |
      | Paid search | 40 | 70 | awareness | 30 | /pricing | 40.0% |
      | Researcher | 15 | 25 | consideration | 7 | /products/shoes | 57.1% |
      | (no persona) | 50 | 80 | – | – | – | – |

      """))
    #expect(text.contains("""
      | persona | Paid search | Researcher |
      | --- | ---: | ---: |
      | Paid search | 40 | 5 |
      | Researcher | 5 | 15 |

      """))
  }

  @Test func aPValueBelowOneThousandthAndNamesAreEscaped() throws {
    var report = PersonaFixture.report
    report.personas![1] = PersonaFixture.persona("A|B <i>", users: 300, units: 400, [400, 300, 100, 50], rest: [400, 100, 20, 5])
    let text = try markdown(report)
    #expect(text.contains("| step | Paid search | A\\|B &lt;i&gt; | (no persona) |"))
    #expect(text.contains("| 300 (75.0%) · **+50.0 pp** p&lt;0.001 \\* |"))
  }

  @Test func aReportWithoutPersonasHasNoPersonaSection() throws {
    #expect(!(try markdown(ReportFixture.report)).contains("Personas"))
  }
}

@Suite struct PersonaCSVTests {
  func records(_ report: JourneyReport = PersonaFixture.report) throws -> (header: [String], rows: [[String: String]]) {
    let text = try ReportRenderer.render(report, as: .csv, options: RenderOptions())
    let lines = text.components(separatedBy: "\r\n").dropLast()
    let header = lines.first!.components(separatedBy: ",")
    // The fixture's persona rows have no quoted commas in the fields read below.
    let rows = lines.dropFirst().map { line in
      Dictionary(uniqueKeysWithValues: zip(header, line.components(separatedBy: ",")).map { ($0, $1) })
    }
    return (header, rows)
  }

  @Test func personaColumnsComeAfterTheOldOnesOnlyWithPersonas() throws {
    let with = try records().header
    #expect(with == CSVReportRenderer.columns + [
      "persona", "entrants", "interval_lower", "interval_upper", "rest_units", "rest_entrants", "rest_conversion",
      "rest_interval_lower", "rest_interval_upper", "difference_points", "p_value", "significant",
    ])
    #expect(try records(ReportFixture.report).header == CSVReportRenderer.columns)
  }

  @Test func everyNumberOfVersusRest() throws {
    let rows = try records().rows.filter { $0["section"] == "persona_versus_rest" }
    #expect(rows.count == 12)
    let purchase = try #require(rows.first { $0["persona"] == "Paid search" && $0["stage"] == "purchase" })
    #expect(purchase["units"] == "6")
    #expect(purchase["entrants"] == "60")
    #expect(purchase["conversion_from_start"] == "0.1")
    #expect(purchase["rest_units"] == "2")
    #expect(purchase["rest_entrants"] == "100")
    #expect(purchase["rest_conversion"] == "0.02")
    #expect(purchase["significant"] == "true")
    // Wilson 95%: 6 of 60 → 0.046643…0.201495; 2 of 100 → 0.005502…0.070012; z-test p = 0.024589.
    for (column, value) in [
      ("interval_lower", 0.046642834), ("interval_upper", 0.201494647), ("rest_interval_lower", 0.005501968),
      ("rest_interval_upper", 0.070011791), ("difference_points", 8.0), ("p_value", 0.024588566),
    ] {
      let number = try #require(Double(purchase[column] ?? ""), "\(column)")
      #expect(abs(number - value) < 1e-8, "\(column): \(number)")
    }
    // Fewer than 30 entrants: no p-value, not significant, the difference still there.
    let researcher = try #require(rows.first { $0["persona"] == "Researcher" && $0["stage"] == "consideration" })
    #expect(researcher["p_value"] == "")
    #expect(researcher["significant"] == "false")
    #expect(researcher["difference_points"]!.hasPrefix("35.714285714"))
  }

  @Test func personaCountsOverlapAndTheirOwnReportRows() throws {
    let rows = try records().rows
    let counts = rows.filter { $0["section"] == "persona" && $0["persona"] == "Researcher" }.map { [$0["field"]!, $0["value"]!] }
    #expect(counts == [["users", "15"], ["sessions", "25"], ["units", "25"], ["units_without_stage", "5"]])
    let overlap = rows.filter { $0["section"] == "persona_overlap" }.map { [$0["persona"]!, $0["value"]!, $0["count"]!] }
    #expect(overlap == [
      ["Paid search", "Paid search", "40"], ["Paid search", "Researcher", "5"], ["Researcher", "Paid search", "5"],
      ["Researcher", "Researcher", "15"],
    ])
    // A persona's whole report: its funnel, finding and map rows carry its name; the report's own do not.
    let funnel = rows.filter { $0["section"] == "funnel" }
    #expect(funnel.filter { $0["persona"] == "" }.map { $0["units"]! } == ["12345", "8424", "3120", "1482"])
    #expect(funnel.filter { $0["persona"] == PersonaReport.nobody }.map { $0["units"]! } == ["80", "25", "4", "0"])
    let finding = try #require(rows.first { $0["section"] == "finding" && $0["persona"] == "Paid search" && $0["field"] == "top_exit_of_largest_drop" })
    #expect(finding["touchpoint"] == "/pricing")
    #expect(finding["units"] == "12")
    #expect(rows.filter { $0["section"] == "reach" && $0["persona"] == "Researcher" }.map { $0["units"]! } == ["20", "15", "8", "4"])
  }
}

@Suite struct PersonaHTMLTests {
  func html(_ report: JourneyReport = PersonaFixture.report) throws -> String {
    try ReportRenderer.render(report, as: .html, options: RenderOptions())
  }

  /// The text of the persona's card.
  func card(_ html: String, _ name: String) throws -> String {
    let start = try #require(html.range(of: "<article class=\"persona\" data-persona=\"\(name)\""))
    let end = try #require(html.range(of: "</article>", range: start.upperBound..<html.endIndex))
    return String(html[start.lowerBound..<end.upperBound])
  }

  @Test func eachPersonaHasACardWithItsOwnMap() throws {
    let html = try html()
    #expect(html.contains("<section class=\"panel\" id=\"personas\">"))
    #expect(html.components(separatedBy: "<article class=\"persona\"").count == 4)
    let paid = try card(html, "Paid search")
    #expect(paid.contains("data-users=\"40\" data-units=\"70\""))
    #expect(paid.contains("<table class=\"map compact\">"))
    #expect(paid.contains("data-stage=\"consideration\" data-reach=\"30\""))
    #expect(paid.contains("most last did <b>/pricing</b> (40.0%)"))
    #expect(try card(html, "Researcher").contains("data-stage=\"decision\" data-reach=\"8\""))
    // `(no persona)` has no map in the fixture: its card has the comparison only.
    let nobody = try card(html, "(no persona)")
    #expect(!nobody.contains("<table class=\"map"))
    #expect(nobody.contains("data-step=\"purchase\""))
  }

  @Test func significantStepsAreMarkedBeyondColour() throws {
    let paid = try card(try html(), "Paid search")
    // Significant: a class for the tint, an arrow, and a tooltip with the intervals and the p-value.
    #expect(paid.contains("<tr class=\"vs significant above\" data-step=\"purchase\" data-units=\"6\" data-entrants=\"60\" data-conversion=\"0.1\" data-rest-conversion=\"0.02\""))
    #expect(paid.contains("title=\"Paid search: 10.0% (95% CI 4.7%–20.1%), 6 of 60; the rest: 2.0% (95% CI 0.6%–7.0%), 2 of 100; difference +8.0 pp; p = 0.025 (two-proportion z-test), significant\""))
    #expect(paid.contains("<span class=\"mark\">▲ </span>+8.0 pp<div class=\"pv\">p 0.025</div>"))
    #expect(paid.contains("<tr class=\"vs\" data-step=\"consideration\""))
    let nobody = try card(try html(), "(no persona)")
    #expect(nobody.contains("<tr class=\"vs significant below\" data-step=\"consideration\""))
    #expect(nobody.contains("<span class=\"mark\">▼ </span>-25.0 pp"))
    // Fewer than 30 entrants: no p-value, no mark, and the tooltip says why.
    let researcher = try card(try html(), "Researcher")
    #expect(!researcher.contains("vs significant"))
    #expect(!researcher.contains("▲") && !researcher.contains("▼"))
    #expect(researcher.contains("data-p-value=\"\" data-significant=\"false\""))
    #expect(researcher.contains("no p-value: it needs at least 30 entrants on each side"))
  }

  @Test func overlapTable() throws {
    let html = try html()
    #expect(html.contains("<table class=\"data compact overlap\">"))
    #expect(html.contains("<td class=\"num\" data-persona=\"Paid search\" data-other=\"Researcher\" data-users=\"5\">5</td>"))
    #expect(html.contains("<td class=\"num diagonal\" data-persona=\"Researcher\" data-other=\"Researcher\" data-users=\"15\">15</td>"))
  }

  @Test func namesAreEscapedAndThePageStaysSelfContained() throws {
    var report = PersonaFixture.report
    report.personas![0].name = "<script>alert(1)</script>"
    report.personaOverlap!.personas[0] = "<script>alert(1)</script>"
    let html = try html(report)
    #expect(!html.contains("<script>alert"))
    #expect(html.contains("data-persona=\"&lt;script&gt;alert(1)&lt;/script&gt;\""))
    #expect(html.components(separatedBy: "<script").count == 2)
    #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("url("))
  }

  @Test func aReportWithoutPersonasHasNoPanelAndNoPersonaStyles() throws {
    let html = try html(ReportFixture.report)
    #expect(!html.contains("id=\"personas\""))
    #expect(!html.contains(".persona-grid"))
  }

  @Test(.enabled(if: HeadlessBrowser.isAvailable, "needs chromium"))
  func rendersInChromiumWithEveryCard() throws {
    let folder = TestPaths.temporaryDirectory("persona-html")
    defer { try? FileManager.default.removeItem(at: folder) }
    let page = folder.appendingPathComponent("report.html")
    try Data(try html().utf8).write(to: page)
    let dom = try HeadlessBrowser.dumpDOM(html: page)
    #expect(dom.components(separatedBy: "<article class=\"persona\"").count == 4)
    #expect(dom.contains("class=\"vs significant above\""))
  }
}
