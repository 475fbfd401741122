import Foundation
@testable import JourneyRender
import JourneyReports
import JourneyTestSupport
import Testing

/// The journey map (SPEC §8) in every format, on ``ReportFixture``'s hand-built map: each number
/// below is worked out from the fixture by hand.
enum JourneyMapFixtures {
  /// The fixture with `order: any`: steps count stages reached, their `stage` is nil.
  static var anyOrder: JourneyReport {
    var report = ReportFixture.report
    report.funnel.order = "any"
    let labels = ["≥ 1 stage", "≥ 2 stages", "≥ 3 stages", "≥ 4 stages"]
    for index in report.funnel.steps.indices {
      report.funnel.steps[index].stage = nil
      report.funnel.steps[index].label = labels[index]
    }
    for index in report.journeyMap!.stages.indices where report.journeyMap!.stages[index].exits != nil {
      report.journeyMap!.stages[index].exits!.step = labels[index]
    }
    for value in report.breakdowns[0].values.indices {
      for step in report.breakdowns[0].values[value].funnel.indices {
        report.breakdowns[0].values[value].funnel[step].stage = nil
        report.breakdowns[0].values[value].funnel[step].label = labels[step]
      }
    }
    report.funnel.headline = "closed funnel: 1,482 of 12,345 entrants completed ≥ 4 stages; 1,600 of 14,002 sessions reached purchase"
    return report
  }

  /// The fixture with five stages (a fifth, `loyalty`, reached by 700 sessions).
  static var fiveStages: JourneyReport {
    var report = ReportFixture.report
    var map = report.journeyMap!
    map.stages[3].exits = JourneyMap.Exits(
      step: "purchase", dropped: 782, next: [ReportFixture.share("(exit)", 782, of: 782)],
      exit: [ReportFixture.share("/checkout/done", 782, of: 782)])
    map.stages.append(
      JourneyMap.Stage(
        stage: "loyalty", reach: 700, share: ReportFixture.ratio(700, 14_002),
        timeInStage: JourneyMap.TimeSummary(count: 700, medianSeconds: 86_400, p90Seconds: 600_000),
        touchpoints: JourneyMap.Touchpoints(events: 900, distinct: 1, values: [
          ReportFixture.tp("/account/orders/history/2026", 900, 700, of: 700)
        ]),
        exits: nil))
    report.journeyMap = map
    report.entries.append(JourneyReport.StageShare(stage: "loyalty", units: 0, share: 0))
    report.funnel.steps.append(
      JourneyReport.Step(stage: "loyalty", units: 700, conversionFromStart: ReportFixture.ratio(700, 12_345),
        conversionFromPrevious: ReportFixture.ratio(700, 1_482), dropped: 0))
    report.funnel.steps[3].dropped = 782
    return report
  }

  static func lines(_ text: String) -> [Substring] { text.split(separator: "\n", omittingEmptySubsequences: false) }
}

@Suite struct TableJourneyMapTests {
  func table(_ report: JourneyReport = ReportFixture.report, width: Int = 100) throws -> String {
    try ReportRenderer.render(report, as: .table, options: RenderOptions(color: false, width: width))
  }

  @Test func headlineAndFindingsComeFirst() throws {
    let text = try table()
    let lines = JourneyMapFixtures.lines(text)
    // The headline (101 characters) is wrapped at a space under the title, the funnel's kind and
    // the time range.
    #expect(lines[3] == "  closed funnel: 1,482 of 12,345 entrants completed purchase; 1,600 of 14,002 sessions reached")
    #expect(lines[4] == "  purchase")
    let findings = try #require(text.range(of: "\nFindings\n"))
    let funnel = try #require(text.range(of: "\nFunnel\n"))
    #expect(findings.lowerBound < funnel.lowerBound)
    #expect(text.contains("  • The largest drop is before decision: 5,304 of 8,424 sessions (63.0%) that reached"))
    #expect(text.contains("  • The slowest step is decision → purchase: median 2 d."))
  }

  @Test func mapHasStagesAsColumnsWithReachTouchpointsTimeAndLoss() throws {
    let text = try table()
    let lines = JourneyMapFixtures.lines(text)
    // 100 columns, 4 stages: 85 columns after the labels → 4 columns of 19; a touchpoint keeps 12
    // characters (cut in the middle), then its share of the stage's reach.
    let header = try #require(lines.firstIndex { $0.hasPrefix("                 awareness") })
    #expect(lines[header] == "                 awareness            consideration        decision             purchase")
    #expect(lines[header + 1] == "  reach          12,500 89.3%         9,000 64.3%          3,500 25.0%          1,600 11.4%")
    #expect(lines[header + 2] == "  touchpoints    /             80.0%  /produ…shoes  88.9%  /cart        100.0%  /check…/done 100.0%")
    #expect(lines[header + 3] == "                 /blog/…-2026  24.0%  =SUM(A1:A9)   11.1%")
    #expect(text.contains("  time in stage  median 45s           median 2m 00s        median 5m 00s        median –"))
    #expect(text.contains("  dropped        3,921 dropped        5,304 dropped        1,638 dropped        –"))
    #expect(text.contains("  next           (exit)        76.5%  (exit)        94.3%  (exit)       100.0%"))
    #expect(text.contains("  exit           /             63.8%  /produ…shoes 100.0%  /cart         61.1%"))
    // (no stage): 200,000 events of /account by 800 units.
    #expect(text.contains("  (no stage): 210,334 events, 2 distinct touchpoints"))
    #expect(text.contains("200,000"))
    #expect(!text.contains("<img src"))
  }

  @Test func timeToConvertAndHistogram() throws {
    let text = try table()
    // p25 120 s, median 43,200 s, p75 172,800 s, p90 259,200 s, max 600,000 s.
    let row = try #require(JourneyMapFixtures.lines(text).first { $0.contains("whole funnel: awareness → purchase") })
    #expect(row.hasSuffix("1,482   2m 00s  12h 00m    2d 0h    3d 0h   6d 22h"))
    #expect(text.contains("\n  1–5 m         741   50.0%  ████████████████████████████████████████\n"))  // 741 of 1,482
    #expect(text.contains("\n  0–10 s          0    0.0%\n"))
    #expect(text.contains("\n  > 7 d           0    0.0%\n"))
  }

  @Test func liftAboveAndBelowOne() throws {
    let text = try table()
    // (601 · 10,826) / (883 · 39) = 188.937…; (3 · 10,562) / (1,481 · 303) = 0.0706…
    let above = try #require(JourneyMapFixtures.lines(text).first { $0.contains("/checkout/payment") && $0.contains("188.94") })
    #expect(above.hasSuffix("  188.94        600       38"))
    let below = try #require(JourneyMapFixtures.lines(text).first { $0.contains("/help") && $0.contains("0.07") })
    #expect(below.hasSuffix("    0.07          2      302"))
  }

  @Test func breakdownValuesShowTheirReach() throws {
    let rows = JourneyMapFixtures.lines(try table()).map { $0.split(separator: " ").joined(separator: " ") }
    // google's own map: awareness reached by its 2 units; whole-funnel median 20 s.
    #expect(rows.contains("awareness consideration decision purchase to convert"))
    #expect(rows.contains("google 2 – – – 20s"))
    #expect(rows.contains("(none) – – – – –"))
  }

  @Test func fiveStagesFitInOneHundredColumns() throws {
    let text = try table(JourneyMapFixtures.fiveStages)
    for line in text.split(separator: "\n") { #expect(line.count <= 100, "too wide (\(line.count)): \(line)") }
    // 85 columns / 5 stages: columns of 15, touchpoints cut to 10 characters, shares in whole percent.
    #expect(text.contains("\n                 awareness        consideration    decision         purchase         loyalty\n"))
    #expect(text.contains("\n  touchpoints    /           80%  /prod…hoes  89%  /cart      100%  /chec…done 100%  /acco…2026 100%\n"))
    #expect(text.contains("\n                 <img …(1)>   4%\n"))  // 500 of 12,500; 5 characters kept before the cut, 4 after
    #expect(text.contains("\n                 /pricing    23%  /help        6%\n"))  // 921 / 3,921 and 304 / 5,304
  }

  @Test(arguments: [60, 80])
  func manyStagesWrapIntoBlocks(width: Int) throws {
    let text = try table(JourneyMapFixtures.fiveStages, width: width)
    for line in text.split(separator: "\n") { #expect(line.count <= width, "\(line)") }
    let reachRows = JourneyMapFixtures.lines(text).filter { $0.hasPrefix("  reach          ") }
    // 60: 45 columns → 2 stages a block, 3 blocks; 80: 65 → 3, 2 blocks.
    #expect(reachRows.count == (width == 60 ? 3 : 2))
  }

  @Test func orderAnyLabelsStepsByWhatTheyCount() throws {
    let text = try table(JourneyMapFixtures.anyOrder)
    #expect(text.contains("\nFunnel\n  ≥ 1 stage   12,345  100.0%  "))
    #expect(text.contains("\n  ≥ 2 stages   8,424   68.2%  "))
    // The stage columns keep stage names; the loss is per step, in its own block.
    #expect(text.contains("  where attention is lost, per funnel step:"))
    // Three step columns in 85: 26 each, so touchpoints keep 19 characters.
    #expect(text.contains("\n                 ≥ 1 stage                   ≥ 2 stages                  ≥ 3 stages\n"))
    #expect(text.contains("\n                 /blog/a-v…hoes-2026  36.2%                              /checkout/payment    38.9%\n"))
    #expect(text.contains("  whole funnel: ≥ 1 stage → ≥ 4 stages"))
  }
}

@Suite struct MarkdownJourneyMapTests {
  func markdown(_ report: JourneyReport = ReportFixture.report) throws -> String {
    try ReportRenderer.render(report, as: .markdown, options: RenderOptions())
  }

  @Test func headlineFindingsAndMap() throws {
    let text = try markdown()
    #expect(text.contains("\n**closed funnel: 1,482 of 12,345 entrants completed purchase; 1,600 of 14,002 sessions reached purchase**\n"))
    #expect(text.contains("## Findings\n\n- The largest drop is before decision: 5,304 of 8,424 sessions (63.0%)"))
    #expect(text.range(of: "## Findings")!.lowerBound < text.range(of: "## Funnel")!.lowerBound)
    #expect(text.contains("| | awareness | consideration | decision | purchase |") || text.contains("|  | awareness | consideration | decision | purchase |"))
    #expect(text.contains("| reach | 12,500 (89.3%) | 9,000 (64.3%) | 3,500 (25.0%) | 1,600 (11.4%) |"))
    #expect(text.contains("| touchpoints | / — 10,000 (80.0%) | /products/shoes — 8,000 (88.9%) | /cart — 3,500 (100.0%) | /checkout/done — 1,600 (100.0%) |"))
    #expect(text.contains("| &lt;img src=x onerror=alert(1)&gt; — 500 (4.0%) |"))
    #expect(text.contains("| time in stage (median) | 45s | 2m 00s | 5m 00s | – |"))
    #expect(text.contains("| dropped | 3,921 | 5,304 | 1,638 | – |"))
    #expect(text.contains("| next touchpoint | (exit) — 3,000 (76.5%) | (exit) — 5,000 (94.3%) | (exit) — 1,638 (100.0%) |  |"))
    #expect(text.contains("| exit touchpoint | / — 2,500 (63.8%) | /products/shoes — 5,304 (100.0%) | /cart — 1,000 (61.1%) |  |"))
    #expect(text.contains("| /account | 200,000 | 800 | 48.3% |"))  // 800 / 1,657
    #expect(!text.contains("<img"))
  }

  @Test func timeToConvertHistogramAndLift() throws {
    let text = try markdown()
    #expect(text.contains("| whole funnel: awareness → purchase | 1,482 | 2m 00s | 12h 00m | 2d 0h | 3d 0h | 6d 22h |"))
    #expect(text.contains("| awareness → consideration | 1 | 4m 12s | 4m 12s | 4m 12s | 4m 12s | 4m 12s |"))
    #expect(text.contains("| 1–5 m | 741 | 50.0% |"))
    #expect(text.contains("| 1–7 d | 741 | 50.0% |"))
    #expect(text.contains("| converting | /checkout/payment | 188.94 | 600 | 38 |"))
    #expect(text.contains("| not converting | /help | 0.07 | 2 | 302 |"))
    #expect(text.contains("1,482 units converted, 10,863 did not."))
  }

  @Test func breakdownValuesShowTheirReach() throws {
    let text = try markdown()
    // google's own map: awareness reached by both of its 2 units; whole-funnel median 20 s.
    #expect(text.contains("| value | awareness | consideration | decision | purchase | median time to convert |"))
    #expect(text.contains("| google | 2 (100.0%) | – | – | – | 20s |"))
    #expect(text.contains("| (none) | – | – | – | – | – |"))
  }

  @Test func orderAnyHasNoStageNamesOnSteps() throws {
    let text = try markdown(JourneyMapFixtures.anyOrder)
    #expect(text.contains("| ≥ 1 stage | 12,345 | 100.0% |"))
    #expect(text.contains("| step | ≥ 1 stage | ≥ 2 stages | ≥ 3 stages |"))
    #expect(!text.contains("| awareness | 12,345 |"))
  }
}

@Suite struct CSVJourneyMapTests {
  func records(_ report: JourneyReport = ReportFixture.report) throws -> (header: [String], rows: [[String: String]]) {
    let text = try ReportRenderer.render(report, as: .csv, options: RenderOptions())
    let records = CSVReportRendererTests.parse(text)
    let header = records[0]
    for record in records { #expect(record.count == header.count, "\(record)") }
    return (header, records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) })
  }

  @Test func newColumnsComeAfterTheOldOnes() throws {
    let header = try records().header
    #expect(Array(header.prefix(19)) == [
      "section", "field", "value", "stage", "from", "to", "path", "units", "count", "share", "conversion_from_start",
      "conversion_from_previous", "dropped", "in_progress", "median_seconds_from_previous", "p90_seconds_from_previous",
      "file", "line", "reason",
    ])
    #expect(Array(header.dropFirst(19)) == [
      "touchpoint", "events", "statistic", "seconds", "from_seconds", "to_seconds", "successes", "failures", "odds_ratio", "text",
    ])
  }

  @Test func reachTouchpointsAndLoss() throws {
    let rows = try records().rows
    let whole = rows.filter { $0["field"] == "" }
    let reach = try #require(whole.first { $0["section"] == "reach" && $0["stage"] == "consideration" })
    #expect(reach["units"] == "9000")
    #expect(Double(reach["share"]!) == 9_000.0 / 14_002.0)
    let long = try #require(whole.first { $0["section"] == "touchpoint" && $0["touchpoint"] == ReportFixture.longTouchpoint })
    #expect(long["stage"] == "awareness" && long["events"] == "8000" && long["units"] == "3000" && long["share"] == "0.24")
    // A touchpoint a spreadsheet would run as a formula gets a leading quote.
    #expect(whole.contains { $0["section"] == "touchpoint" && $0["touchpoint"] == "'" + ReportFixture.formulaTouchpoint })
    #expect(whole.contains { $0["section"] == "touchpoint" && $0["stage"] == "(no stage)" && $0["touchpoint"] == "/account" && $0["events"] == "200000" })
    let next = try #require(whole.first { $0["section"] == "next_touchpoint" && $0["touchpoint"] == "/help" })
    #expect(next["stage"] == "consideration" && next["units"] == "304" && next["dropped"] == "5304")
    #expect(Double(next["share"]!) == 304.0 / 5_304.0)
    let exit = try #require(whole.first { $0["section"] == "exit_touchpoint" && $0["touchpoint"] == "/checkout/payment" })
    #expect(exit["stage"] == "decision" && exit["units"] == "638" && exit["dropped"] == "1638")
    let stay = whole.filter { $0["section"] == "time_in_stage" && $0["stage"] == "purchase" }
    #expect(stay.map { $0["statistic"]! } == ["median", "p90"])
    #expect(stay.allSatisfy { $0["seconds"] == "" && $0["count"] == "1600" })
    #expect(whole.contains { $0["section"] == "time_in_stage" && $0["stage"] == "awareness" && $0["statistic"] == "p90" && $0["seconds"] == "600" })
  }

  @Test func timeToConvertStatisticsAndBins() throws {
    let rows = try records().rows.filter { $0["field"] == "" }
    let whole = rows.filter { $0["section"] == "time_to_convert" && $0["stage"] == "(whole funnel)" }
    #expect(whole.map { $0["statistic"]! } == ["min", "p25", "median", "p75", "p90", "p95", "p99", "max", "mean"])
    #expect(whole.map { $0["seconds"]! } == ["61", "120", "43200", "172800", "259200", "300000", "500000", "600000", "90000.5"])
    #expect(whole.allSatisfy { $0["count"] == "1482" && $0["from"] == "awareness" && $0["to"] == "purchase" })
    let step = try #require(rows.first { $0["section"] == "time_to_convert" && $0["stage"] == "decision" && $0["statistic"] == "median" })
    #expect(step["seconds"] == "1830.5" && step["from"] == "consideration" && step["count"] == "1")
    let bins = rows.filter { $0["section"] == "time_to_convert_bin" && $0["stage"] == "(whole funnel)" }
    #expect(bins.count == 11)
    #expect(bins[3]["statistic"] == "1–5 m" && bins[3]["from_seconds"] == "60" && bins[3]["to_seconds"] == "300" && bins[3]["count"] == "741")
    #expect(bins[10]["statistic"] == "> 7 d" && bins[10]["from_seconds"] == "604800" && bins[10]["to_seconds"] == "" && bins[10]["count"] == "0")
  }

  @Test func liftFindingsAndHeadline() throws {
    let rows = try records().rows
    let above = try #require(rows.first { $0["section"] == "lift" && $0["field"] == "above" })
    #expect(above["touchpoint"] == "/checkout/payment" && above["successes"] == "600" && above["failures"] == "38")
    #expect(Double(above["odds_ratio"]!) == (601.0 * 10_826.0) / (883.0 * 39.0))
    let findings = rows.filter { $0["section"] == "finding" }
    #expect(findings.map { $0["field"]! } == ["largest_drop", "lowest_conversion", "slowest_step", "top_exit_of_largest_drop"])
    #expect(findings[0]["stage"] == "decision" && findings[0]["value"] == "5304")
    #expect(findings[2]["value"] == "176400")
    #expect(findings[3]["touchpoint"] == "/products/shoes" && findings[3]["units"] == "5304")
    #expect(findings[1]["text"] == ReportFixture.findings.sentences[1])
    let summary = Dictionary(uniqueKeysWithValues: rows.filter { $0["section"] == "summary" }.map { ($0["field"]!, $0["value"]!) })
    #expect(summary["funnel_kind"] == "closed")
    #expect(summary["headline"] == ReportFixture.report.funnel.headline)
    #expect(summary["entrants"] == "12345")
    #expect(summary["lift_min_units"] == "25")
  }

  @Test func breakdownValuesCarryTheirMap() throws {
    let rows = try records().rows.filter { $0["field"] == "context.campaign.source" && $0["value"] == "google" }
    #expect(rows.contains { $0["section"] == "reach" && $0["stage"] == "awareness" && $0["units"] == "2" && $0["share"] == "1" })
    #expect(rows.contains { $0["section"] == "time_to_convert" && $0["stage"] == "(whole funnel)" && $0["statistic"] == "median" && $0["seconds"] == "20" })
    #expect(rows.contains { $0["section"] == "time_to_convert_bin" && $0["statistic"] == "10–30 s" && $0["count"] == "1" })
  }

  @Test func timeToConvertDoesNotNeedAMap() throws {
    var report = ReportFixture.report
    report.journeyMap = nil
    let rows = try records(report).rows.filter { $0["field"] == "" }
    #expect(!rows.contains { $0["section"] == "reach" })
    #expect(rows.filter { $0["section"] == "time_to_convert" && $0["stage"] == "(whole funnel)" }.count == 9)
  }

  @Test func aReportWithoutAMapHasNoMapRows() throws {
    var report = ReportFixture.report
    report.journeyMap = nil
    report.lift = nil
    report.funnel.findings = nil
    report.funnel.timeToConvert = nil
    report.funnel.headline = nil
    report.funnel.entrants = nil
    report.breakdowns[0].values[0].journeyMap = nil
    report.breakdowns[0].values[0].timeToConvert = nil
    let rows = try records(report).rows
    let sections = Set(rows.map { $0["section"]! })
    #expect(sections.isDisjoint(with: ["reach", "touchpoint", "time_to_convert", "lift", "finding"]))
    #expect(!rows.contains { $0["section"] == "summary" && $0["field"] == "headline" })
    #expect(rows.contains { $0["section"] == "summary" && $0["field"] == "funnel_kind" && $0["value"] == "closed" })
  }
}

@Suite struct HTMLJourneyMapTests {
  func html(_ report: JourneyReport = ReportFixture.report) throws -> String {
    try ReportRenderer.render(report, as: .html, options: RenderOptions())
  }

  @Test func findingsAndTheHeadlineKindAtTheTop() throws {
    let html = try html()
    let findings = try #require(html.range(of: "<section class=\"panel findings\" id=\"findings\">"))
    #expect(findings.lowerBound < html.range(of: "id=\"funnel\"")!.lowerBound)
    #expect(html.contains("<p class=\"headline\" data-kind=\"closed\">closed funnel: 1,482 of 12,345 entrants completed purchase;"))
    #expect(html.contains("<li>The slowest step is decision → purchase: median 2 d.</li>"))
    #expect(html.contains("data-metric=\"conversion\" data-kind=\"closed\""))
    #expect(html.contains("Conversion · closed funnel"))
    #expect(html.contains("awareness → purchase · 1,482 of 12,345 entrants"))
  }

  @Test func gridHasStagesAcrossAndItsRows() throws {
    let html = try html()
    #expect(html.contains("<th class=\"stage\" data-stage=\"awareness\" style=\"--c:#0072B2;color:#fff\">awareness</th>"))
    #expect(html.contains("<th class=\"stage none\">(no stage)</th>"))
    #expect(html.contains("data-stage=\"consideration\" data-reach=\"9000\" data-share=\"\(9_000.0 / 14_002.0)\""))
    #expect(html.contains("<div class=\"big\">12,500</div><div class=\"muted small\">89.3% of 14,002 units</div>"))
    #expect(html.contains("data-touchpoint=\"\(ReportFixture.longTouchpoint)\" data-events=\"8000\" data-units=\"3000\" data-share=\"0.24\""))
    #expect(html.contains("<div class=\"tpn\">3,000 · 24.0%</div>"))
    #expect(html.contains("data-step=\"consideration\" data-dropped=\"5304\""))
    #expect(html.contains("<b>5,304</b> dropped after consideration"))
    #expect(html.contains("data-next=\"/help\" data-units=\"304\""))
    #expect(html.contains("data-exit=\"/checkout/payment\" data-units=\"638\""))
    #expect(html.contains("data-stage=\"awareness\" data-visits=\"13000\" data-median-seconds=\"45\""))
    // Time from the previous step sits in the step's own column (decision: 1,830.5 s).
    #expect(html.contains("from the previous step</div><div>median <span title=\"1830.5 s\">30m 31s</span>"))
    #expect(html.contains("data-touchpoint=\"/account\" data-events=\"200000\" data-units=\"800\""))
    #expect(!html.contains("<img src"))
    #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
  }

  @Test func histogramBinsAndStepMedians() throws {
    let html = try html()
    #expect(html.contains("<svg class=\"chart histogram\""))
    #expect(html.contains("<g class=\"bin\" data-bin=\"1–5 m\" data-count=\"741\"><title>1–5 m: 741 units (50.0%)</title>"))
    #expect(html.contains("<g class=\"bin\" data-bin=\"0–10 s\" data-count=\"0\">"))
    // 11 bins over 960 units of width from x = 20: 252 s lies 0.8 into 1–5 m (bin 3):
    // 20 + 3.8 · 960 / 11 = 351.636…
    #expect(html.contains("data-step=\"awareness → consideration\" data-seconds=\"252\"><line x1=\"351.64\""))
    // 176,400 s lies (176,400 − 86,400) / 518,400 = 0.1736… into 1–7 d (bin 9): 20 + 9.1736 · 87.27 = 820.606
    #expect(html.contains("data-step=\"decision → purchase\" data-seconds=\"176400\"><line x1=\"820.61\""))
    #expect(html.contains("data-step=\"whole funnel: awareness → purchase\" data-count=\"1482\" data-median-seconds=\"43200\""))
  }

  @Test func breakdownValuesShowTheirReach() throws {
    let html = try html()
    #expect(html.contains("<table class=\"data breakdown reach\">"))
    #expect(html.contains("data-value=\"google\"><td>google</td><td class=\"bd\" data-stage=\"awareness\" data-reach=\"2\">"))
    #expect(html.contains("<td class=\"num\"><span title=\"20 s\">20s</span></td></tr>"))
  }

  @Test func liftTables() throws {
    let html = try html()
    #expect(html.contains("data-lift=\"above\" data-touchpoint=\"/checkout/payment\" data-odds-ratio=\"\(ReportFixture.oddsRatio(600, 38))\""))
    #expect(html.contains("<td class=\"num strong\">188.94</td>"))
    #expect(html.contains("data-lift=\"below\" data-touchpoint=\"/help\""))
  }

  @Test func orderAnyShowsLossPerStep() throws {
    let html = try html(JourneyMapFixtures.anyOrder)
    #expect(html.contains("<table class=\"map steps\">"))
    #expect(html.contains("<th class=\"stage none\" data-step=\"1\">after ≥ 2 stages</th>"))
    #expect(html.contains("data-step=\"≥ 1 stage\" data-dropped=\"3921\""))
    #expect(!html.contains("dropped after awareness"))
  }
}

@Suite(.serialized) struct JourneyMapBrowserTests {
  @Test func theGridAndHistogramRenderInChromium() throws {
    try #require(HeadlessBrowser.isAvailable, "chromium is needed for the HTML check (apt-get install chromium)")
    let folder = TestPaths.repository.appendingPathComponent(".build/render-tests")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let page = folder.appendingPathComponent("journey-map.html")
    try OutputFile.write(try ReportRenderer.render(ReportFixture.report, as: .html, options: RenderOptions()), to: page.path)
    let dom = try HeadlessBrowser.dumpDOM(html: page)
    #expect(dom.contains("data-stage=\"consideration\" data-reach=\"9000\""))
    #expect(dom.contains("data-bin=\"1–5 m\" data-count=\"741\""))
    #expect(dom.contains("data-step=\"consideration\" data-dropped=\"5304\""))
    #expect(dom.contains("188.94"))
    #expect(!dom.contains("<img src"))
    let png = folder.appendingPathComponent("journey-map.png")
    try HeadlessBrowser.screenshot(html: page, to: png, width: 390, height: 3000)
    #expect(try Data(contentsOf: png).count > 10_000)
  }
}

@Suite struct JSONJourneyMapTests {
  @Test func mapReportsValidateAgainstTheSchema() throws {
    try SchemaValidation.validate(reportJSON: try JSONReportRenderer.data(ReportFixture.report))
    try SchemaValidation.validate(reportJSON: try JSONReportRenderer.data(JourneyMapFixtures.anyOrder))
    try SchemaValidation.validate(reportJSON: try JSONReportRenderer.data(JourneyMapFixtures.fiveStages))
  }

  @Test func orderAnyWritesANullStageAndALabel() throws {
    let text = try JSONReportRenderer.render(JourneyMapFixtures.anyOrder)
    #expect(text.contains("\"label\" : \"≥ 2 stages\","))
    #expect(text.contains("\"stage\" : null,"))
    let decoded = try JSONDecoder().decode(JourneyReport.self, from: Data(text.utf8))
    #expect(decoded == JourneyMapFixtures.anyOrder)
  }

  @Test func schemaRejectsABrokenMap() throws {
    let text = try JSONReportRenderer.render(ReportFixture.report)
    let broken = [
      text.replacingOccurrences(of: "\"reach\" : 9000", with: "\"reach\" : -1"),
      text.replacingOccurrences(of: "\"dropped\" : 5304,", with: "\"dropped\" : \"5304\","),
      text.replacingOccurrences(of: "\"label\" : \"1–5 m\"", with: "\"label\" : \"1-5 m\""),
      text.replacingOccurrences(of: "\"kind\" : \"closed\"", with: "\"kind\" : \"open\""),
      text.replacingOccurrences(of: "\"odds_ratio\" : ", with: "\"odds\" : "),
      text.replacingOccurrences(of: "\"label\" : \"awareness\",", with: ""),
    ]
    for json in broken {
      #expect(json != text)
      #expect(throws: SchemaValidation.Failure.self) { try SchemaValidation.validate(reportJSON: Data(json.utf8)) }
    }
  }
}

@Suite struct JourneyMapTextTests {
  @Test(arguments: [
    ("/products/shoes", 15, "/products/shoes"), ("/products/shoes", 12, "/produ…shoes"), ("abcdef", 5, "ab…ef"),
    ("abcdef", 4, "ab…f"), ("abcdef", 1, "…"), ("abcdef", 0, ""),
  ])
  func cutsInTheMiddle(text: String, width: Int, expected: String) {
    let cut = ReportFormatting.truncateMiddle(text, to: width)
    #expect(cut == expected)
    #expect(cut.count <= max(0, width))
  }

  @Test func wrapsAtSpaces() {
    #expect(ReportFormatting.wrap("one two three", width: 7) == ["one two", "three"])
    // A word longer than a line (a touchpoint) is cut in the middle.
    #expect(ReportFormatting.wrap("averyveryverylongword x", width: 8) == ["aver…ord", "x"])
    // Parts stay whole on a line when they fit one.
    #expect(ReportFormatting.wrap(parts: ["gzip", "1,000 records", "46.0 MiB"], width: 20) == ["gzip · 1,000 records", "· 46.0 MiB"])
    #expect(ReportFormatting.wrap(parts: ["a long part of many words"], width: 10) == ["a long", "part of", "many words"])
    #expect(ReportFormatting.wrap("", width: 8) == [""])
  }

  @Test func takesTheTopFromTheConfigSection() throws {
    var report = ReportFixture.report
    #expect(JourneyMapText.top(of: report) == 10)
    report.config = .object(["journey_map": .object(["top": .number(1)])])
    #expect(JourneyMapText.top(of: report) == 1)
    let text = try ReportRenderer.render(report, as: .table, options: RenderOptions())
    #expect(text.contains("/             80.0%"))
    #expect(!text.contains("/blog/"))  // awareness's second touchpoint and second exit are cut
    #expect(!text.contains("/pricing"))
    let markdown = try ReportRenderer.render(report, as: .markdown, options: RenderOptions())
    #expect(!markdown.contains("/blog/"))
    // JSON and CSV keep every value the report lists.
    #expect(try ReportRenderer.render(report, as: .csv, options: RenderOptions()).contains("/blog/"))
    report.config = .object(["journey_map": .object(["top": .number(500)])])
    #expect(JourneyMapText.top(of: report) == 100)
  }

  @Test func wholePercentForNarrowColumns() {
    #expect(TableReportRenderer.wholePercent(0.893) == "89%")
    #expect(TableReportRenderer.wholePercent(1) == "100%")
    #expect(TableReportRenderer.wholePercent(0.004) == "<1%")
    #expect(TableReportRenderer.wholePercent(0) == "0%")
    #expect(TableReportRenderer.wholePercent(0.005) == "1%")
  }

  @Test func oddsRatiosWithTwoDecimals() {
    #expect(JourneyMapText.odds(188.937) == "188.94")
    #expect(JourneyMapText.odds(3.05) == "3.05")
    #expect(JourneyMapText.odds(0.0706) == "0.07")
    #expect(JourneyMapText.odds(0.004) == "< 0.01")
  }
}
