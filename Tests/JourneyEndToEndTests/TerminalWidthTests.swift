import Foundation
import JourneyTestSupport
import Testing

/// The table at the terminal's width, end to end (SPEC §11): a 12-stage config with 40-character
/// stage names, long user agents as the breakdown and long page paths as touchpoints, rendered with
/// `COLUMNS` 80 and 120, without it (a file: 100) and to a file.
@Suite struct TerminalWidthTests {
  static let stages = (1...12).map { "customer journey stage \($0 < 10 ? "0" : "")\($0) of the webshop" }
  static let agents = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  ]

  /// A folder with the config and 60 users: user u walks through the first 1 + u % 12 stages.
  static func workspace() throws -> URL {
    let folder = TestPaths.temporaryDirectory("terminal-width")
    var config = """
      input:
        format: ndjson
        fields: { user: userId, time: timestamp, event: event }
      sessions:
        timeout: 30m
      stages:

      """
    for stage in stages { config += "  - \"\(stage)\"\n" }
    config += "rules:\n"
    for (index, stage) in stages.enumerated() { config += "  - { stage: \"\(stage)\", event: \"Event \(index + 1)\" }\n" }
    config += """
      touchpoint: context.page.path
      funnel:
        scope: session
        order: ordered
      breakdown:
        - field: context.userAgent
          top: 10

      """
    try config.write(to: folder.appendingPathComponent("journey.yaml"), atomically: true, encoding: .utf8)
    var events = ""
    for user in 0..<60 {
      for step in 0...(user % 12) {
        let time = 1_793_520_000 + user * 100 + step * 7
        let page = "/products/category-\(step)/item-\(user % 3)/details/reviews/page-\(user % 3)/index.html"
        events += "{\"userId\":\"u\(user)\",\"event\":\"Event \(step + 1)\",\"timestamp\":\(time),"
          + "\"context\":{\"userAgent\":\"\(agents[user % agents.count])\",\"page\":{\"path\":\"\(page)\"}}}\n"
      }
    }
    try events.write(to: folder.appendingPathComponent("events.ndjson"), atomically: true, encoding: .utf8)
    return folder
  }

  static func table(_ folder: URL, columns: String?, extra: [String] = []) throws -> String {
    let result = try JourneyCLI.run(
      ["report", "-c", "journey.yaml", "events.ndjson", "-f", "table", "-q"] + extra,
      environment: columns.map { ["COLUMNS": $0] } ?? [:], directory: folder)
    #expect(result.status == 0, "\(result.stderr)")
    return result.stdoutText
  }

  static func expectWithin(_ text: String, _ width: Int, sourceLocation: SourceLocation = #_sourceLocation) {
    let lines = text.split(separator: "\n")
    #expect(lines.count > 100, sourceLocation: sourceLocation)
    for line in lines where line.count > width {
      Issue.record("\(line.count) characters at \(width): \(line)", sourceLocation: sourceLocation)
    }
  }

  @Test(arguments: [80, 120])
  func tableFitsColumnsAndKeepsValuesApart(width: Int) throws {
    let folder = try Self.workspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    let text = try Self.table(folder, columns: String(width))
    Self.expectWithin(text, width)
    // Each user agent has its own row, and the three rows read differently.
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let start = try #require(lines.firstIndex { $0.hasPrefix("Breakdown by context.userAgent") })
    let rows = lines[(start + 2)...].prefix { !$0.isEmpty }
    #expect(rows.count == 3)
    let values = rows.map { $0.dropFirst(2).components(separatedBy: "  ")[0] }
    #expect(Set(values).count == 3, "\(values)")
    #expect(values.allSatisfy { $0.hasPrefix("Mozilla/5.0") && $0.contains("…") })
    // The funnel's 12 stage rows read differently too.
    let funnel = try #require(lines.firstIndex { $0 == "Funnel" })
    let stages = lines[(funnel + 1)...].prefix { !$0.isEmpty }.filter { !$0.contains("↓") && !$0.contains("in progress") }
    #expect(stages.count == 12)
    #expect(Set(stages.map { $0.dropFirst(2).components(separatedBy: "  ")[0] }).count == 12)
  }

  @Test func withoutColumnsAFileOrPipeGetsAHundredAndAFileTakesColumns() throws {
    let folder = try Self.workspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    let piped = try Self.table(folder, columns: nil)
    Self.expectWithin(piped, 100)
    #expect(piped.split(separator: "\n").contains { $0.count > 80 }, "100 columns are used")
    // Not a positive integer: as if unset.
    #expect(try Self.table(folder, columns: "wide") == piped)
    #expect(try Self.table(folder, columns: "0") == piped)
    // Below the minimum: 40.
    Self.expectWithin(try Self.table(folder, columns: "12"), 40)
    // -o FILE: COLUMNS too.
    let result = try JourneyCLI.run(
      ["report", "-c", "journey.yaml", "events.ndjson", "-o", "report.txt", "-q"], environment: ["COLUMNS": "60"], directory: folder)
    #expect(result.status == 0, "\(result.stderr)")
    Self.expectWithin(try String(contentsOf: folder.appendingPathComponent("report.txt"), encoding: .utf8), 60)
  }
}
