import Foundation
import JourneyTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `--memory` under hostile conditions (SPEC §7, §13): a spill that cannot be written ends the run
/// with the path and the reason, and a limit too small to work with is raised with a note.
@Suite(.serialized) struct MemoryLimitTests {
  /// 20k events of 200 users: far more than a 64 KiB event buffer, so runs spill.
  private static func events() -> Data { Data(E2E.tinyEvents(20_000, users: 200).utf8) }

  /// The spill folder's writes fail as on a full disk: the run is started under a file-size limit
  /// (RLIMIT_FSIZE of 1 KiB, SIGXFSZ ignored, so `write` fails with EFBIG) that a 1.4 KB run
  /// file exceeds. Before, every later event retried a full sort and spill.
  @Test func aSpillThatCannotBeWrittenEndsTheRunWithItsPathAndReason() throws {
    try JourneyCLI.requireBinary()
    let folder = TestPaths.temporaryDirectory("journey-e2e-spill-full")
    defer { try? FileManager.default.removeItem(at: folder) }
    let temporary = folder.appendingPathComponent("tmp")
    try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
    let input = folder.appendingPathComponent("events.ndjson")
    try Self.events().write(to: input)
    let out = folder.appendingPathComponent("out.json")
    let stdout = folder.appendingPathComponent("stdout")
    let stderr = folder.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
    _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [
      "-c", "trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\"", JourneyCLI.executable.path,
      "report", "-c", E2E.tinyConfig, "--threads", "1", "--memory", "64K", "--progress", "never", input.path,
      "-o", out.path,
    ]
    process.currentDirectoryURL = TestPaths.repository
    process.standardOutput = try FileHandle(forWritingTo: stdout)
    process.standardError = try FileHandle(forWritingTo: stderr)
    process.standardInput = FileHandle.nullDevice
    process.environment = ProcessInfo.processInfo.environment.merging(
      ["TMPDIR": temporary.path, "JOURNEY_MEMORY_FLOOR": "0"]) { $1 }
    let started = Date()
    try process.run()
    process.waitUntilExit()
    let message = String(decoding: try Data(contentsOf: stderr), as: UTF8.self)
    #expect(Date().timeIntervalSince(started) < 30)
    #expect(process.terminationReason == .exit)
    #expect(process.terminationStatus == 2, "\(message)")
    let errors = message.split(separator: "\n").filter { $0.hasPrefix("Error: ") }
    #expect(errors.count == 1, "\(message)")
    let line = String(errors.first ?? "")
    #expect(line.hasPrefix("Error: \(temporary.path)/journey-"), "\(line)")
    #expect(line.hasSuffix(".bin: cannot write spilled events: File too large"), "\(line)")
    #expect(!FileManager.default.fileExists(atPath: out.path), "no report")
    let left = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
    #expect(left.isEmpty, "spill folder left behind: \(left)")
  }

  /// `--memory 1K` would sort and spill every partition every few events (200k events: 66 s):
  /// it is raised to the floor with one note, and the report is the one without a limit.
  @Test func aTinyLimitIsRaisedToTheFloorWithANote() throws {
    let tiny = try JourneyCLI.run(["report", "-c", E2E.tinyConfig, "-f", "json", "--memory", "1K", E2E.tiny])
    #expect(tiny.status == 0, "\(tiny.stderr)")
    let notes = tiny.stderr.split(separator: "\n").filter { $0.contains("--memory") }
    #expect(notes == ["note: --memory 1K raised to 16M, the least the event store works with"])
    let plain = try JourneyCLI.run(["report", "-c", E2E.tinyConfig, "-f", "json", E2E.tiny])
    #expect(tiny.stdout == plain.stdout)
    let quiet = try JourneyCLI.run(["report", "-c", E2E.tinyConfig, "-f", "json", "--memory", "1K", "--quiet", E2E.tiny])
    #expect(!quiet.stderr.contains("--memory"))
  }
}
