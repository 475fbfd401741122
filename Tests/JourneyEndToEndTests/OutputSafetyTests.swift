import Foundation
import JourneyTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// What these tests need beyond ``JourneyCLI``: `journey` in a bash pipeline, a bounded wait,
/// character devices of their own, and the error lines it printed.
enum SafetyCLI {
  /// Runs `journey ARGUMENTS… | head -c 10` in bash, journey started by `env FLAGS…`; returns
  /// journey's exit status (`PIPESTATUS[0]`) and its standard error.
  static func intoHead(
    _ arguments: [String], env flags: [String], folder: URL, environment: [String: String] = [:]
  ) throws -> (status: Int32, stderr: String) {
    try JourneyCLI.requireBinary()
    let quoted = ([JourneyCLI.executable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
    let errors = folder.appendingPathComponent("journey.stderr")
    let head = folder.appendingPathComponent("head.out")
    let script = "env \(flags.joined(separator: " ")) \(quoted) 2>'\(errors.path)' | head -c 10 >'\(head.path)'; echo \"${PIPESTATUS[0]}\""
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-c", script]
    process.currentDirectoryURL = TestPaths.repository
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let statusFile = folder.appendingPathComponent("status")
    _ = FileManager.default.createFile(atPath: statusFile.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: statusFile)
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    let status = try String(contentsOf: statusFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    return (Int32(status) ?? -1, (try? String(contentsOf: errors, encoding: .utf8)) ?? "")
  }

  /// Waits at most 20 s; kills and records an issue when the run does not end.
  static func wait(_ process: Process) {
    let deadline = Date().addingTimeInterval(20)
    while process.isRunning && Date() < deadline { usleep(20_000) }
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      Issue.record("journey did not finish within 20 s")
    }
    process.waitUntilExit()
  }

  /// A character device node made with mknod(2) in `folder`: never one of /dev's own.
  static func device(_ name: String, minor: UInt64, in folder: URL) throws -> String {
    let path = folder.appendingPathComponent(name).path
    try #require(mknod(path, S_IFCHR | 0o666, dev_t((1 << 8) | minor)) == 0, "mknod \(path)")
    return path
  }

  static func isCharacterDevice(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFCHR
  }

  static func errorLines(_ stderr: String) -> [Substring] {
    stderr.split(separator: "\n").filter { !$0.isEmpty }
  }
}

/// `-o x.json` over the input `x.json` destroyed it (issue 10 §1): an output equal to an input or to
/// another output is refused, exit 1, one line naming both, nothing written.
@Suite struct OutputCollisionTests {
  enum Case: String, CaseIterable {
    case outputIsTheInput, outputLinksToTheInput, outputIsAFileOfTheInputFolder, rejectsIsTheInput, twoEqualOutputs,
      outputAndRejectsEqual, outputLinksToAnotherOutput, outputIsTheConfig
  }

  @Test(arguments: Case.allCases)
  func anOutputOverAnInputOrAnotherOutputIsRefused(_ which: Case) throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-collision")
    defer { try? FileManager.default.removeItem(at: folder) }
    let inputs = folder.appendingPathComponent("in")
    try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
    let input = inputs.appendingPathComponent("x.json")
    let original = try Data(contentsOf: TestPaths.repository.appendingPathComponent(E2E.tiny))
    try original.write(to: input)
    let config = folder.appendingPathComponent("tiny.yaml")
    try FileManager.default.copyItem(at: TestPaths.repository.appendingPathComponent(E2E.tinyConfig), to: config)
    let configBytes = try Data(contentsOf: config)
    let link = folder.appendingPathComponent("link.json").path
    let a = folder.appendingPathComponent("a.json").path
    var arguments = ["report", "-c", config.path, "--progress", "never"]
    switch which {
    case .outputIsTheInput: arguments += [input.path, "-o", input.path]
    case .outputLinksToTheInput:
      #expect(symlink(input.path, link) == 0)
      arguments += [input.path, "-o", link]
    case .outputIsAFileOfTheInputFolder: arguments += [inputs.path, "-o", input.path]
    case .rejectsIsTheInput: arguments += [input.path, "--rejects", input.path, "-o", a]
    case .twoEqualOutputs: arguments += [input.path, "-o", a, "-o", a]
    case .outputAndRejectsEqual: arguments += [input.path, "-o", a, "--rejects", a]
    case .outputLinksToAnotherOutput:
      #expect(symlink("a.json", link) == 0)  // dangling until a.json is written
      arguments += [input.path, "-o", a, "-f", "json", "-f", "json", "-o", link]
    case .outputIsTheConfig: arguments += [input.path, "-f", "json", "-o", config.path]
    }
    let before = E2E.names(in: folder)
    let result = try JourneyCLI.run(arguments)
    #expect(result.status == 1, "\(result.stderr)")
    let lines = SafetyCLI.errorLines(result.stderr)
    #expect(lines.count == 1 && lines[0].hasPrefix("Error: "), "one error line: \(result.stderr)")
    #expect(result.stdout.isEmpty)
    #expect(try Data(contentsOf: input) == original, "the input is untouched")
    #expect(try Data(contentsOf: config) == configBytes, "the config is untouched")
    #expect(E2E.names(in: folder) == before, "nothing written: \(E2E.names(in: folder))")
    #expect(E2E.names(in: inputs) == ["x.json"])
  }

  @Test func sessionsOutputOverItsInputIsRefused() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-collision")
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("x.ndjson")
    let original = try Data(contentsOf: TestPaths.repository.appendingPathComponent(E2E.tiny))
    try original.write(to: input)
    let result = try JourneyCLI.run(["sessions", "-c", E2E.tinyConfig, input.path, "-o", input.path])
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.contains("x.ndjson"))
    #expect(try Data(contentsOf: input) == original)
    #expect(E2E.names(in: folder) == ["x.ndjson"])
  }

  /// A FIFO that is both the input and `-o` is refused at once, not opened (which would wait forever).
  @Test func sessionsOnAFIFOThatIsInputAndOutputIsRefusedAtOnce() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-collision")
    defer { try? FileManager.default.removeItem(at: folder) }
    let fifo = folder.appendingPathComponent("events.fifo").path
    try #require(mkfifo(fifo, 0o600) == 0)
    let stdout = folder.appendingPathComponent("stdout")
    _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
    let process = try JourneyCLI.start(
      ["sessions", "-c", E2E.tinyConfig, fifo, "-o", fifo], stdout: try FileHandle(forWritingTo: stdout),
      stderr: folder.appendingPathComponent("stderr"))
    SafetyCLI.wait(process)
    let stderr = try String(contentsOf: folder.appendingPathComponent("stderr"), encoding: .utf8)
    #expect(process.terminationStatus == 1, "\(stderr)")
    #expect(SafetyCLI.errorLines(stderr).count == 1, "\(stderr)")
  }

  /// `journey classify x.ndjson >> x.ndjson` would read its own rows forever (`cat`'s "input file is output file").
  @Test func classifyAppendingToItsInputIsRefused() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-collision")
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("x.ndjson")
    let original = try Data(contentsOf: TestPaths.repository.appendingPathComponent(E2E.tiny))
    try original.write(to: input)
    let descriptor = open(input.path, O_WRONLY | O_APPEND)
    try #require(descriptor >= 0)
    let process = try JourneyCLI.start(
      ["classify", "-c", E2E.tinyConfig, input.path], stdout: FileHandle(fileDescriptor: descriptor, closeOnDealloc: true),
      stderr: folder.appendingPathComponent("stderr"))
    SafetyCLI.wait(process)
    let stderr = try String(contentsOf: folder.appendingPathComponent("stderr"), encoding: .utf8)
    #expect(process.terminationStatus == 1, "\(stderr)")
    #expect(stderr.hasPrefix("Error: standard output: "), "\(stderr)")
    #expect(try Data(contentsOf: input) == original)
  }
}

/// Outputs that are not regular files are written through, never replaced (issue 10 §2), and a
/// full device is one error line naming it, exit 2 (§6). Device nodes are our own, from mknod(2).
@Suite struct OutputTargetTests {
  @Test func aFIFOIsWrittenThroughToItsReader() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-fifo")
    defer { try? FileManager.default.removeItem(at: folder) }
    let fifo = folder.appendingPathComponent("report.fifo").path
    try #require(mkfifo(fifo, 0o600) == 0)
    let received = ReceivedBytes()
    let reader = Thread {
      let descriptor = open(fifo, O_RDONLY)
      var buffer = [UInt8](repeating: 0, count: 65536)
      while true {
        let count = read(descriptor, &buffer, buffer.count)
        if count <= 0 { break }
        received.append(buffer[..<count])
      }
      close(descriptor)
      received.finish()
    }
    reader.start()
    let result = try JourneyCLI.run(["report", "-c", E2E.tinyConfig, E2E.tiny, "-f", "json", "-o", fifo])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(received.waitForEnd(), "the reader saw the end of the report")
    let report = try JSONSerialization.jsonObject(with: received.data) as? [String: Any]
    #expect(E2E.int(report ?? [:], "events") == 18)
    var info = stat()
    #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "still a FIFO")
    #expect(E2E.names(in: folder) == ["report.fifo"])
  }

  @Test(.enabled(if: getuid() == 0, "mknod needs root"))
  func aNullLikeDeviceStaysADevice() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-device")
    defer { try? FileManager.default.removeItem(at: folder) }
    let null = try SafetyCLI.device("null", minor: 3, in: folder)
    let input = folder.appendingPathComponent("events.ndjson")
    try Data(E2E.tinyEvents(400, users: 50, badEvery: 100).utf8).write(to: input)
    let report = try JourneyCLI.run(
      ["report", "-c", E2E.tinyConfig, input.path, "-f", "json", "-o", null, "--rejects", null, "--max-bad-ratio", "1"])
    #expect(report.status == 0, "\(report.stderr)")
    let sessions = try JourneyCLI.run(["sessions", "-c", E2E.tinyConfig, E2E.tiny, "-o", null])
    #expect(sessions.status == 0, "\(sessions.stderr)")
    #expect(SafetyCLI.isCharacterDevice(null), "the report must not replace the device node")
    #expect(E2E.names(in: folder) == ["events.ndjson", "null"], "no temporary file: \(E2E.names(in: folder))")
  }

  enum FullTarget: String, CaseIterable { case report, rejects, sessions }

  @Test(.enabled(if: getuid() == 0, "mknod needs root"), arguments: FullTarget.allCases)
  func aFullDeviceIsOneLineAndExit2(_ target: FullTarget) throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-full")
    defer { try? FileManager.default.removeItem(at: folder) }
    let full = try SafetyCLI.device("full", minor: 7, in: folder)
    let input = folder.appendingPathComponent("events.ndjson")
    try Data(E2E.tinyEvents(400, users: 50, badEvery: 100).utf8).write(to: input)
    let arguments: [String]
    switch target {
    case .report: arguments = ["report", "-c", E2E.tinyConfig, input.path, "-f", "json", "-o", full]
    case .rejects:
      arguments = ["report", "-c", E2E.tinyConfig, input.path, "--rejects", full, "-o", folder.appendingPathComponent("r.json").path]
    case .sessions: arguments = ["sessions", "-c", E2E.tinyConfig, input.path, "-o", full]
    }
    let result = try JourneyCLI.run(arguments + ["-q"])
    #expect(result.status == 2, "\(result.stderr)")
    #expect(!result.signalled)
    #expect(SafetyCLI.errorLines(result.stderr) == ["Error: \(full): cannot write: No space left on device"], "\(result.stderr)")
    #expect(SafetyCLI.isCharacterDevice(full))
    #expect(E2E.names(in: folder) == ["events.ndjson", "full"], "nothing partial: \(E2E.names(in: folder))")
  }

  /// Standard output on a full disk crashed with SIGILL (a `try!` in FileHandle.write).
  @Test(.enabled(if: getuid() == 0, "mknod needs root"), arguments: ["report", "sessions", "classify", "inspect", "init", "validate"])
  func standardOutputOnAFullDeviceIsOneLineAndExit2(_ command: String) throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-full-stdout")
    defer { try? FileManager.default.removeItem(at: folder) }
    let full = try SafetyCLI.device("full", minor: 7, in: folder)
    let input = folder.appendingPathComponent("events.ndjson")
    try Data(E2E.tinyEvents(3000, users: 50).utf8).write(to: input)
    let stdout = try #require(FileHandle(forWritingAtPath: full))
    let arguments =
      switch command {
      case "inspect": [command, input.path]
      case "init": [command]
      case "validate": [command, "-c", E2E.tinyConfig]
      default: [command, "-c", E2E.tinyConfig, input.path, "-q"]
      }
    let process = try JourneyCLI.start(arguments, stdout: stdout, stderr: folder.appendingPathComponent("stderr"))
    SafetyCLI.wait(process)
    let stderr = try String(contentsOf: folder.appendingPathComponent("stderr"), encoding: .utf8)
    #expect(process.terminationReason == .exit, "no crash: \(stderr)")
    #expect(process.terminationStatus == 2, "\(stderr)")
    #expect(SafetyCLI.errorLines(stderr) == ["Error: standard output: cannot write: No space left on device"], "\(stderr)")
    #expect(SafetyCLI.isCharacterDevice(full))
  }

  @Test func aSymbolicLinksTargetIsReplacedAndTheLinkKept() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-link")
    defer { try? FileManager.default.removeItem(at: folder) }
    let reports = folder.appendingPathComponent("reports")
    try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
    let target = reports.appendingPathComponent("today.json")
    try Data("yesterday".utf8).write(to: target)
    let link = folder.appendingPathComponent("latest.json").path
    #expect(symlink("reports/today.json", link) == 0)
    let result = try JourneyCLI.run(["report", "-c", E2E.tinyConfig, E2E.tiny, "-o", link])
    #expect(result.status == 0, "\(result.stderr)")
    var info = stat()
    #expect(lstat(link, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK, "still a link")
    let report = try JSONSerialization.jsonObject(with: Data(contentsOf: target)) as? [String: Any]
    #expect(E2E.int(report ?? [:], "events") == 18)
    #expect(E2E.names(in: folder) == ["latest.json", "reports"])
    #expect(E2E.names(in: reports) == ["today.json"])
  }

  /// A report that cannot be written (its folder is missing) is an I/O failure: exit 2, one line
  /// naming the path once, before any input is read; the other outputs are not written either.
  @Test func anOutputInAMissingFolderIsExit2NamingThePathOnce() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-nofolder")
    defer { try? FileManager.default.removeItem(at: folder) }
    let good = folder.appendingPathComponent("good.json").path
    let bad = folder.appendingPathComponent("missing/report.html").path
    let result = try JourneyCLI.run(["report", "-c", E2E.tinyConfig, E2E.tiny, "-o", good, "-o", bad])
    #expect(result.status == 2)
    #expect(
      result.stderr == "Error: \(bad): cannot be written: No such file or directory (in its folder, where it is written first)\n")
    #expect(result.stderr.components(separatedBy: "missing/report.html").count == 2, "the path once")
    #expect(E2E.names(in: folder).isEmpty, "\(E2E.names(in: folder))")
  }
}

/// Bytes a reader thread collects.
final class ReceivedBytes: @unchecked Sendable {
  private let lock = NSCondition()
  private var bytes: [UInt8] = []
  private var ended = false

  func append(_ more: ArraySlice<UInt8>) { lock.lock(); bytes += more; lock.unlock() }
  func finish() { lock.lock(); ended = true; lock.broadcast(); lock.unlock() }
  var data: Data { lock.lock(); defer { lock.unlock() }; return Data(bytes) }

  func waitForEnd() -> Bool {
    lock.lock(); defer { lock.unlock() }
    let deadline = Date().addingTimeInterval(10)
    while !ended { if !lock.wait(until: deadline) { return false } }
    return true
  }
}

/// `journey sessions … | head` (issue 10 §6, §10): with SIGPIPE ignored a broken pipe is one error
/// line, exit 2, no crash; otherwise the run ends quietly with 141 — and either way removes its
/// spill folder and temporary files.
@Suite struct BrokenPipeTests {
  @Test(arguments: [true, false])
  func sessionsIntoHead(_ ignored: Bool) throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-pipe")
    defer { try? FileManager.default.removeItem(at: folder) }
    let temporary = folder.appendingPathComponent("tmp")
    let outputs = folder.appendingPathComponent("out")
    for dir in [temporary, outputs] { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
    let input = folder.appendingPathComponent("events.ndjson")
    try Data(E2E.tinyEvents(20_000, badEvery: 1000).utf8).write(to: input)
    let (status, stderr) = try SafetyCLI.intoHead(
      ["sessions", "-c", E2E.tinyConfig, input.path, "-q", "--memory", "64K",
       "--rejects", outputs.appendingPathComponent("rejects.ndjson").path],
      env: [ignored ? "--ignore-signal=PIPE" : "--default-signal=PIPE"], folder: folder,
      environment: ["TMPDIR": temporary.path])
    if ignored {
      #expect(status == 2, "\(stderr)")
      #expect(SafetyCLI.errorLines(stderr) == ["Error: standard output: cannot write: Broken pipe"], "\(stderr)")
    } else {
      #expect(status == 141, "\(stderr)")
      #expect(stderr.isEmpty, "quiet, as Unix tools end in a pipe: \(stderr)")
    }
    #expect(E2E.names(in: temporary).isEmpty, "spill folder left: \(E2E.names(in: temporary))")
    #expect(E2E.names(in: outputs).isEmpty, "temporary rejects left: \(E2E.names(in: outputs))")
  }
}

/// Every signal that ends a run removes everything it made (issue 10 §10): spill folders, even
/// while a spill is being written, and temporary outputs. INT → 130, TERM → 143, HUP → 129,
/// PIPE → 141.
@Suite(.serialized) struct SignalCleanupTests {
  @Test(arguments: [SIGINT, SIGTERM, SIGHUP, SIGPIPE])
  func aSignalDuringASpillLeavesNothing(_ signal: Int32) async throws {
    for round in 0..<3 {
      let folder = TestPaths.temporaryDirectory("journey-e2e-signal-spill")
      defer { try? FileManager.default.removeItem(at: folder) }
      let temporary = folder.appendingPathComponent("tmp")
      let outputs = folder.appendingPathComponent("out")
      for dir in [temporary, outputs] { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
      let fifo = folder.appendingPathComponent("events.fifo")
      try #require(mkfifo(fifo.path, 0o600) == 0)
      // O_RDWR: the write side stays open, so the run can only end by the signal.
      let writer = open(fifo.path, O_RDWR)
      try #require(writer >= 0)
      defer { close(writer) }
      E2E.feed(Array(E2E.tinyEvents(60_000, badEvery: 500).utf8), to: writer)
      let stdout = folder.appendingPathComponent("stdout")
      _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
      let process = try JourneyCLI.start(
        ["sessions", "-c", E2E.tinyConfig, "--memory", "64K", "--progress", "never", fifo.path,
         "-o", outputs.appendingPathComponent("rows.ndjson").path,
         "--rejects", outputs.appendingPathComponent("rejects.ndjson").path],
        env: ["--default-signal=PIPE"], stdout: try FileHandle(forWritingTo: stdout),
        stderr: folder.appendingPathComponent("stderr"),
        // Small blocks: the parallel ingest hands events on (and spills) while the FIFO stays open.
        environment: ["TMPDIR": temporary.path, "JOURNEY_BLOCK_BYTES": "65536", "JOURNEY_MEMORY_FLOOR": "0"])
      let deadline = Date().addingTimeInterval(10)
      func spilledRuns() -> Int { E2E.spilledRuns(in: temporary) }
      while spilledRuns() == 0 && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
      #expect(spilledRuns() > 0, "round \(round): the run should have spilled before the signal")
      #expect(process.isRunning, "round \(round): the run must still be waiting for input")
      guard try await E2E.interrupt(process, with: signal) else { return }
      let stderr = (try? String(contentsOf: folder.appendingPathComponent("stderr"), encoding: .utf8)) ?? ""
      #expect(process.terminationReason == .exit, "round \(round): \(stderr)")
      #expect(process.terminationStatus == 128 + signal, "round \(round): \(stderr)")
      #expect(E2E.names(in: temporary).isEmpty, "round \(round): left in TMPDIR: \(E2E.names(in: temporary))")
      #expect(E2E.names(in: outputs).isEmpty, "round \(round): left in the output folder: \(E2E.names(in: outputs))")
    }
  }

  /// `nohup journey …`: a signal ignored when the run starts stays ignored; the others still end it.
  @Test func aSignalIgnoredAtStartStaysIgnored() async throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-nohup")
    defer { try? FileManager.default.removeItem(at: folder) }
    let fifo = folder.appendingPathComponent("events.fifo")
    try #require(mkfifo(fifo.path, 0o600) == 0)
    let writer = open(fifo.path, O_RDWR)
    try #require(writer >= 0)
    defer { close(writer) }
    let stdout = folder.appendingPathComponent("stdout")
    _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
    let process = try JourneyCLI.start(
      ["report", "-c", E2E.tinyConfig, "--progress", "never", fifo.path, "-o", folder.appendingPathComponent("r.json").path],
      env: ["--ignore-signal=HUP"], stdout: try FileHandle(forWritingTo: stdout), stderr: folder.appendingPathComponent("stderr"))
    try await Task.sleep(for: .milliseconds(500))
    kill(process.processIdentifier, SIGHUP)
    try await Task.sleep(for: .milliseconds(500))
    #expect(process.isRunning, "SIGHUP was ignored at start: the run goes on")
    guard try await E2E.interrupt(process, with: SIGTERM) else { return }
    #expect(process.terminationStatus == 143)
  }
}
