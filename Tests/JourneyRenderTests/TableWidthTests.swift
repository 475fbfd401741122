import Foundation
import JourneyModel
@testable import JourneyRender
import JourneyReports
import Testing

/// The table at the terminal's width (SPEC §11): the width from `COLUMNS` or the terminal, values
/// cut in the middle and apart, every section within the width, times without padding.
@Suite struct TableWidthTests {
  // MARK: The width

  @Test func widthComesFromColumnsThenTheTerminalThenAHundred() {
    #expect(TerminalWidth.resolve(columns: "80", terminal: 132) == 80)
    #expect(TerminalWidth.resolve(columns: " 120 ", terminal: nil) == 120)
    #expect(TerminalWidth.resolve(columns: nil, terminal: 132) == 132)
    #expect(TerminalWidth.resolve(columns: nil, terminal: nil) == 100)
    // Not a positive integer: ignored.
    for columns in ["", "0", "-80", "wide", "80x"] {
      #expect(TerminalWidth.resolve(columns: columns, terminal: 90) == 90, "COLUMNS=\(columns)")
      #expect(TerminalWidth.resolve(columns: columns, terminal: nil) == 100, "COLUMNS=\(columns)")
    }
    #expect(TerminalWidth.resolve(columns: "20", terminal: nil) == 40)
    #expect(TerminalWidth.resolve(columns: nil, terminal: 12) == 40)
  }

  // MARK: Cutting apart

  @Test func valuesAreCutInTheMiddle() {
    #expect(ReportFormatting.cutApart(["/products/category/shoes"], to: 15) == ["/produc…y/shoes"])
    #expect(ReportFormatting.cutApart(["short", "fits exactly"], to: 12) == ["short", "fits exactly"])
  }

  @Test func valuesThatWouldReadTheSameAreCutApart() {
    let agents = Array(TwelveStageFixture.userAgents.prefix(3))
    let middle = agents.map { ReportFormatting.truncateMiddle($0, to: 30) }
    #expect(Set(middle).count == 1, "the plain middle cut reads the same: \(middle)")
    // The cut moves towards the start until the versions show.
    #expect(ReportFormatting.cutApart(agents, to: 30) == [
      "Mozilla/…1.0.0.0 Safari/537.36", "Mozilla/…0.0.0.0 Safari/537.36", "Mozilla/…9.0.0.0 Safari/537.36",
    ])
  }

  @Test func valuesThatDifferOnlyFarInsideAreNumbered() {
    let stages = Array(TwelveStageFixture.stages.prefix(3))
    #expect(ReportFormatting.cutApart(stages, to: 13) == ["1 custo…bshop", "2 custo…bshop", "3 custo…bshop"])
    // Equal values stay equal; values that are not cut keep their text.
    #expect(ReportFormatting.cutApart([stages[0], stages[0], "(none)"], to: 13) == ["custom…ebshop", "custom…ebshop", "(none)"])
  }

  /// Seeded random columns of values that share long starts and ends and differ anywhere: every
  /// cut fits the width, and different values stay different.
  @Test func cutApartKeepsDifferentValuesDifferent() {
    var random = SplitMix64(seed: 14)
    let pieces = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) ", "customer journey stage ", "/products/category/", "0", "1", "x", " ", "…", "of the webshop"]
    for _ in 0..<400 {
      let count = Int(random.next() % 12) + 2
      let values = (0..<count).map { _ in
        (0..<Int(random.next() % 6 + 1)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
      }
      let width = Int(random.next() % 40) + 6
      let cut = ReportFormatting.cutApart(values, to: width)
      #expect(cut.allSatisfy { $0.count <= width }, "\(values) at \(width): \(cut)")
      for i in values.indices {
        for j in values.indices where i < j {
          #expect((values[i] == values[j]) == (cut[i] == cut[j]), "\(values[i]) / \(values[j]) at \(width): \(cut[i]) / \(cut[j])")
        }
      }
    }
  }

  // MARK: Times

  @Test(arguments: [
    ("2026-11-01T00:42:28.459000Z", "2026-11-01T00:42:28.459Z"),
    ("2026-11-01T00:42:28.112000Z", "2026-11-01T00:42:28.112Z"),
    ("2026-11-01T00:42:28.250000Z", "2026-11-01T00:42:28.250Z"),
    ("2026-11-01T00:42:28.000000Z", "2026-11-01T00:42:28Z"),
    ("2026-11-01T00:42:28.123456Z", "2026-11-01T00:42:28.123456Z"),
    ("2026-11-01T00:42:28.000001Z", "2026-11-01T00:42:28.000001Z"),
    ("2026-11-01T00:42:28Z", "2026-11-01T00:42:28Z"),
    ("2026-11-01", "2026-11-01"),
  ])
  func timesAreShownWithoutPadding(iso: String, shown: String) {
    #expect(ReportFormatting.time(iso) == shown)
  }

  @Test func textOutputsShowTimesWithoutPaddingAndJSONKeepsThem() throws {
    let report = TwelveStageFixture.report
    let table = try ReportRenderer.render(report, as: .table, options: RenderOptions(width: 100))
    #expect(table.contains("2026-11-01T00:42:28.459Z – 2026-11-21T23:59:58Z"))
    #expect(table.contains("events read: from 2026-11-01T00:00:00Z to 2026-11-22T00:00:00Z (exclusive)"))
    let markdown = try ReportRenderer.render(report, as: .markdown, options: RenderOptions(width: 100))
    #expect(markdown.contains("| first event | 2026-11-01T00:42:28.459Z |"))
    #expect(markdown.contains("| last event | 2026-11-21T23:59:58Z |"))
    let csv = try ReportRenderer.render(report, as: .csv, options: RenderOptions(width: 100))
    #expect(csv.contains("2026-11-01T00:42:28.459Z"))
    #expect(!csv.contains("28.459000"))
    for text in [table, markdown, csv] { #expect(!text.contains(".000000") && !text.contains("459000")) }
    let json = try ReportRenderer.render(report, as: .json, options: RenderOptions(width: 100))
    #expect(json.contains("\"2026-11-01T00:42:28.459000Z\""))
  }

  // MARK: Every section within the width

  static let widths = [40, 60, 80, 100, 120]

  @Test(arguments: widths)
  func noLineIsLongerThanTheWidth(width: Int) throws {
    let text = try ReportRenderer.render(TwelveStageFixture.report, as: .table, options: RenderOptions(width: width))
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for (number, line) in lines.enumerated() {
      #expect(line.count <= width, "line \(number + 1) has \(line.count) characters at width \(width): \(line)")
    }
    // Every section is there.
    for heading in [
      "Funnel", "Journey map", "Time to convert", "Lift", "Personas", "Entries and exits", "Transitions", "Top paths",
      "Breakdown by context.userAgent", "Summary", "Rejected records",
    ] {
      #expect(lines.contains { $0 == heading || $0.hasPrefix(heading + "  (") }, "\(heading) at width \(width)")
    }
  }

  /// Every width from 40 to 140, on the 12-stage report, the 4-stage fixture (ordered and any
  /// order) and eight personas with long names: no line longer than it.
  @Test(arguments: [
    ("twelve stages", TwelveStageFixture.report), ("fixture", ReportFixture.report), ("any order", JourneyMapFixtures.anyOrder),
    ("eight personas", PersonaFixture.many(8)),
  ])
  func noLineIsLongerThanAnyWidth(name: String, report: JourneyReport) throws {
    for width in 40...140 {
      let text = try ReportRenderer.render(report, as: .table, options: RenderOptions(width: width))
      for line in text.split(separator: "\n") where line.count > width {
        Issue.record("\(name): a line of \(line.count) characters at width \(width): \(line)")
      }
    }
  }

  @Test(arguments: widths)
  func distinctValuesStayDistinct(width: Int) throws {
    let report = TwelveStageFixture.report
    let text = try ReportRenderer.render(report, as: .table, options: RenderOptions(width: width))
    if let folder = ProcessInfo.processInfo.environment["TABLE_WIDTH_DUMP"] {
      try text.write(toFile: "\(folder)/twelve-stages-\(width).txt", atomically: true, encoding: .utf8)
    }
    // Funnel: one row per stage, each with its own label.
    let funnel = Self.section("Funnel", of: text).filter { $0.contains("%") && !$0.contains("↓") }
    #expect(funnel.count == 12)
    #expect(Set(funnel.map(Self.firstCell)).count == 12, "\(funnel.map(Self.firstCell))")
    // Breakdown: one row per user agent, each with its own value.
    let breakdown = Self.section("Breakdown by context.userAgent", of: text)
    let rows = breakdown.dropFirst().prefix { !$0.isEmpty }
    #expect(rows.count == TwelveStageFixture.userAgents.count)
    #expect(Set(rows.map(Self.firstCell)).count == TwelveStageFixture.userAgents.count, "\(rows.map(Self.firstCell))")
    // Transitions: every block lists 13 rows with distinct labels; the column labels, all blocks
    // together, are the 12 stages and (exit), distinct.
    let transitions = Self.section("Transitions", of: text)
    let blocks = transitions.split(separator: "", omittingEmptySubsequences: true)
    var columns: [String] = []
    for block in blocks {
      #expect(block.count == 14)
      #expect(Set(block.dropFirst().map(Self.firstCell)).count == 13)
      columns += block.first!.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
    #expect(columns.count == 13 && Set(columns).count == 13, "\(columns)")
    // The journey map's stage headers, all blocks together.
    let map = Self.section("Journey map", of: text)
    let headers = map.prefix { !$0.hasPrefix("  (no stage)") }.filter { $0.hasPrefix(String(repeating: " ", count: 17)) && !$0.contains("%") && !$0.contains("p90") }
      .flatMap { $0.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    #expect(Set(headers).count == 12, "\(headers)")
    // A touchpoint row of a stage: the three touchpoints differ.
    let touchpointRow = map.first { $0.hasPrefix("  touchpoints") }!
    #expect(touchpointRow.contains("…"))
  }

  /// The lines under a section's heading, up to the next heading (a line that starts with a letter).
  static func section(_ heading: String, of text: String) -> [String] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let start = lines.firstIndex(where: { $0 == heading || $0.hasPrefix(heading + "  (") }) else { return [] }
    let rest = lines[(start + 1)...]
    let end = rest.firstIndex { $0.first?.isLetter == true } ?? lines.endIndex
    return Array(lines[(start + 1)..<end])
  }

  /// The first cell of a row: what comes before the first two spaces after its indent.
  static func firstCell(_ line: String) -> String {
    let trimmed = line.drop { $0 == " " }
    guard let range = trimmed.range(of: "  ") else { return String(trimmed) }
    return String(trimmed[..<range.lowerBound])
  }

  // MARK: The progress line

  @Test(arguments: [20, 40, 60, 80, 100, 200])
  func progressLineFitsTheWidthAndClearsTheRest(width: Int) {
    let readings = [
      ProgressLine.Reading(bytes: 123_456_789, total: 987_654_321, events: 1_234_567, elapsed: 12.5),
      ProgressLine.Reading(bytes: 5_000_000_000, total: nil, events: 99_000_000, elapsed: 4_000),
      ProgressLine.Reading(bytes: 10, total: 10, events: 0, elapsed: 0),
    ]
    for reading in readings {
      let text = ProgressLine.text(reading, width: width)
      // One column is left free, so that the terminal never wraps the line.
      #expect(text.count <= width - 1, "\(text.count) characters at \(width): \(text)")
      #expect(!text.isEmpty && !text.contains("\n") && !text.contains("\r"))
      #expect(ProgressLine.draw(reading, width: width) == "\r" + text + "\u{1B}[K")
    }
    #expect(ProgressLine.clearLine == "\r\u{1B}[K")
  }

  /// The start (how far) always; then each later part when it fits whole.
  @Test func progressLineKeepsWhatFits() {
    let reading = ProgressLine.Reading(bytes: 123_456_789, total: 987_654_321, events: 1_234_567, elapsed: 12.5)
    let wide = ProgressLine.text(reading, width: 200)
    #expect(wide == "[██······················]  12% 117.7 MiB of 941.9 MiB, ~1m28s left  9.4 MiB/s  99k events/s  13s")
    #expect(ProgressLine.text(reading, width: 60) == "[██······················]  12% 117.7 MiB of 941.9 MiB  13s")
    // The bar is the first to go.
    #expect(ProgressLine.text(reading, width: 40) == "12% 117.7 MiB of 941.9 MiB, ~1m28s left")
    #expect(ProgressLine.text(reading, width: 20) == "12% 117.7 MiB of 94")
  }
}

/// The comparison table within the terminal's width too.
@Suite struct ComparisonTableWidthTests {
  /// Every width from 40 to 140, with and without personas.
  @Test func noLineIsLongerThanAnyWidth() throws {
    for width in 40...140 {
      for comparison in [ComparisonReportFixture.comparison, PersonaComparisonFixture.comparison] {
        let text = try ComparisonRenderer.render(comparison, as: .table, options: RenderOptions(width: width))
        for line in text.split(separator: "\n") where line.count > width {
          Issue.record("a line of \(line.count) characters at width \(width): \(line)")
        }
      }
    }
  }

  @Test(arguments: [40, 60, 80, 120])
  func noLineIsLongerThanTheWidth(width: Int) throws {
    let text = try ComparisonRenderer.render(
      ComparisonReportFixture.comparison, as: .table, options: RenderOptions(width: width, title: "Journey comparison"))
    for line in text.split(separator: "\n") {
      #expect(line.count <= width, "\(line.count) characters at \(width): \(line)")
    }
    #expect(text.contains("2026-11-21T23:59:58.250Z") || width < 80)
  }
}
