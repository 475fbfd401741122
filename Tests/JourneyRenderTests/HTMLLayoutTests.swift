import Foundation
import JourneyReports
import JourneyTestSupport
import Testing

@testable import JourneyRender

/// The HTML page on any screen (issue 14, SPEC §11): what it says it is, twelve stages with long
/// names, the effective config, and the styles for phones, print and dark mode.
@Suite struct HTMLLayoutTests {
  func html(_ report: JourneyReport = LongStagesFixture.report, configText: String? = nil) throws -> String {
    var options = RenderOptions(configText: configText, configName: configText == nil ? nil : "shoes.yaml")
    options.title = report.title ?? options.title
    return try ReportRenderer.render(report, as: .html, options: options)
  }

  @Test func theFixtureHasTwelveStagesOfFortyCharacters() {
    #expect(LongStagesFixture.stages.count == 12)
    #expect(LongStagesFixture.stages.allSatisfy { $0.count == 40 })
  }

  @Test func headerNamesTheTitleInputsAndTheWindow() throws {
    let html = try html()
    #expect(html.contains("<title>shoes.yaml · exports/</title>"))
    #expect(html.contains("<h1>shoes.yaml · exports/</h1>"))
    #expect(html.contains(
      "<p class=\"about\" data-about=\"inputs\">Inputs: <b>exports/events-000.ndjson.gz</b>, <b>exports/events-001.ndjson.gz</b></p>"))
    #expect(html.contains(
      "data-from=\"2026-11-01T00:00:00Z\" data-to=\"2026-11-08T00:00:00Z\">Events read: from 2026-11-01T00:00:00Z to 2026-11-08T00:00:00Z (exclusive)</p>"))
    // Without --from/--to: no such line.
    #expect(!(try self.html(ReportFixture.report)).contains("Events read:"))
  }

  @Test func everyStageHasItsOwnColour() throws {
    let colours = LongStagesFixture.stages.map { stage in
      HTMLReportRenderer(report: LongStagesFixture.report, options: RenderOptions()).color(of: stage).fill
    }
    #expect(Set(colours).count == 12)
    #expect(!colours.contains("#000000"))  // black would vanish on a dark page
    let html = try html()
    for (stage, colour) in zip(LongStagesFixture.stages, colours) {
      #expect(html.contains("<th class=\"stage\" data-stage=\"\(stage)\" style=\"--c:\(colour);"))
    }
    // Past twelve: hue steps, still distinct from each other.
    var many = LongStagesFixture.report
    many.entries = (0..<20).map { JourneyReport.StageShare(stage: "stage \($0)", units: 1, share: 0.05) }
    let renderer = HTMLReportRenderer(report: many, options: RenderOptions())
    #expect(Set((0..<20).map { renderer.color(of: "stage \($0)").fill }).count == 20)
  }

  @Test func longNamesAreWrittenWholeNeverCut() throws {
    let html = try html()
    for stage in LongStagesFixture.stages {
      #expect(html.contains("<div class=\"fname\"><span class=\"fidx\">"), "funnel rows are HTML")
      #expect(html.contains("</span>\(stage)</div>"), "funnel name of \(stage)")
      #expect(html.contains("<span class=\"key-name\">\(stage)</span>"), "flow key of \(stage)")
    }
    #expect(!html.contains("…</text>"))
    #expect(!html.contains("text-overflow: ellipsis"))
    // The flow chart numbers its columns; the key below names them with their counts.
    #expect(html.contains("<text class=\"node-index\""))
    #expect(html.contains("<span class=\"key-count\">104,857 visits</span>"))
  }

  @Test func effectiveConfigIsShownInFullAsYAML() throws {
    let config: JSONValue = .object([
      "stages": .array([.string("awareness"), .string("purchase")]),
      "funnel": .object(["scope": .string("session"), "window": .null, "order": .string("ordered")]),
      "rules": .array([
        .object(["stage": .string("purchase"), "condition": .object(["field": .string("event"), "equals": .string("Order: Completed")])]),
        .object(["stage": .string("awareness"), "condition": .object(["field": .string("event"), "in": .array([.string("a"), .string("b")])])]),
      ]),
      "input": .object(["null_values": .array([]), "fields": .object(["user": .array([.string("userId"), .string("anonymousId")])])]),
      "report": .object(["top_paths": .number(20), "ratio": .number(0.5), "flag": .bool(true), "number_text": .string("10")]),
      "zzz": .string(""),
    ])
    #expect(EffectiveConfigText.yaml(config) == """
      input:
        fields:
          user: [userId, anonymousId]
        null_values: []
      stages: [awareness, purchase]
      rules:
        - stage: purchase
          condition:
            field: event
            equals: "Order: Completed"
        - stage: awareness
          condition:
            field: event
            in: [a, b]
      funnel:
        order: ordered
        scope: session
        window: null
      report:
        flag: true
        number_text: "10"
        ratio: 0.5
        top_paths: 20
      zzz: ""

      """)
  }

  @Test func configPanelShowsTheEffectiveConfigThenTheUsersFileCollapsed() throws {
    let withFile = try html(configText: "stages: [a]\n# <script>\n")
    let effective = try #require(withFile.range(of: "<pre data-config=\"effective\">"))
    let file = try #require(withFile.range(of: "<details class=\"config-file\"><summary>The config file as written <code>shoes.yaml</code></summary>"))
    #expect(effective.lowerBound < file.lowerBound)
    #expect(withFile.contains("<pre data-config=\"file\">stages: [a]\n# &lt;script&gt;\n</pre>"))
    #expect(withFile.contains("funnel:\n  order: ordered\n  scope: session\n  window: 1d\n"))
    #expect(withFile.contains("  - stage: saw a paid search advertisement for shoe\n    condition:\n      field: event\n      equals: saw a paid search advertisement for shoe\n"))
    // A preset alone: no file, only the effective config.
    let preset = try html()
    #expect(preset.contains("<pre data-config=\"effective\">"))
    #expect(!preset.contains("<details class=\"config-file\">"))
  }

  @Test func stylesCoverPhonesPrintAndDarkMode() throws {
    let css = HTMLReportRenderer.css
    #expect(!css.contains("max-height"))  // the config is never cut
    #expect(css.contains("@media screen and (prefers-color-scheme: dark)"))
    #expect(css.contains("@media print"))
    #expect(css.contains(".scroll { overflow: visible; }"))  // print: no column hidden in a scroll box
    #expect(css.contains("break-inside: avoid"))
    #expect(css.contains("position: sticky; left: 0"))  // matrix and breakdowns keep their name column
    #expect(css.contains(".breakdown tr > :last-child { position: sticky; right: 0;"))  // and the conversion
    let html = try html()
    // The matrix's colour comes from a variable that dark mode changes; no colour is written for ink.
    #expect(html.contains("style=\"background:rgba(var(--heat),"))
    #expect(!html.contains("color:#1d2430\" title="))
    // Nothing smaller than 11 px on screen.
    for size in ["10px", "10.5px", "9px"] { #expect(!css.replacingOccurrences(of: "@media print", with: "\u{0}").split(separator: "\u{0}")[0].contains("font-size: \(size)")) }
  }
}

/// The page in headless chromium at 1280 and 390 px, dark and printed; screenshots and the PDF go to
/// a temporary folder the test prints. Skips, saying so, without chromium.
@Suite(.serialized) struct HTMLLayoutBrowserTests {
  static let output = TestPaths.temporaryDirectory("journey-html-layout")

  @Test func twelveLongStagesFitAt1280And390() throws {
    guard HeadlessBrowser.isAvailable else {
      print("HTMLLayoutBrowserTests: skipped, no chromium on PATH (apt-get install chromium)")
      return
    }
    var options = RenderOptions(configText: "stages: […]\n", configName: "shoes.yaml")
    options.title = LongStagesFixture.report.title ?? options.title
    let html = try ReportRenderer.render(LongStagesFixture.report, as: .html, options: options)
    print("HTMLLayoutBrowserTests: screenshots, PDF and pages in \(Self.output.path)")
    let findings = try HTMLLayoutCheck.run(html: html, name: "twelve-stages", in: Self.output, height: 8400)
    for found in findings {
      print("HTMLLayoutBrowserTests: \(found)")
      #expect(found.overflow.isEmpty, "\(found.width) px: \(found.overflow)")
      #expect(found.small.isEmpty, "\(found.width) px: \(found.small)")
      #expect(found.missing.isEmpty, "\(found.width) px: \(found.missing)")
      #expect(found.checkedNumbers == 12 * 5 - 1)
    }
    #expect(findings.map(\.width) == [1280, 390])
    for file in ["twelve-stages-1280.png", "twelve-stages-390.png", "twelve-stages-dark-1280.png", "twelve-stages-dark-390.png", "twelve-stages.pdf"] {
      let bytes = try Data(contentsOf: Self.output.appendingPathComponent(file))
      #expect(bytes.count > 10_000, "\(file)")
    }
    // The first hand-made report, with its hostile values and journey map, fits too.
    let fixture = try ReportRenderer.render(
      ReportFixture.report, as: .html, options: RenderOptions(configText: ReportFixture.configText, configName: "shop.yaml"))
    for found in try HTMLLayoutCheck.run(html: fixture, name: "fixture", in: Self.output) {
      print("HTMLLayoutBrowserTests: \(found)")
      #expect(found.overflow.isEmpty, "\(found.width) px: \(found.overflow)")
      #expect(found.small.isEmpty, "\(found.width) px: \(found.small)")
      #expect(found.missing.isEmpty, "\(found.width) px: \(found.missing)")
    }
  }
}
