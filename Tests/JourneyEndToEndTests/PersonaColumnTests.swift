import Foundation
import JourneyTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

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
@Suite(.serialized) struct PersonaColumnTests {
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

  /// classify's rows as NDJSON, in input order; `FILE` stands for the input's name.
  static let classifyNDJSON = [
    #"{"file":"FILE","line":1,"user":"a","time":"2026-11-01T10:00:00Z","event":"Product Viewed","stage":"view","rule":"CONFIG:12","personas":["Google","Buyer"]}"#,
    #"{"file":"FILE","line":2,"user":"b","time":"2026-11-01T10:00:00Z","event":"Product Viewed","stage":"view","rule":"CONFIG:12","personas":["Google"]}"#,
    #"{"file":"FILE","line":3,"user":"b","time":"2026-11-01T10:01:00Z","event":"Product Added","stage":"cart","rule":"CONFIG:11","personas":["Google"]}"#,
    #"{"file":"FILE","line":4,"user":"a","time":"2026-11-01T10:02:00Z","event":"Order Completed","stage":"purchase","rule":"CONFIG:10","personas":["Google","Buyer"]}"#,
    #"{"file":"FILE","line":5,"user":"c","time":"2026-11-01T10:00:00Z","event":"Product Viewed","stage":"view","rule":"CONFIG:12","personas":["(no persona)"]}"#,
    #"{"file":"FILE","line":6,"user":null,"time":null,"event":"Order Completed","stage":null,"rule":null,"personas":[],"note":"excluded"}"#,
    #"{"file":"FILE","line":7,"user":null,"time":null,"event":"Product Viewed","stage":null,"rule":null,"personas":["Google","Buyer"],"note":"excluded"}"#,
    #"{"file":"FILE","line":8,"user":null,"time":null,"event":"Product Viewed","stage":null,"rule":null,"personas":[],"note":"rejected: no user: no value for the user field"}"#,
    #"{"file":"FILE","line":9,"user":null,"time":null,"event":"Product Viewed","stage":null,"rule":null,"personas":["(no persona)"],"note":"rejected: bad timestamp: cannot read 'yesterday' as a time"}"#,
  ]

  static func expectedClassify(file: String, config: String) -> String {
    classifyNDJSON.map {
      $0.replacingOccurrences(of: "FILE", with: file).replacingOccurrences(of: "CONFIG", with: config) + "\n"
    }.joined()
  }

  /// Excluded and rejected rows name their user's personas when the user has accepted events
  /// (lines 7, 9), nothing otherwise (6: only excluded events; 8: no user).
  @Test(arguments: [1, 2]) func classifyNDJSONNamesEachRowsPersonas(threads: Int) throws {
    let files = try Files()
    defer { files.remove() }
    let result = try JourneyCLI.run(["classify", "--threads", "\(threads)", "-f", "ndjson", "-c", files.config, files.events])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdoutText == Self.expectedClassify(file: files.events, config: files.config))
    // The rejects are warned about once, not once per read.
    #expect(result.stderr.components(separatedBy: ":9: warning: rejected record").count == 2, "\(result.stderr)")
  }

  @Test func classifyTextEndsEachLineWithThePersonas() throws {
    let files = try Files()
    defer { files.remove() }
    let result = try JourneyCLI.run(["classify", "-c", files.config, files.events])
    #expect(result.status == 0, "\(result.stderr)")
    let (e, c) = (files.events, files.config)
    #expect(result.stdoutText.split(separator: "\n").map(String.init) == [
      "\(e):1  'Product Viewed'  → view  (rule at \(c):12)  personas: Google|Buyer",
      "\(e):2  'Product Viewed'  → view  (rule at \(c):12)  personas: Google",
      "\(e):3  'Product Added'  → cart  (rule at \(c):11)  personas: Google",
      "\(e):4  'Order Completed'  → purchase  (rule at \(c):10)  personas: Google|Buyer",
      "\(e):5  'Product Viewed'  → view  (rule at \(c):12)  personas: (no persona)",
      "\(e):6  'Order Completed'  → excluded",
      "\(e):7  'Product Viewed'  → excluded  personas: Google|Buyer",
      "\(e):8  'Product Viewed'  → rejected: no user: no value for the user field",
      "\(e):9  'Product Viewed'  → rejected: bad timestamp: cannot read 'yesterday' as a time  personas: (no persona)",
    ])
  }

  /// A persona name reaches the terminal escaped, like every text from a file.
  @Test func classifyTextEscapesPersonaNames() throws {
    let files = try Files()
    defer { files.remove() }
    let config = Self.config.replacingOccurrences(of: "name: Buyer", with: #"name: "Buy\e[31mer""#)
    try Data(config.utf8).write(to: URL(fileURLWithPath: files.config))
    let result = try JourneyCLI.run(["classify", "-c", files.config, files.events])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdoutText.contains(#"personas: Google|Buy\x1b[31mer"#))
    #expect(!result.stdoutText.contains("\u{1B}"))
  }

  /// Standard input is read twice through a copy in the run's temporary folder: the rows are
  /// those of the file (named `-`), and the copy is gone afterwards.
  @Test func classifyReadsStandardInputThroughACopy() throws {
    let files = try Files()
    defer { files.remove() }
    let temporary = files.folder.appendingPathComponent("tmp")
    try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
    // A pipe, as in `zcat events.gz | journey classify -c c.yaml -`: it cannot be read twice.
    let pipe = Pipe()
    let gzipped = try Shell.run("gzip", ["-c", files.events])
    try pipe.fileHandleForWriting.write(contentsOf: gzipped)
    try pipe.fileHandleForWriting.close()
    let out = files.folder.appendingPathComponent("stdout")
    let err = files.folder.appendingPathComponent("stderr")
    let process = try JourneyCLI.start(
      ["classify", "-f", "ndjson", "-c", files.config, "-"], stdout: out, stderr: err, stdin: pipe.fileHandleForReading,
      environment: ["TMPDIR": temporary.path])
    process.waitUntilExit()
    let stderr = String(decoding: try Data(contentsOf: err), as: UTF8.self)
    #expect(process.terminationStatus == 0, "\(stderr)")
    #expect(String(decoding: try Data(contentsOf: out), as: UTF8.self) == Self.expectedClassify(file: "-", config: files.config))
    #expect(E2E.names(in: temporary) == [])
  }

  /// An interrupt while standard input is being copied ends the run (130) and removes the copy.
  @Test func interruptWhileCopyingStandardInputRemovesTheCopy() async throws {
    let files = try Files()
    defer { files.remove() }
    let temporary = files.folder.appendingPathComponent("tmp")
    try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
    let fifo = files.folder.appendingPathComponent("events.fifo")
    #expect(mkfifo(fifo.path, 0o600) == 0)
    let writer = open(fifo.path, O_RDWR)
    #expect(writer >= 0)
    defer { close(writer) }
    E2E.feed(Array(Self.events.utf8), to: writer)  // and never an end: the copy waits for more
    let reader = try #require(FileHandle(forReadingAtPath: fifo.path))
    let process = try JourneyCLI.start(
      ["classify", "-c", files.config, "-"], stdout: files.folder.appendingPathComponent("stdout"),
      stderr: files.folder.appendingPathComponent("stderr"), stdin: reader, environment: ["TMPDIR": temporary.path])
    let deadline = Date().addingTimeInterval(10)
    func copies() -> [String] {
      E2E.names(in: temporary).filter { FileManager.default.fileExists(atPath: temporary.path + "/\($0)/standard-input") }
    }
    while copies().isEmpty && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
    #expect(copies().count == 1, "the copy should exist while standard input is open")
    guard try await E2E.interrupt(process, with: SIGINT) else { return }
    #expect(process.terminationStatus == 130)
    #expect(E2E.names(in: temporary) == [])
  }

  /// Without `personas:` classify reads its inputs once and writes no personas.
  @Test func classifyWithoutPersonasHasNoColumn() throws {
    let files = try Files()
    defer { files.remove() }
    let ndjson = try JourneyCLI.run(["classify", "-f", "ndjson", "-c", files.plainConfig, files.events])
    #expect(ndjson.status == 0)
    let expected = Self.expectedClassify(file: files.events, config: files.plainConfig)
      .replacingOccurrences(of: #","personas":\[[^\]]*\]"#, with: "", options: .regularExpression)
    #expect(ndjson.stdoutText == expected)
    let text = try JourneyCLI.run(["classify", "-c", files.plainConfig, files.events])
    #expect(!text.stdoutText.contains("personas"))
    #expect(text.stdoutText.contains("\(files.events):7  'Product Viewed'  → excluded\n"))
  }

  /// `journey …` with extra environment variables, standard output and error to files in `folder`.
  static func run(_ arguments: [String], environment: [String: String], in folder: URL) throws -> (status: Int32, stdout: Data) {
    let out = folder.appendingPathComponent("run-stdout")
    let err = folder.appendingPathComponent("run-stderr")
    let process = try JourneyCLI.start(arguments, stdout: out, stderr: err, environment: environment)
    process.waitUntilExit()
    let stderr = String(decoding: try Data(contentsOf: err), as: UTF8.self)
    #expect(process.terminationStatus == 0, "\(arguments): \(stderr)")
    return (process.terminationStatus, try Data(contentsOf: out))
  }

  /// Under `--memory` the events spill to sorted runs, which the membership pass and the rows both
  /// read: the same bytes as in memory, each user with its personas (10k events of 100 users; `Even`:
  /// the id ends in an even digit, `Sevens`: in 7).
  @Test func spilledStoresGiveTheSameRowsAndPersonas() throws {
    let files = try Files()
    defer { files.remove() }
    let config = files.folder.appendingPathComponent("spill.yaml").path
    let tiny = try String(contentsOf: TestPaths.repository.appendingPathComponent(E2E.tinyConfig), encoding: .utf8)
    try Data((tiny + """
      personas:
        - name: Even
          first_touch: { field: userId, regex: "[02468]$" }
        - name: Sevens
          first_touch: { field: userId, regex: "7$" }

      """).utf8).write(to: URL(fileURLWithPath: config))
    let events = files.folder.appendingPathComponent("many.ndjson")
    try Data(E2E.tinyEvents(10_000, users: 100).utf8).write(to: events)
    let temporary = files.folder.appendingPathComponent("tmp")
    try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
    let spill = ["TMPDIR": temporary.path, "JOURNEY_MEMORY_FLOOR": "0"]
    func expected(_ user: String) -> String {
      let last = user.last!
      return "02468".contains(last) ? "Even" : last == "7" ? "Sevens" : "(no persona)"
    }
    for command in [["sessions", "-f", "csv"], ["classify", "-f", "ndjson"]] {
      let arguments = command + ["-c", config, events.path]
      let inMemory = try Self.run(arguments, environment: [:], in: files.folder).stdout
      for threads in ["1", "2"] {
        let spilled = try Self.run(arguments + ["--memory", "64K", "--threads", threads], environment: spill, in: files.folder)
        #expect(spilled.stdout == inMemory, "\(command[0]) with --threads \(threads)")
        #expect(E2E.names(in: temporary) == [], "the spill folder is removed")
      }
      let rows = String(decoding: inMemory, as: UTF8.self).split(separator: "\n").dropFirst(command[0] == "sessions" ? 1 : 0)
      #expect(rows.count == 10_000)
      let wrong = try rows.filter { row in
        if command[0] == "sessions" {
          let cells = row.split(separator: ",", omittingEmptySubsequences: false)
          return cells.last.map(String.init) != expected(String(cells[0]))
        }
        let object = try JSONSerialization.jsonObject(with: Data(row.utf8)) as? [String: Any]
        return object?["personas"] as? [String] != [expected(object?["user"] as? String ?? "")]
      }
      #expect(wrong.isEmpty, "\(command[0]): \(wrong.prefix(3))")
    }
  }

  /// The copy of standard input cannot be made: a temporary folder that cannot be created, or a
  /// disk that fills (a file-size limit of 1 KiB, SIGXFSZ ignored): an input error naming the
  /// path and the reason, no row written, nothing left behind.
  @Test func aCopyOfStandardInputThatCannotBeWrittenIsAnInputError() throws {
    let files = try Files()
    defer { files.remove() }
    let notAFolder = files.folder.appendingPathComponent("plain-file")
    try Data("x".utf8).write(to: notAFolder)
    let big = files.folder.appendingPathComponent("big.ndjson")
    try Data(E2E.tinyEvents(200, users: 10).utf8).write(to: big)
    let temporary = files.folder.appendingPathComponent("tmp")
    try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
    let cases: [(tmp: String, limit: String, prefix: String, suffix: String)] = [
      (notAFolder.path, "unlimited", "Error: \(notAFolder.path)/journey-",
       ": cannot create a folder for the copy of standard input: not a directory"),
      (temporary.path, "1", "Error: \(temporary.path)/journey-",
       "/standard-input: cannot write the copy of standard input: file too large"),
    ]
    for item in cases {
      let out = files.folder.appendingPathComponent("stdout")
      let err = files.folder.appendingPathComponent("stderr")
      for url in [out, err] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/bash")
      process.arguments = [
        "-c", "trap '' XFSZ; ulimit -f \(item.limit); exec \"$0\" \"$@\" < \"\(big.path)\"", JourneyCLI.executable.path,
        "classify", "-c", files.config, "-",
      ]
      process.currentDirectoryURL = TestPaths.repository
      process.standardOutput = try FileHandle(forWritingTo: out)
      process.standardError = try FileHandle(forWritingTo: err)
      process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": item.tmp]) { $1 }
      try process.run()
      process.waitUntilExit()
      let stderr = String(decoding: try Data(contentsOf: err), as: UTF8.self)
      #expect(process.terminationStatus == 2, "\(stderr)")
      let lines = stderr.split(separator: "\n").map(String.init)
      #expect(lines.count == 1 && lines[0].hasPrefix(item.prefix) && lines[0].hasSuffix(item.suffix), "\(stderr)")
      #expect(try Data(contentsOf: out).isEmpty)
      #expect(E2E.names(in: temporary) == [])
    }
  }
}
