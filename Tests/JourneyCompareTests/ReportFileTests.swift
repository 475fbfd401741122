import Foundation
import JourneyCompare
import JourneyModel
import JourneyReports
import JourneyTestSupport
import Testing

@Suite struct ReportFileTests {
  static func json(_ report: JourneyReport) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try encoder.encode(report)
  }

  /// The report's JSON with `edit` applied to it as a dictionary.
  static func edited(_ edit: (inout [String: Any]) -> Void) throws -> Data {
    var object = try #require(
      try JSONSerialization.jsonObject(with: json(ComparisonFixture.report(units: [10, 5, 2, 1]))) as? [String: Any])
    edit(&object)
    return try JSONSerialization.data(withJSONObject: object)
  }

  static func refusal(_ data: Data) -> JourneyError? {
    do {
      _ = try ReportFile.decode(data, file: "week-1.json")
      return nil
    } catch {
      return error
    }
  }

  @Test func aReportReadsBackAsItWasWritten() throws {
    let report = ComparisonFixture.report(units: [10, 5, 2, 1], exits: [[("/home", 3)]])
    #expect(try ReportFile.decode(Self.json(report), file: "r.json") == report)
  }

  /// Last week's report from the version before: `journey-report/2`, where a transition's row
  /// share was `probability`; it reads as the same report.
  @Test func aPreviousVersionsReportReadsTheSame() throws {
    var report = ComparisonFixture.report(units: [10, 5, 2, 1])
    report.transitions = [JourneyReport.Transition(from: "(start)", to: "view", count: 10, probability: 1)]
    let old = try Self.edited { object in
      object["schema"] = "journey-report/2"
      object["transitions"] = [["from": "(start)", "to": "view", "count": 10, "probability": 1.0]]
    }
    let read = try ReportFile.decode(old, file: "week-1.json")
    #expect(read.transitions == report.transitions)
    #expect(read.schema == "journey-report/2")
    // Written now, the share has its one name.
    let text = String(decoding: try Self.json(report), as: UTF8.self)
    #expect(text.contains(#""share":1"#) && !text.contains("probability"))
  }

  @Test func aReportFileIsReadFromDisk() throws {
    let folder = TestPaths.temporaryDirectory("journey-compare")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("week-1.json")
    let report = ComparisonFixture.report(units: [10, 5, 2, 1])
    try Self.json(report).write(to: file)
    #expect(try ReportFile.load(file.path) == report)
  }

  @Test(arguments: [
    ("{not json", "week-1.json: not a journey report: not JSON (cannot parse it)"),
    ("", "week-1.json: not a journey report: not JSON (the file is empty)"),
    ("[1, 2]", "week-1.json: not a journey report: no \"schema\": \"journey-report/3\" (make one with `journey report -f json`)"),
    ("{\"events\": 3}", "week-1.json: not a journey report: no \"schema\": \"journey-report/3\" (make one with `journey report -f json`)"),
    (
      "{\"schema\": \"journey-report/1\"}",
      "week-1.json: is a journey-report/1 report; compare reads journey-report/3 and journey-report/2 (make the report again with this journey)"
    ),
    (
      "{\"schema\": \"journey-compare/1\"}",
      "week-1.json: not a journey report: its schema is journey-compare/1, not journey-report/3"
    ),
  ])
  func aFileThatIsNotAReportIsRefusedNamingIt(text: String, message: String) {
    let error = Self.refusal(Data(text.utf8))
    #expect(error?.description == message)
    #expect(error?.kind == .input)
  }

  @Test func aMissingKeyIsNamedByItsPath() throws {
    let data = try Self.edited { object in
      var funnel = object["funnel"] as! [String: Any]
      var steps = funnel["steps"] as! [[String: Any]]
      steps[1].removeValue(forKey: "units")
      funnel["steps"] = steps
      object["funnel"] = funnel
    }
    #expect(Self.refusal(data)?.description == "week-1.json: not a journey report: funnel.steps[1].units is missing")
  }

  @Test func aMistypedValueIsNamedByItsPath() throws {
    let data = try Self.edited { object in
      var summary = object["summary"] as! [String: Any]
      summary["units"] = "many"
      object["summary"] = summary
    }
    #expect(Self.refusal(data)?.description == "week-1.json: not a journey report: summary.units is not an integer")
  }

  @Test func aMissingFileIsAnInputErrorNamingIt() {
    let path = TestPaths.temporaryDirectory("journey-compare").appendingPathComponent("nothing.json").path
    #expect(throws: JourneyError(kind: .input, location: path, message: "cannot read: No such file or directory")) {
      try ReportFile.load(path)
    }
  }

  @Test func aFolderIsAnInputErrorNamingIt() {
    let folder = TestPaths.temporaryDirectory("journey-compare")
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(throws: JourneyError(kind: .input, location: folder.path, message: "cannot read: Is a directory")) {
      try ReportFile.load(folder.path)
    }
  }
}
