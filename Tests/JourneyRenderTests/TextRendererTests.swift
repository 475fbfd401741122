import Foundation
import JourneyRender
import JourneyReports
import Testing

@Suite struct TableReportRendererTests {
  let report = ReportFixture.report

  @Test func fitsInOneHundredColumnsWithoutColour() throws {
    let text = try ReportRenderer.render(report, as: .table, options: RenderOptions(color: false, width: 100))
    #expect(!text.contains("\u{1B}"))
    for line in text.split(separator: "\n") {
      #expect(line.count <= 100, "too wide (\(line.count)): \(line)")
    }
    #expect(text.hasSuffix("\n"))
  }

  @Test func showsFunnelNumbersAndBars() throws {
    let text = try ReportRenderer.render(report, as: .table, options: RenderOptions())
    #expect(text.contains("12,345"))
    #expect(text.contains("100.0%"))
    #expect(text.contains("█"))
    #expect(text.contains("4m 12s"))  // median awareness → consideration
    #expect(text.contains("1h 02m"))  // p90 3,725 s
    #expect(text.contains("awareness → consideration → decision → purchase"))
    #expect(text.contains("…"))
    #expect(text.contains("bad timestamp"))
    #expect(text.contains("1,234,567"))
  }

  @Test func colourOnlyWhenAsked() throws {
    let text = try ReportRenderer.render(report, as: .table, options: RenderOptions(color: true))
    #expect(text.contains("\u{1B}["))
    let plain = text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    #expect(plain == (try ReportRenderer.render(report, as: .table, options: RenderOptions(color: false))))
  }

  @Test func userTextCannotInjectEscapeCodes() throws {
    var report = self.report
    report.breakdowns[0].values[0].value = "evil\u{1B}[31mred\nnext"
    let text = try ReportRenderer.render(report, as: .table, options: RenderOptions())
    #expect(!text.contains("\u{1B}"))
  }

  @Test(arguments: [60, 80, 120])
  func fitsOtherWidths(width: Int) throws {
    let text = try ReportRenderer.render(report, as: .table, options: RenderOptions(width: width))
    for line in text.split(separator: "\n") { #expect(line.count <= width, "\(line)") }
  }
}

@Suite struct MarkdownReportRendererTests {
  /// Splits a table row on unescaped `|`.
  static func cells(_ line: Substring) -> [String] {
    var cells: [String] = []
    var current = ""
    var escaped = false
    for character in line.dropFirst().dropLast() {
      if escaped { current.append(character); escaped = false; continue }
      if character == "\\" { escaped = true; current.append(character); continue }
      if character == "|" { cells.append(current); current = ""; continue }
      current.append(character)
    }
    cells.append(current)
    return cells
  }

  @Test func tablesHaveConsistentColumns() throws {
    let text = try ReportRenderer.render(ReportFixture.report, as: .markdown, options: RenderOptions())
    var expected: Int?
    var tables = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      guard line.hasPrefix("|") else { expected = nil; continue }
      #expect(line.hasSuffix("|"))
      let count = Self.cells(line).count
      if let expected { #expect(count == expected, "\(line)") } else { expected = count; tables += 1 }
    }
    #expect(tables >= 8)
    #expect(text.contains("## Funnel"))
    #expect(text.contains("| awareness | 12,345 | 100.0% |"))
  }

  @Test func escapesUserText() throws {
    let text = try ReportRenderer.render(ReportFixture.report, as: .markdown, options: RenderOptions())
    #expect(!text.contains("<script>"))
    #expect(text.contains("news&lt;script&gt;"))
  }
}

@Suite struct CSVReportRendererTests {
  /// An RFC 4180 parser: records of fields.
  static func parse(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(text.unicodeScalars)[...]
    while let c = characters.popFirst() {
      if quoted {
        if c == "\"" {
          if characters.first == "\"" { characters.removeFirst(); field.unicodeScalars.append("\"") } else { quoted = false }
        } else {
          field.unicodeScalars.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == "," {
        record.append(field); field = ""
      } else if c == "\r" {
        continue
      } else if c == "\n" {
        record.append(field); field = ""
        records.append(record); record = []
      } else {
        field.unicodeScalars.append(c)
      }
    }
    if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
    return records
  }

  @Test func everyRecordHasTheHeaderFieldCount() throws {
    let text = try ReportRenderer.render(ReportFixture.report, as: .csv, options: RenderOptions())
    #expect(text.hasSuffix("\r\n"))
    let records = Self.parse(text)
    let header = try #require(records.first)
    #expect(header.first == "section")
    for record in records { #expect(record.count == header.count, "\(record)") }
    let sections = Set(records.dropFirst().map { $0[0] })
    for section in ["funnel", "transition", "path", "breakdown", "summary", "reject", "reject_sample", "entry", "exit", "input"] {
      #expect(sections.contains(section), "missing \(section)")
    }
  }

  @Test func quotesAndKeepsExactValues() throws {
    let text = try ReportRenderer.render(ReportFixture.report, as: .csv, options: RenderOptions())
    let records = Self.parse(text)
    let header = records[0]
    let value = header.firstIndex(of: "value")!
    #expect(records.contains { $0[value] == ReportFixture.hostileValue })
    let stage = header.firstIndex(of: "stage")!
    let conversion = header.firstIndex(of: "conversion_from_start")!
    let decision = try #require(records.first { $0[0] == "funnel" && $0[stage] == "decision" })
    #expect(Double(decision[conversion]) == Double(3_120) / Double(12_345))
    let samples = records.filter { $0[0] == "reject_sample" }
    #expect(samples.count == 2)
    #expect(samples[1][header.firstIndex(of: "file")!] == "/exports/2026-11-21/events \"late\".csv")
  }
}
