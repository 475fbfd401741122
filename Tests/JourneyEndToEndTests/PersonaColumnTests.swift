import Foundation
import JourneyTestSupport
import Testing

/// The `personas` column of `journey sessions` and `journey classify` (SPEC §9) on a tiny input
/// whose membership is computed by hand:
///
/// - `a`: first `src` google, and bought: Google and Buyer (a user in two personas);
/// - `b`: first `src` empty, the next one google: Google (first touch is the first non-empty value);
/// - `c`: first `src` bing, no purchase: `(no persona)`;
/// - `z`: only an excluded event: not a user of the run (classify: empty).
///
/// Line 7 is an excluded event of `a`, line 8 a record without user, line 9 an event of `c` with a
/// bad time, line 10 not JSON (a reject that is no row).
@Suite struct PersonaColumnTests {
  static let config = """
    input:
      format: ndjson
      fields: {user: userId, time: timestamp, event: event}
    exclude:
      - field: bot
        in: ["1"]
    sessions: {timeout: 30m}
    stages: [view, cart, purchase]
    rules:
      - {stage: purchase, event: Order Completed}
      - {stage: cart, event: Product Added}
      - {stage: view, event: Product Viewed}
    personas:
      - name: Google
        first_touch: { field: src, in: [google] }
      - name: Buyer
        did: { event: Order Completed }

    """

  static let events = """
    {"userId":"a","event":"Product Viewed","timestamp":"2026-11-01T10:00:00Z","src":"google"}
    {"userId":"b","event":"Product Viewed","timestamp":"2026-11-01T10:00:00Z","src":""}
    {"userId":"b","event":"Product Added","timestamp":"2026-11-01T10:01:00Z","src":"google"}
    {"userId":"a","event":"Order Completed","timestamp":"2026-11-01T10:02:00Z","src":"bing"}
    {"userId":"c","event":"Product Viewed","timestamp":"2026-11-01T10:00:00Z","src":"bing"}
    {"userId":"z","event":"Order Completed","timestamp":"2026-11-01T10:03:00Z","src":"google","bot":"1"}
    {"userId":"a","event":"Product Viewed","timestamp":"2026-11-01T10:04:00Z","bot":"1"}
    {"event":"Product Viewed","timestamp":"2026-11-01T10:05:00Z"}
    {"userId":"c","event":"Product Viewed","timestamp":"yesterday"}
    {not json

    """

  /// The config and events in a fresh folder; the config without `personas:` too.
  struct Files {
    let folder: URL
    var config: String { folder.appendingPathComponent("personas.yaml").path }
    var plainConfig: String { folder.appendingPathComponent("plain.yaml").path }
    var events: String { folder.appendingPathComponent("events.ndjson").path }

    init() throws {
      folder = TestPaths.temporaryDirectory("journey-e2e-persona-column")
      try Data(PersonaColumnTests.config.utf8).write(to: URL(fileURLWithPath: config))
      let plain = PersonaColumnTests.config.components(separatedBy: "personas:")[0]
      try Data(plain.utf8).write(to: URL(fileURLWithPath: plainConfig))
      try Data(PersonaColumnTests.events.utf8).write(to: URL(fileURLWithPath: events))
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
  }

  /// Rows of users come in the store's order, not input order: compared as sorted lines.
  static func sortedLines(_ text: String) -> [String] {
    text.split(separator: "\n").map(String.init).sorted()
  }

  @Test(arguments: [1, 2]) func sessionsNDJSONEndsInThePersonasArray(threads: Int) throws {
    let files = try Files()
    defer { files.remove() }
    let result = try JourneyCLI.run(["sessions", "--threads", "\(threads)", "-c", files.config, files.events])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(Self.sortedLines(result.stdoutText) == [
      #"{"user":"a","session":1,"time":"2026-11-01T10:00:00Z","stage":"view","event":"Product Viewed","personas":["Google","Buyer"]}"#,
      #"{"user":"a","session":1,"time":"2026-11-01T10:02:00Z","stage":"purchase","event":"Order Completed","personas":["Google","Buyer"]}"#,
      #"{"user":"b","session":1,"time":"2026-11-01T10:00:00Z","stage":"view","event":"Product Viewed","personas":["Google"]}"#,
      #"{"user":"b","session":1,"time":"2026-11-01T10:01:00Z","stage":"cart","event":"Product Added","personas":["Google"]}"#,
      #"{"user":"c","session":1,"time":"2026-11-01T10:00:00Z","stage":"view","event":"Product Viewed","personas":["(no persona)"]}"#,
    ])
  }

  @Test func sessionsCSVHasAPersonasColumnJoinedByBars() throws {
    let files = try Files()
    defer { files.remove() }
    let out = files.folder.appendingPathComponent("sessions.csv")
    let result = try JourneyCLI.run(["sessions", "-f", "csv", "-o", out.path, "-c", files.config, files.events])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map(String.init)
    #expect(lines.first == "user,session,export_session,time,stage,event,personas")
    #expect(lines.dropFirst().sorted() == [
      "a,1,,2026-11-01T10:00:00Z,view,Product Viewed,Google|Buyer",
      "a,1,,2026-11-01T10:02:00Z,purchase,Order Completed,Google|Buyer",
      "b,1,,2026-11-01T10:00:00Z,view,Product Viewed,Google",
      "b,1,,2026-11-01T10:01:00Z,cart,Product Added,Google",
      "c,1,,2026-11-01T10:00:00Z,view,Product Viewed,(no persona)",
    ])
  }

  /// Without `personas:` the rows are those of before: no column, in either format.
  @Test func sessionsWithoutPersonasHaveNoColumn() throws {
    let files = try Files()
    defer { files.remove() }
    let csv = try JourneyCLI.run(["sessions", "-f", "csv", "-c", files.plainConfig, files.events])
    #expect(csv.stdoutText.hasPrefix("user,session,export_session,time,stage,event\n"))
    #expect(Self.sortedLines(csv.stdoutText).contains("c,1,,2026-11-01T10:00:00Z,view,Product Viewed"))
    let ndjson = try JourneyCLI.run(["sessions", "-c", files.plainConfig, files.events])
    #expect(Self.sortedLines(ndjson.stdoutText).contains(
      #"{"user":"c","session":1,"time":"2026-11-01T10:00:00Z","stage":"view","event":"Product Viewed"}"#))
    #expect(!ndjson.stdoutText.contains("personas"))
  }

  /// Persona names are text from the config: quoted in both formats, a spreadsheet formula defused.
  @Test func sessionsQuotePersonaNames() throws {
    let files = try Files()
    defer { files.remove() }
    let config = Self.config
      .replacingOccurrences(of: "name: Google", with: #"name: "=Paid, \"search\"""#)
    try Data(config.utf8).write(to: URL(fileURLWithPath: files.config))
    let csv = try JourneyCLI.run(["sessions", "-f", "csv", "-c", files.config, files.events])
    #expect(csv.status == 0, "\(csv.stderr)")
    #expect(Self.sortedLines(csv.stdoutText).contains(##"b,1,,2026-11-01T10:01:00Z,cart,Product Added,"'=Paid, ""search""""##))
    let ndjson = try JourneyCLI.run(["sessions", "-c", files.config, files.events])
    #expect(ndjson.stdoutText.contains(#""personas":["=Paid, \"search\"","Buyer"]}"#))
  }
}
