import Foundation
import JourneyModel
import JourneyPipeline
import JourneyRender
import JourneyTestSupport
import Synchronization
import Testing

/// SPEC §11 "Nothing silent": each case is one line on stderr and one `warnings[]` entry of the
/// JSON, located in the config where it is written there; a clean run has `warnings: []`.
@Suite struct SilentCaseWarningTests {
  static let config = """
    input:
      format: ndjson
      fields:
        user: userId
        time: timestamp
        event: event
    stages: [view, buy]
    rules:
      - stage: buy
        event: Order Completed
      - stage: view
        event: Product Viewed

    """

  static let events = [
    #"{"userId":"a","timestamp":100,"event":"Product Viewed","src":"g"}"#,
    #"{"userId":"a","timestamp":160,"event":"Order Completed"}"#,
    #"{"userId":"b","timestamp":50,"event":"Product Viewed"}"#,
    #"{"userId":"b","timestamp":70,"event":"Order Completed"}"#,
    #"{"userId":"c","timestamp":90,"event":"Order Completed"}"#,
    #"{"userId":"c","timestamp":3690,"event":"Help"}"#,
  ]

  struct Run {
    var lines: [String]
    var json: [String: Any]
    var folder: String
    var warnings: [[String: Any]] { json["warnings"] as? [[String: Any]] ?? [] }
    /// The JSON entries as stderr lines (`location: warning: message`).
    var entries: [String] {
      warnings.map { entry in
        ((entry["location"] as? String).map { "\($0): " } ?? "").replacingOccurrences(of: folder + "/", with: "")
          + "warning: " + (entry["message"] as? String ?? "")
      }
    }
  }

  static func run(
    _ config: String?, events: [String] = events, preset: String? = nil, threads: Int = 1, timeout: Microseconds? = nil,
    from: Microseconds? = nil, to: Microseconds? = nil, checker: ReportChecker
  ) throws -> Run {
    let folder = TestPaths.temporaryDirectory("journey-e2e-silent")
    defer { try? FileManager.default.removeItem(at: folder) }
    var settings = RunSettings()
    if let config {
      let url = folder.appendingPathComponent("journey.yaml")
      try Data(config.utf8).write(to: url)
      settings.configPath = url.path
    }
    settings.preset = preset
    // Two files: a two-thread run classifies them on different threads.
    let half = events.count / 2
    for (index, part) in [events[..<half], events[half...]].enumerated() {
      let url = folder.appendingPathComponent("events-\(index).ndjson")
      try Data((part.joined(separator: "\n") + "\n").utf8).write(to: url)
      settings.inputs.append(url.path)
    }
    settings.threads = threads
    settings.timeout = timeout
    settings.from = from
    settings.to = to
    settings.temporaryDirectory = folder.path
    let lines = Mutex<[String]>([])
    settings.warn = { line in lines.withLock { $0.append(line) } }
    let json = try checker.add(try JSONReportRenderer.data(try ReportPipeline.run(settings).report), "silent")
    let relative = lines.withLock { $0 }.map { $0.replacingOccurrences(of: folder.path + "/", with: "") }
    return Run(lines: relative, json: json, folder: folder.path)
  }

  @Test(arguments: [1, 2])
  func aCleanRunHasAnEmptyWarningList(threads: Int) throws {
    let checker = ReportChecker()
    let run = try Self.run(Self.config, threads: threads, checker: checker)
    checker.validateAll()
    #expect(run.lines.isEmpty)
    #expect(run.json["warnings"] as? [Any] != nil && run.warnings.isEmpty)
  }

  /// `Order Complete` for `Order Completed`: purchase would be 0 units with exit 0.
  @Test(arguments: [1, 2])
  func aTypoInAnEventNameNamesTheNearestValueAndItsEvents(threads: Int) throws {
    let checker = ReportChecker()
    let config = Self.config.replacingOccurrences(of: "event: Order Completed", with: "event: Order Complete")
    let run = try Self.run(config, threads: threads, checker: checker)
    checker.validateAll()
    let expected = "journey.yaml:9:5: warning: rules[0] (stage buy) took no event: no event has event 'Order Complete'; did you mean 'Order Completed' (3 events)?"
    #expect(run.lines == [expected])
    #expect(run.entries == [expected])
    #expect(run.warnings.first?["kind"] as? String == "rule-matched-nothing")
  }

  @Test func aRuleEarlierRulesShadowSaysSo() throws {
    let checker = ReportChecker()
    let config = Self.config + "  - stage: view\n    event: [Help, Order Completed]\n"
    let run = try Self.run(config, checker: checker)
    checker.validateAll()
    // Help is taken by the new rule; a third rule for Order Completed alone would take nothing.
    let shadowed = config + "  - stage: view\n    event: Order Completed\n"
    let second = try Self.run(shadowed, checker: checker)
    #expect(run.lines.isEmpty, "\(run.lines)")
    #expect(second.lines == ["journey.yaml:15:5: warning: rules[3] (stage view) took no event: earlier rules take every event with event 'Order Completed' (3 events)"])
  }

  @Test func aValueNoEventHasAtAllIsSaidPlainly() throws {
    let checker = ReportChecker()
    let config = Self.config + "  - stage: view\n    field: page\n    equals: /home\n"
    let run = try Self.run(config, checker: checker)
    #expect(run.lines == ["journey.yaml:13:5: warning: rules[2] (stage view) took no event: no event has a value for page"])
  }

  /// A preset covers more events than one export has: only a stage none of its rules fed is said.
  @Test func aPresetStageWithoutEventsIsOneWarning() throws {
    let checker = ReportChecker()
    let events = Self.events.filter { !$0.contains("Order Completed") }
    let run = try Self.run(nil, events: events, preset: "segment", checker: checker)
    checker.validateAll()
    #expect(run.lines == [
      "warning: no event matches a rule of stage purchase (preset segment): the stage has 0 units",
      "warning: no event matches a rule of stage decision (preset segment): the stage has 0 units",
      "warning: no event matches a rule of stage awareness (preset segment): the stage has 0 units",
    ])
    #expect(run.entries == run.lines)
  }

  @Test func anExcludeConditionThatDroppedNothing() throws {
    let checker = ReportChecker()
    let config = Self.config + "exclude:\n  - field: src\n    equals: bot\n  - event: Help\n"
    let run = try Self.run(config, checker: checker)
    checker.validateAll()
    #expect(run.lines == ["journey.yaml:14:5: warning: exclude[0] dropped no event"])
    #expect(run.json["summary"].flatMap { ($0 as? [String: Any])?["excluded"] as? Int } == 1)
  }

  @Test func aBreakdownFieldNoEventHas() throws {
    let checker = ReportChecker()
    let run = try Self.run(Self.config + "breakdown:\n  - field: src\n  - field: utm\n", checker: checker)
    checker.validateAll()
    #expect(run.lines == ["journey.yaml:15:12: warning: no event has a value for the breakdown field utm; every unit is (none)"])
    #expect(run.warnings.first?["kind"] as? String == "breakdown-field-missing")
  }

  /// `dedupe: messageID` (a typo of `messageId`) would drop nothing and say nothing; an id that is
  /// empty on every event is no better. One event with an id is enough to be quiet.
  @Test(arguments: [1, 2])
  func aDedupeFieldNoEventHas(threads: Int) throws {
    let checker = ReportChecker()
    let run = try Self.run(Self.config + "dedupe: messageID\n", threads: threads, checker: checker)
    checker.validateAll()
    #expect(run.lines == ["journey.yaml:13:9: warning: no event has a value for the dedupe field messageID; no event was dropped as a repeat"])
    #expect(run.entries == run.lines)
    #expect(run.warnings.first?["kind"] as? String == "dedupe-field-missing")
    let empty = Self.events.map { $0.replacingOccurrences(of: "{", with: #"{"mid":"","#) }
    let emptyRun = try Self.run(Self.config + "dedupe: mid\n", events: empty, threads: threads, checker: checker)
    #expect(emptyRun.lines == ["journey.yaml:13:9: warning: no event has a value for the dedupe field mid; no event was dropped as a repeat"])
    var one = empty
    one[4] = one[4].replacingOccurrences(of: #""mid":"""#, with: #""mid":"m1""#)
    #expect(try Self.run(Self.config + "dedupe: mid\n", events: one, threads: threads, checker: checker).lines.isEmpty)
  }

  /// A `new_on_change` field no event has splits no session; an event with a value is enough to be
  /// quiet (`src` is on one event).
  @Test(arguments: [1, 2])
  func aNewOnChangeFieldNoEventHas(threads: Int) throws {
    let checker = ReportChecker()
    let config = Self.config + "sessions:\n  timeout: 30m\n  new_on_change: utm\n"
    let run = try Self.run(config, threads: threads, checker: checker)
    checker.validateAll()
    #expect(run.lines == ["journey.yaml:15:18: warning: no event has a value for the sessions.new_on_change field utm; no session was split by it"])
    #expect(run.entries == run.lines)
    #expect(run.warnings.first?["kind"] as? String == "new-on-change-field-missing")
    let quiet = try Self.run(config.replacingOccurrences(of: "utm", with: "src"), threads: threads, checker: checker)
    #expect(quiet.lines.isEmpty)
  }

  /// Today every step would read "0 dropped · N in progress" as if nobody dropped.
  @Test func aFunnelWindowLongerThanTheData() throws {
    let checker = ReportChecker()
    let config = Self.config + "funnel:\n  scope: user\n  window: 2h\n"
    let run = try Self.run(config, checker: checker)
    checker.validateAll()
    #expect(run.lines == ["journey.yaml:15:11: warning: the funnel window (2h) is longer than the data's time span (1 hour): no unit can be counted as dropped, and every unit that did not convert is in progress"])
    let fits = try Self.run(config.replacingOccurrences(of: "2h", with: "1h"), checker: checker)
    #expect(fits.lines.isEmpty, "the span (3,640 s) is longer than 1h: \(fits.lines)")
  }

  @Test func aTimeoutWhereSessionsAreTheExportsIds() throws {
    let checker = ReportChecker()
    let config = Self.config.replacingOccurrences(of: "    event: event\n", with: "    event: event\n    session: sid\n")
    let run = try Self.run(config, timeout: 600_000_000, checker: checker)
    checker.validateAll()
    #expect(run.lines == ["warning: --timeout has no effect: sessions are the export's own ids (input.fields.session: sid)"])
    #expect(run.warnings.first?["kind"] as? String == "timeout-ignored")
  }

  /// Events outside --from/--to are out of range, not "excluded" (which counts `exclude:` alone);
  /// the bounds are recorded in the JSON (SPEC §11).
  @Test(arguments: [1, 2])
  func outOfRangeEventsAreCountedApartFromExcluded(threads: Int) throws {
    let checker = ReportChecker()
    let config = Self.config + "exclude:\n  - event: Help\n"
    let run = try Self.run(config, threads: threads, from: 60_000_000, to: 3_690_000_000, checker: checker)
    checker.validateAll()
    let summary = try #require(run.json["summary"] as? [String: Any])
    // b's first event at 50 s is before --from; c's Help at 3,690 s is at --to (exclusive) but
    // `exclude:` is decided first, so it counts as excluded.
    #expect(summary["events"] as? Int == 6)
    #expect(summary["out_of_range"] as? Int == 1)
    #expect(summary["excluded"] as? Int == 1)
    #expect(summary["from"] as? String == "1970-01-01T00:01:00Z")
    #expect(summary["to"] as? String == "1970-01-01T01:01:30Z")
    let inRange = try Self.run(config, threads: threads, checker: checker)
    let all = try #require(inRange.json["summary"] as? [String: Any])
    #expect(all["excluded"] as? Int == 1 && all["out_of_range"] as? Int == 0)
    #expect(all["from"] is NSNull && all["to"] is NSNull)
  }

  @Test func aPersonaNobodyIsInIsInTheJSONToo() throws {
    let checker = ReportChecker()
    let config = Self.config + "personas:\n  - name: Helpers\n    did: { event: Help }\n  - name: Typo\n    did: { event: Hepl }\n"
    let run = try Self.run(config, checker: checker)
    checker.validateAll()
    let expected = "journey.yaml:16:5: warning: no user is in persona 'Typo' (none of the 3 users meets its condition)"
    #expect(run.lines == [expected])
    #expect(run.entries == [expected])
  }
}

/// `journey report` reading a terminal says how to end the input instead of waiting silently
/// (SPEC §11). `script(1)` gives the command a pseudo-terminal; the line typed, then Ctrl-D.
@Suite struct TerminalInputTests {
  @Test func readingATerminalSaysCtrlDEnds() throws {
    try JourneyCLI.requireBinary()
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
      Issue.record("script(1) (bsdutils) is needed for a pseudo-terminal")
      return
    }
    let folder = TestPaths.temporaryDirectory("journey-e2e-tty")
    defer { try? FileManager.default.removeItem(at: folder) }
    let report = folder.appendingPathComponent("report.json")
    let config = TestPaths.repository.appendingPathComponent(E2E.tinyConfig).path
    let command = "'\(JourneyCLI.executable.path)' report -c '\(config)' --progress never -o '\(report.path)'"
    let typed = Data(#"{"userId":"u1","timestamp":1,"event":"Order Completed"}"#.utf8 + [0x0A, 0x04])
    let transcript = try Shell.run(
      "script", ["-q", "-e", "-c", command, folder.appendingPathComponent("typescript").path], stdin: typed)
    let text = String(decoding: transcript, as: UTF8.self)
    #expect(text.contains("warning: reading standard input; Ctrl-D ends"), "\(text)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any])
    #expect(E2E.int(json, "events") == 1)
    let warnings = json["warnings"] as? [[String: Any]] ?? []
    #expect(warnings.first?["kind"] as? String == "standard-input-terminal")
    // Piped, it says nothing of the kind.
    let piped = try JourneyCLI.run(["report", "-c", config, "--progress", "never", "-f", "json"], stdin: typed.dropLast())
    #expect(!piped.stderr.contains("Ctrl-D"), "\(piped.stderr)")
  }
}
