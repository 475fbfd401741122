import Foundation
import JourneyTestSupport
import Testing

/// `journey sessions` and `journey classify` on the tiny fixture (see TinyReportTests for its story).
@Suite struct SessionsAndClassifyTests {
  /// Per user: (session number, time, stage or "", event), in the order written.
  static let expected: [String: [String]] = [
    "u1": [
      "1 2026-11-01T10:00:00Z view Product Viewed", "1 2026-11-01T10:05:00Z cart Product Added",
      "1 2026-11-01T10:35:00Z checkout Checkout Started", "1 2026-11-01T10:40:00Z purchase Order Completed",
      "2 2026-11-01T12:00:00Z view Product Viewed", "3 2026-11-01T12:30:01Z view Product Viewed",
    ],
    "u2": [
      "1 2026-11-01T10:00:00Z view Product Viewed", "1 2026-11-01T10:01:00Z checkout Checkout Started",
      "1 2026-11-01T10:02:00Z cart Product Added", "1 2026-11-01T10:03:00Z purchase Order Completed",
    ],
    "u3": [
      "1 2026-11-01T10:00:00Z  Help Viewed", "1 2026-11-01T10:10:00Z view Product Viewed",
      "1 2026-11-01T10:20:00Z cart Product Added", "1 2026-11-01T10:25:00Z view Product Viewed",
      "1 2026-11-01T10:30:00Z checkout Checkout Started",
    ],
    "u4": [
      "1 2026-11-01T23:50:00Z cart Product Added", "1 2026-11-02T00:10:00Z purchase Order Completed",
      "2 2026-11-02T05:00:00Z  Help Viewed",
    ],
  ]

  static func grouped(_ rows: [(user: String, row: String)]) -> [String: [String]] {
    var result: [String: [String]] = [:]
    var seen: [String] = []
    for (user, row) in rows {
      if seen.last != user {
        // Each user's rows come together ("user by user").
        #expect(!seen.contains(user), "rows of \(user) are not contiguous")
        seen.append(user)
      }
      result[user, default: []].append(row)
    }
    return result
  }

  /// With the export's session ids, sessions that overlap in time stay together, in the order they
  /// start, each in time order (what the README and --help say).
  @Test(arguments: [1, 2])
  func exportSessionsStayTogetherInTheOrderTheyStart(threads: Int) throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-export-order")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = folder.appendingPathComponent("es.yaml")
    try Data("""
      input:
        format: ndjson
        fields: {user: u, time: t, event: e, session: s}
      stages: [a, b]
      rules:
        - {stage: b, event: B}
        - {stage: a, event: A}

      """.utf8).write(to: config)
    let events = folder.appendingPathComponent("es.ndjson")
    try Data("""
      {"u":"x","t":10,"e":"A","s":"s2"}
      {"u":"x","t":5,"e":"A","s":"s1"}
      {"u":"x","t":20,"e":"B","s":"s1"}
      {"u":"x","t":15,"e":"B","s":"s2"}

      """.utf8).write(to: events)
    let result = try JourneyCLI.run(["sessions", "--threads", "\(threads)", "-c", config.path, events.path, "-f", "csv"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdoutText == """
      user,session,export_session,time,stage,event
      x,1,s1,1970-01-01T00:00:05Z,a,A
      x,1,s1,1970-01-01T00:00:20Z,b,B
      x,2,s2,1970-01-01T00:00:10Z,a,A
      x,2,s2,1970-01-01T00:00:15Z,b,B

      """)
  }

  @Test func sessionsAsNDJSON() throws {
    let result = try JourneyCLI.run(["sessions", "-c", E2E.tinyConfig, E2E.tiny])
    #expect(result.status == 0, "\(result.stderr)")
    let rows = try result.stdoutText.split(separator: "\n").map { line -> (user: String, row: String) in
      let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      let stage = object["stage"] as? String ?? ""
      return (
        object["user"] as? String ?? "?",
        "\(object["session"] as? Int ?? -1) \(object["time"] as? String ?? "") \(stage) \(object["event"] as? String ?? "")"
      )
    }
    #expect(rows.count == 18)
    #expect(Self.grouped(rows) == Self.expected)
  }

  /// The event name is read for the rows even when no rule reads it (it was missing from the
  /// parsers' fields: with several threads, `sessions` crashed).
  @Test(arguments: [1, 2]) func sessionsNameEventsNoRuleReads(threads: Int) throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-event-names")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = folder.appendingPathComponent("by-source.yaml")
    try Data("""
      input:
        fields: {user: userId, time: timestamp, event: event}
      stages: [paid]
      rules:
        - stage: paid
          field: context.campaign.source
          in: [google]
      """.utf8).write(to: config)
    let result = try JourneyCLI.run(["sessions", "--threads", "\(threads)", "-f", "csv", "-c", config.path, E2E.tiny])
    #expect(result.status == 0, "\(result.stderr)")
    let rows = result.stdoutText.split(separator: "\n").dropFirst()
    #expect(rows.count == 18)
    #expect(rows.allSatisfy { !$0.hasSuffix(",") }, "every row has its event name")
    #expect(rows.contains { $0.hasSuffix(",paid,Product Viewed") })
  }

  @Test func sessionsAsCSVToAFile() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-sessions")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("sessions.csv")
    let result = try JourneyCLI.run(["sessions", "-c", E2E.tinyConfig, "-f", "csv", "-o", out.path, E2E.tiny])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(E2E.names(in: folder) == ["sessions.csv"])
    let lines = try String(contentsOf: out, encoding: .utf8).split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" }
    #expect(lines.first == "user,session,export_session,time,stage,event")
    let rows = lines.dropFirst().map { line -> (user: String, row: String) in
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard cells.count == 6 else { return ("?", String(line)) }
      return (cells[0], "\(cells[1]) \(cells[3]) \(cells[4]) \(cells[5])")
    }
    #expect(rows.count == 18)
    #expect(Self.grouped(rows) == Self.expected)
    // The same events through stdin give the same bytes.
    let bytes = try Data(contentsOf: TestPaths.repository.appendingPathComponent(E2E.tiny))
    let piped = try JourneyCLI.run(["sessions", "-c", E2E.tinyConfig, "-f", "csv", "-"], stdin: bytes)
    #expect(piped.stdout == (try Data(contentsOf: out)))
  }

  @Test func classifyNamesTheRuleLines() throws {
    let result = try JourneyCLI.run(["classify", "-f", "ndjson", "-c", E2E.tinyConfig, E2E.tiny])
    #expect(result.status == 0, "\(result.stderr)")
    let rows = try result.stdoutText.split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    #expect(rows.count == 18)
    #expect(rows.map { $0["line"] as? Int } == Array(1...18), "input order")
    // tiny.yaml: purchase rule at line 12, checkout 14, cart 16, view 18.
    let ruleLine = ["purchase": 12, "checkout": 14, "cart": 16, "view": 18]
    for row in rows {
      if let stage = row["stage"] as? String {
        #expect(row["rule"] as? String == "\(E2E.tinyConfig):\(ruleLine[stage] ?? -1)", "line \(row["line"] ?? "")")
      } else {
        #expect(row["event"] as? String == "Help Viewed")
        #expect(row["rule"] is NSNull)
      }
    }
    #expect(rows.filter { $0["stage"] is NSNull }.map { $0["line"] as? Int } == [3, 18])
  }

  @Test func classifyExplainSaysWhyEarlierRulesFailed() throws {
    let result = try JourneyCLI.run(["classify", "--explain", "-c", E2E.tinyConfig, "--limit", "3", E2E.tiny])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdoutText.split(separator: "\n").map(String.init)
    // Event 1 is a view: rules at lines 12, 14, 16 fail on the event name, 18 matches.
    let first = try #require(lines.firstIndex { $0.hasPrefix("\(E2E.tiny):1 ") })
    #expect(lines[first].contains("view"))
    #expect(lines[first].contains("\(E2E.tinyConfig):18"))
    let explained = lines[(first + 1)...].prefix(4)
    #expect(explained.count == 4)
    for (line, number) in zip(explained, [12, 14, 16, 18]) {
      #expect(line.contains("\(E2E.tinyConfig):\(number):"), "\(line)")
    }
    #expect(explained.prefix(3).allSatisfy { $0.contains("no match") && $0.contains("Product Viewed") })
    #expect(explained.last?.contains("matched") == true)
    // Event 3 matches nothing: all four rules explained, no stage.
    let third = try #require(lines.firstIndex { $0.hasPrefix("\(E2E.tiny):3 ") })
    #expect(lines[third].contains("no stage"))
    #expect(lines[(third + 1)...].prefix(4).allSatisfy { $0.contains("no match") })
    #expect(!lines.contains { $0.hasPrefix("\(E2E.tiny):4 ") }, "--limit 3")
  }
}
