import Foundation
import JourneyTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// An interrupt while `--memory` has spilled sorted runs to disk: exit 130 and the spill folder is
/// gone too (SPEC §5: an interrupted run leaves no temporary file).
@Suite(.serialized) struct InterruptSpillTests {
  @Test func interruptRemovesTheSpilledRuns() async throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-spill")
    defer { try? FileManager.default.removeItem(at: folder) }
    let temporary = folder.appendingPathComponent("tmp")
    let outputs = folder.appendingPathComponent("out")
    for dir in [temporary, outputs] { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
    let fifo = folder.appendingPathComponent("events.fifo")
    #expect(mkfifo(fifo.path, 0o600) == 0)
    let writer = open(fifo.path, O_RDWR)
    #expect(writer >= 0)
    defer { close(writer) }
    // ~40k events for 2,000 users: far more than a 64 KiB event buffer holds, so runs spill.
    E2E.feed(Array(E2E.tinyEvents(40_000, users: 2000).utf8), to: writer)

    let out = outputs.appendingPathComponent("OUT.json")
    let process = try JourneyCLI.start(
      ["report", "-c", E2E.tinyConfig, "--threads", "1", "--memory", "64K", "--progress", "never", fifo.path, "-o", out.path],
      stdout: folder.appendingPathComponent("stdout"), stderr: folder.appendingPathComponent("stderr"),
      environment: ["TMPDIR": temporary.path, "JOURNEY_MEMORY_FLOOR": "0"])
    // Wait until sorted runs are on disk (or give up after 10 s).
    let spillDeadline = Date().addingTimeInterval(10)
    func spilledFiles() -> Int { E2E.spilledRuns(in: temporary) }
    while spilledFiles() == 0 && Date() < spillDeadline { try await Task.sleep(for: .milliseconds(50)) }
    #expect(spilledFiles() > 0, "the run should have spilled before the interrupt")
    #expect(process.isRunning, "the run must still be waiting for input")
    guard try await E2E.interrupt(process, with: SIGINT) else { return }
    #expect(process.terminationStatus == 130)
    #expect(E2E.names(in: outputs).isEmpty, "no report, no .tmp: \(E2E.names(in: outputs))")
    let left = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
    #expect(left.isEmpty, "spill folder left behind: \(left)")
  }
}
