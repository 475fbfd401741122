import Foundation
import JourneyTestSupport
import Testing

/// The HTML of real runs in headless chromium (issue 14): generated data and the committed public
/// sample, at 1280 and 390 px, dark and printed; no text element overflows, nothing is drawn below
/// 11 px, and every number of the funnel is in the page's visible text. Skips, saying so, without
/// chromium; screenshots and PDFs go to a temporary folder the test prints.
@Suite(.serialized) struct HTMLLayoutE2ETests {
  static let output = TestPaths.temporaryDirectory("journey-html-layout-e2e")

  func check(_ arguments: [String], name: String, views: Bool = true) throws {
    let page = Self.output.appendingPathComponent("\(name)-report.html")
    let result = try JourneyCLI.run(["report"] + arguments + ["-f", "html", "-o", page.path])
    try #require(result.status == 0, "\(result.stderr)")
    let html = try String(contentsOf: page, encoding: .utf8)
    for found in try HTMLLayoutCheck.run(html: html, name: name, in: Self.output, height: 7000, views: views) {
      print("HTMLLayoutE2ETests: \(name): \(found)")
      #expect(found.overflow.isEmpty, "\(name) at \(found.width) px: \(found.overflow)")
      #expect(found.small.isEmpty, "\(name) at \(found.width) px: \(found.small)")
      #expect(found.missing.isEmpty, "\(name) at \(found.width) px: \(found.missing)")
      #expect(found.checkedNumbers > 0)
    }
  }

  @Test func theComparisonPageFitsEveryScreen() throws {
    guard HeadlessBrowser.isAvailable else {
      print("HTMLLayoutE2ETests: skipped, no chromium on PATH (apt-get install chromium)")
      return
    }
    try JourneyCLI.requireBinary()
    print("HTMLLayoutE2ETests: screenshots, PDFs and pages in \(Self.output.path)")
    var reports: [String] = []
    for week in ["week-1", "week-2"] {
      let json = Self.output.appendingPathComponent("\(week).json").path
      let result = try JourneyCLI.run(["report", "-c", "Fixtures/compare/shop.yaml", "Fixtures/compare/\(week).ndjson", "-o", json])
      try #require(result.status == 0, "\(result.stderr)")
      reports.append(json)
    }
    let page = Self.output.appendingPathComponent("compare.html")
    let result = try JourneyCLI.run(["compare"] + reports + ["-o", page.path])
    try #require(result.status == 0, "\(result.stderr)")
    let findings = try HTMLLayoutCheck.run(html: try String(contentsOf: page, encoding: .utf8), name: "compare", in: Self.output, height: 4000, views: false)
    for found in findings {
      print("HTMLLayoutE2ETests: compare: \(found)")
      #expect(found.overflow.isEmpty, "compare at \(found.width) px: \(found.overflow)")
      #expect(found.small.isEmpty, "compare at \(found.width) px: \(found.small)")
    }
    #expect(findings.count == 2)
  }

  @Test func generatedDataAndThePublicSampleFitEveryScreen() throws {
    guard HeadlessBrowser.isAvailable else {
      print("HTMLLayoutE2ETests: skipped, no chromium on PATH (apt-get install chromium)")
      return
    }
    try JourneyCLI.requireBinary()
    print("HTMLLayoutE2ETests: screenshots, PDFs and pages in \(Self.output.path)")
    let datagen = JourneyCLI.executable.deletingLastPathComponent().appendingPathComponent("journey-datagen")
    let data = Self.output.appendingPathComponent("generated")
    let process = try Process.run(datagen, arguments: ["--events", "20000", "--files", "2", "--seed", "14", "--out", data.path])
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "journey-datagen failed")
    try check(["-c", data.appendingPathComponent("journey.yaml").path, data.path, "--title", "Generated shop data"], name: "generated")
    // With personas: one compact journey map per persona in a grid of cards.
    let personas = Self.output.appendingPathComponent("personas.yaml")
    let base = try String(contentsOf: data.appendingPathComponent("journey.yaml"), encoding: .utf8)
    try (base + """

      personas:
        - name: Searchers from a campaign with a rather long name
          first_touch: { field: context.campaign.source, in: [google] }
        - name: Browsers
          did: { event: Product Viewed, at_least: 3 }

      """).write(to: personas, atomically: true, encoding: .utf8)
    try check(["-c", personas.path, data.path], name: "generated-personas", views: false)
    try check(
      ["--preset", "rees46", "Fixtures/samples/rees46-2019-Oct-first2000rows.csv.gz", "--from", "2019-10-01T00:00:00Z"],
      name: "rees46-sample")
    // The effective config always; the file as written only when there is one (not a preset's
    // starter config, which the user never ran); the title, inputs and --from as given.
    let generated = try String(contentsOf: Self.output.appendingPathComponent("generated-report.html"), encoding: .utf8)
    #expect(generated.contains("<title>Generated shop data</title>"))
    #expect(generated.contains("<pre data-config=\"effective\">source: "))
    #expect(generated.contains("<details class=\"config-file\"><summary>The config file as written"))
    let sample = try String(contentsOf: Self.output.appendingPathComponent("rees46-sample-report.html"), encoding: .utf8)
    #expect(sample.contains("<title>preset rees46 · Fixtures/samples/rees46-2019-Oct-first2000rows.csv.gz</title>"))
    #expect(sample.contains("Inputs: <b>Fixtures/samples/rees46-2019-Oct-first2000rows.csv.gz</b>"))
    #expect(sample.contains("Events read: from 2019-10-01T00:00:00Z</p>"))
    #expect(sample.contains("<pre data-config=\"effective\">input:\n"))
    #expect(!sample.contains("<details class=\"config-file\">"))
  }
}
