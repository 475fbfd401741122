import Foundation
#if canImport(Glibc)
  import Glibc
#endif
import JourneyTestSupport
import Testing

/// Collects every report JSON a test produced and checks them all against the schema at the end
/// (one `python3` run per test instead of one per report).
final class ReportChecker: @unchecked Sendable {
  private var reports: [(label: String, json: Data)] = []
  private let lock = NSLock()

  /// Records `json` for validation and returns it decoded.
  @discardableResult
  func add(_ json: Data, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    lock.withLock { reports.append((label, json)) }
    guard let object = try JSONSerialization.jsonObject(with: json) as? [String: Any] else {
      Issue.record("\(label): report is not a JSON object", sourceLocation: sourceLocation)
      return [:]
    }
    #expect(object["schema"] as? String == "journey-report/3", "\(label)", sourceLocation: sourceLocation)
    return object
  }

  /// Validates everything added so far; call once at the end of the test.
  func validateAll(sourceLocation: SourceLocation = #_sourceLocation) {
    let batch = lock.withLock { reports }
    do {
      try SchemaValidation.validate(batch)
    } catch {
      Issue.record("\(error)", sourceLocation: sourceLocation)
    }
  }
}

enum E2E {
  static let tinyConfig = "Fixtures/e2e/tiny.yaml"
  static let tiny = "Fixtures/e2e/tiny.ndjson"

  /// Sends `signal` to a running journey and waits at most 10 s for it to end; a run that ignores
  /// the signal is killed and recorded as an issue (false).
  static func interrupt(_ process: Process, with signal: Int32) async throws -> Bool {
    kill(process.processIdentifier, signal)
    let deadline = Date().addingTimeInterval(10)
    while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      Issue.record("journey did not stop within 10 s of signal \(signal)")
      return false
    }
    process.waitUntilExit()
    return true
  }

  /// NDJSON events for `users` users, `count` in all, in the shape of `Fixtures/e2e/tiny.yaml`.
  static func tinyEvents(_ count: Int, users: Int = 2000, badEvery: Int? = nil) -> String {
    var text = ""
    for index in 0..<count {
      if let badEvery, index % badEvery == 0 { text += "{not json \(index)\n"; continue }
      text += "{\"userId\":\"u\(index % users)\",\"event\":\"Product Viewed\",\"timestamp\":\(1_793_520_000 + index)}\n"
    }
    return text
  }

  /// Writes `data` to the descriptor `writer` (a FIFO's write side) on a thread of its own, so the
  /// test goes on while the run reads; the thread ends when all is written or a write fails.
  static func feed(_ data: [UInt8], to writer: Int32) {
    let feeder = Thread {
      data.withUnsafeBytes { bytes in
        var offset = 0
        while offset < bytes.count {
          let written = write(writer, bytes.baseAddress! + offset, bytes.count - offset)
          if written <= 0 { return }
          offset += written
        }
      }
    }
    feeder.start()
  }

  /// Runs `journey report … -f json` to standard output; expects `status`; returns the JSON bytes.
  static func reportJSON(
    _ arguments: [String], stdin: Data? = nil, status: Int32 = 0, checker: ReportChecker,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> [String: Any] {
    let result = try JourneyCLI.run(["report", "-f", "json", "--progress", "never"] + arguments, stdin: stdin)
    #expect(
      result.status == status, "journey report \(arguments.joined(separator: " ")): \(result.stderr)",
      sourceLocation: sourceLocation)
    return try checker.add(result.stdout, arguments.joined(separator: " "), sourceLocation: sourceLocation)
  }

  /// The report without the parts that name the input files (`title`, `summary.inputs`) or echo the config.
  static func comparable(_ report: [String: Any], dropConfig: Bool = false) -> NSDictionary {
    var report = report
    // The title names the inputs as given (SPEC §11).
    report.removeValue(forKey: "title")
    if var summary = report["summary"] as? [String: Any] {
      summary.removeValue(forKey: "inputs")
      report["summary"] = summary
    }
    if var rejects = report["rejects"] as? [String: Any] {
      rejects.removeValue(forKey: "samples")
      report["rejects"] = rejects
    }
    // The title names the config and the inputs as given, like summary.inputs.
    report.removeValue(forKey: "title")
    if dropConfig { report.removeValue(forKey: "config") }
    return report as NSDictionary
  }

  static func summary(_ report: [String: Any]) -> [String: Any] { report["summary"] as? [String: Any] ?? [:] }
  static func int(_ report: [String: Any], _ key: String) -> Int? { summary(report)[key] as? Int }

  static func steps(_ report: [String: Any]) -> [[String: Any]] {
    (report["funnel"] as? [String: Any])?["steps"] as? [[String: Any]] ?? []
  }

  static func stepUnits(_ report: [String: Any]) -> [Int] { steps(report).map { $0["units"] as? Int ?? -1 } }

  /// Physical lines of `data`: a last line without newline counts too.
  static func physicalLines(_ data: Data) -> Int {
    var count = 0
    for byte in data where byte == UInt8(ascii: "\n") { count += 1 }
    if let last = data.last, last != UInt8(ascii: "\n") { count += 1 }
    return count
  }

  static func gunzip(_ url: URL) throws -> Data { try Shell.run("gzip", ["-dc", url.path]) }

  /// Spilled sorted runs (`run-*` files) anywhere below `folder`: a run has spilled once this is > 0.
  static func spilledRuns(in folder: URL) -> Int {
    let walker = FileManager.default.enumerator(atPath: folder.path)
    var files = 0
    while let name = walker?.nextObject() as? String {
      if (name as NSString).lastPathComponent.hasPrefix("run-") { files += 1 }
    }
    return files
  }

  /// Files in `folder` (not below), for checking that no `.tmp` was left.
  static func names(in folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
  }
}
