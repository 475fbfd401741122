import Foundation
import JourneyTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// SIGINT / SIGTERM: exit status 128 + the signal (130, 143), no report, no temporary file (SPEC §5, §6).
@Suite(.serialized) struct InterruptTests {
  /// Starts `journey report` reading a FIFO that the test keeps open and never closes (the run can
  /// only end by the signal), sends `signal` after ~1 s, and checks what is left in the folder.
  @Test(arguments: [SIGINT, SIGTERM])
  func signalLeavesNoReport(_ signal: Int32) async throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-signal")
    defer { try? FileManager.default.removeItem(at: folder) }
    let outputs = folder.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
    let fifo = folder.appendingPathComponent("events.fifo")
    #expect(mkfifo(fifo.path, 0o600) == 0)
    // O_RDWR: opening does not wait for the reader, and the writer side stays open for good.
    let writer = open(fifo.path, O_RDWR)
    #expect(writer >= 0)
    defer { close(writer) }
    let lines = try String(contentsOf: TestPaths.repository.appendingPathComponent(E2E.tiny), encoding: .utf8)
    _ = lines.withCString { write(writer, $0, strlen($0)) }

    let out = outputs.appendingPathComponent("OUT.json")
    let process = try JourneyCLI.start(
      ["report", "-c", E2E.tinyConfig, "--progress", "never", fifo.path, "-o", out.path, "-o", outputs.appendingPathComponent("OUT.html").path],
      stdout: folder.appendingPathComponent("stdout"), stderr: folder.appendingPathComponent("stderr"))
    try await Task.sleep(for: .seconds(1))
    #expect(process.isRunning, "the run must still be waiting for input")
    guard try await E2E.interrupt(process, with: signal) else { return }
    let stderr = (try? String(contentsOf: folder.appendingPathComponent("stderr"), encoding: .utf8)) ?? ""
    #expect(process.terminationReason == .exit, "ended by the signal itself, not by exit(130): \(stderr)")
    #expect(process.terminationStatus == 128 + signal, "\(stderr)")
    #expect(E2E.names(in: outputs).isEmpty, "no report, no .tmp: \(E2E.names(in: outputs))")
  }

  /// The same with a large regular file (~200 MB of NDJSON) still being read when the signal comes.
  @Test func interruptDuringALargeFile() async throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-big")
    defer { try? FileManager.default.removeItem(at: folder) }
    let outputs = folder.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
    let input = folder.appendingPathComponent("big.ndjson")
    // 2 MB block repeated 100 times: distinct users per block line, increasing times.
    var block = ""
    var index = 0
    while block.utf8.count < 2_000_000 {
      block += "{\"userId\":\"u\(index % 5000)\",\"event\":\"Product Viewed\",\"timestamp\":\(1_793_520_000 + index)}\n"
      index += 1
    }
    _ = FileManager.default.createFile(atPath: input.path, contents: nil)
    let handle = try FileHandle(forWritingTo: input)
    let blockData = Data(block.utf8)
    for _ in 0..<100 { try handle.write(contentsOf: blockData) }
    try handle.close()

    let out = outputs.appendingPathComponent("OUT.json")
    let process = try JourneyCLI.start(
      ["report", "-c", E2E.tinyConfig, "--progress", "never", "-q", input.path, "-o", out.path],
      stdout: folder.appendingPathComponent("stdout"), stderr: folder.appendingPathComponent("stderr"))
    try await Task.sleep(for: .milliseconds(300))
    guard process.isRunning else {
      Issue.record("the 200 MB run finished within 0.3 s; nothing to interrupt (status \(process.terminationStatus))")
      return
    }
    guard try await E2E.interrupt(process, with: SIGINT) else { return }
    #expect(process.terminationReason == .exit)
    #expect(process.terminationStatus == 130)
    #expect(E2E.names(in: outputs).isEmpty, "\(E2E.names(in: outputs))")
  }
}
