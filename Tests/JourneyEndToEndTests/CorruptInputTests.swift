import Foundation
import JourneyTestSupport
import Testing

/// Hostile inputs end to end (issue 10): nothing lost silently, every problem named with its place.
@Suite struct CorruptInputTests {
  /// Runs `journey arguments…` with `environment` added; stdout and stderr through files.
  static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: Data, stderr: String) {
    let folder = TestPaths.temporaryDirectory("journey-e2e-run")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("stdout")
    let err = folder.appendingPathComponent("stderr")
    let process = try JourneyCLI.start(arguments, stdout: out, stderr: err, environment: environment)
    process.waitUntilExit()
    return (process.terminationStatus, try Data(contentsOf: out), String(decoding: try Data(contentsOf: err), as: UTF8.self))
  }

  static let backends = ["zlib", "isal", "builtin"]

  /// A folder of a good file and one that breaks before its first byte: the good one is read, the
  /// broken one is a warning naming file and byte offset and an error in the summary; `--strict`
  /// exits 2 with no report. Every inflate backend, sequential and parallel ingest.
  @Test(arguments: BrokenGzip.allCases, backends)
  func aGzipThatBreaksBeforeItsFirstByteIsAnErrorNotAnEmptyFile(damage: BrokenGzip, backend: String) throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-broken-gzip")
    defer { try? FileManager.default.removeItem(at: folder) }
    let inputs = folder.appendingPathComponent("in")
    try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
    let good = try [UInt8](Data(contentsOf: TestPaths.repository.appendingPathComponent("Fixtures/e2e/tiny-9.ndjson.gz")))
    try Data(good).write(to: inputs.appendingPathComponent("a-good.ndjson.gz"))
    let broken = inputs.appendingPathComponent("b-broken.ndjson.gz")
    try Data(damage.apply(to: good)).write(to: broken)
    let config = TestPaths.repository.appendingPathComponent(E2E.tinyConfig).path
    let environment = ["JOURNEY_INFLATE": backend]  // isal: the best when it loads (here)

    for threads in ["1", "2"] {
      let result = try Self.run(
        ["report", "-c", config, "--threads", threads, "--progress", "never", "-f", "json", inputs.path],
        environment: environment)
      #expect(result.status == 0, "\(damage.rawValue) \(backend): \(result.stderr)")
      let warning = result.stderr.split(separator: "\n").first { $0.hasPrefix("\(broken.path): warning: ") }
      #expect(warning?.contains("compressed byte") == true, "\(damage.rawValue) \(backend) --threads \(threads): \(result.stderr)")
      let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
      #expect(E2E.int(report, "events") == 18, "the good file is read whole")
      let files = E2E.summary(report)["inputs"] as? [[String: Any]] ?? []
      #expect(files.count == 2)
      let error = files.last?["error"] as? String
      #expect(error?.contains("compressed byte") == true, "\(files)")
    }

    let out = folder.appendingPathComponent("strict.json")
    let strict = try Self.run(
      ["report", "-c", config, "--strict", "--progress", "never", inputs.path, "-o", out.path], environment: environment)
    #expect(strict.status == 2, "\(damage.rawValue) \(backend): \(strict.stderr)")
    #expect(strict.stderr.contains("Error: \(broken.path): "), "\(strict.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }

  /// Issue 10, item 4: an unterminated quote in the middle of a CSV file costs one record, rejected
  /// at the line of the opening quote; every later row is read (the sequential and parallel ingest).
  @Test(arguments: ["1", "2"])
  func anUnterminatedCSVQuoteCostsOneRecord(threads: String) throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-csv-quote")
    defer { try? FileManager.default.removeItem(at: folder) }
    let original = try String(contentsOf: TestPaths.repository.appendingPathComponent("Fixtures/e2e/tiny.csv"), encoding: .utf8)
    let broken = original.replacingOccurrences(of: "facebook,\"has, a comma\"", with: "facebook,\"has, a comma")
    #expect(broken != original)
    let file = folder.appendingPathComponent("broken.csv")
    try broken.write(to: file, atomically: true, encoding: .utf8)
    let config = TestPaths.repository.appendingPathComponent("Fixtures/e2e/tiny-csv.yaml").path
    let rejects = folder.appendingPathComponent("rejects.ndjson")
    let result = try Self.run(
      ["report", "-c", config, "--threads", threads, "--progress", "never", "-f", "json", "--max-bad-ratio", "1",
       "--rejects", rejects.path, file.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("\(file.path):3: warning: rejected record: unterminated quote"), "\(result.stderr)")
    let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    #expect(E2E.int(report, "events") == 17, "every row but the broken one")
    #expect(E2E.int(report, "rejected") == 1)
    let lines = try String(contentsOf: rejects, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 1)
    #expect(lines.first?.contains("\"line\":3") == true, "\(lines)")
  }

  /// Issue 10, item 12(c): rejects made after parsing (bad or missing timestamp, no user) carry the
  /// record's excerpt in `--rejects`, like parse rejects do.
  @Test(arguments: ["1", "2"])
  func badTimestampRejectsCarryTheExcerpt(threads: String) throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-excerpt")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("events.ndjson")
    try """
      {"userId":"u1","event":"Product Viewed","timestamp":"2026-11-01T10:00:00Z"}
      {"userId":"u1","event":"Product Viewed","timestamp":"yesterday"}
      {"userId":"u2","event":"Product Viewed"}
      {"event":"Product Viewed","timestamp":"2026-11-01T10:00:00Z"}
      {"userId":

      """.write(to: file, atomically: true, encoding: .utf8)
    let rejects = folder.appendingPathComponent("rejects.ndjson")
    let config = TestPaths.repository.appendingPathComponent(E2E.tinyConfig).path
    let result = try Self.run(
      ["report", "-c", config, "--threads", threads, "--progress", "never", "-f", "json", "--max-bad-ratio", "1",
       "--rejects", rejects.path, file.path])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = try String(contentsOf: rejects, encoding: .utf8).split(separator: "\n")
    let records = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    #expect(records.map { $0["reason"] as? String } == ["bad timestamp", "missing timestamp", "no user", "malformed json"])
    for record in records {
      #expect((record["excerpt"] as? String)?.hasPrefix("{\"") == true, "\(record)")
    }
    #expect((records.first?["excerpt"] as? String)?.contains("yesterday") == true)
  }

  /// Issue 10, item 12(b): a zstd (bzip2, xz, zip, tar, PNG, Parquet) file in a folder is named and
  /// skipped as a whole, counted as an input error; the other files are read; `--strict` exits 2.
  @Test(arguments: ["1", "2"])
  func binaryInputsAreNamedAndSkipped(threads: String) throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-binary")
    defer { try? FileManager.default.removeItem(at: folder) }
    let inputs = folder.appendingPathComponent("in")
    try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: TestPaths.repository.appendingPathComponent(E2E.tiny), to: inputs.appendingPathComponent("a.ndjson"))
    let zstd = inputs.appendingPathComponent("b.ndjson.zst")
    try Data([0x28, 0xB5, 0x2F, 0xFD, 0x24, 0x05, 0x29, 0x00, 0x00, 0x7B, 0x7D, 0x0A]).write(to: zstd)
    let config = TestPaths.repository.appendingPathComponent(E2E.tinyConfig).path
    let result = try Self.run(["report", "-c", config, "--threads", threads, "--progress", "never", "-f", "json", inputs.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("\(zstd.path): warning: is a zstd file, not text; skipped"), "\(result.stderr)")
    let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    #expect(E2E.int(report, "events") == 18)
    #expect(E2E.int(report, "rejected") == 0)
    let files = E2E.summary(report)["inputs"] as? [[String: Any]] ?? []
    #expect(files.last?["error"] as? String == "is a zstd file, not text; skipped", "\(files)")

    let out = folder.appendingPathComponent("strict.json")
    let strict = try Self.run(["report", "-c", config, "--strict", "--progress", "never", inputs.path, "-o", out.path])
    #expect(strict.status == 2, "\(strict.stderr)")
    #expect(strict.stderr.contains("Error: \(zstd.path): is a zstd file, not text; skipped"), "\(strict.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }

  /// Issue 10, item 12(a): garbage between gzip members loses the next member: a warning naming the
  /// offset and the bytes not read, an error in the summary; `--strict` exits 2.
  @Test func garbageBetweenGzipMembersIsCountedAsLost() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-garbage")
    defer { try? FileManager.default.removeItem(at: folder) }
    let member = try [UInt8](Data(contentsOf: TestPaths.repository.appendingPathComponent("Fixtures/e2e/tiny-9.ndjson.gz")))
    let file = folder.appendingPathComponent("garbage.ndjson.gz")
    try Data(member + Array("junk\n".utf8) + member).write(to: file)
    let config = TestPaths.repository.appendingPathComponent(E2E.tinyConfig).path
    let message = "trailing garbage after gzip data at compressed byte \(member.count): the last \(member.count + 5) bytes are not read"
    let result = try Self.run(["report", "-c", config, "--progress", "never", "-f", "json", file.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("\(file.path): warning: \(message)"), "\(result.stderr)")
    let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    #expect(E2E.int(report, "events") == 18)
    let files = E2E.summary(report)["inputs"] as? [[String: Any]] ?? []
    #expect(files.first?["error"] as? String == message)
    let out = folder.appendingPathComponent("strict.json")
    let strict = try Self.run(["report", "-c", config, "--strict", "--progress", "never", file.path, "-o", out.path])
    #expect(strict.status == 2, "\(strict.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }

  /// Issue 10, item 12(d): a duplicate JSON key or CSV column: the last value is used, in both
  /// formats, with one warning per file naming the first line where it happens.
  @Test(arguments: ["1", "2"])
  func duplicateKeysAndColumnsUseTheLastValueAndWarnOnce(threads: String) throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-duplicate")
    defer { try? FileManager.default.removeItem(at: folder) }
    let ndjson = folder.appendingPathComponent("dup.ndjson")
    try """
      {"userId":"u1","event":"Product Viewed","timestamp":"2026-11-01T10:00:00Z"}
      {"userId":"u1","event":"Product Viewed","event":"Order Completed","timestamp":"2026-11-01T10:01:00Z"}
      {"userId":"u2","event":"Help Viewed","event":"Order Completed","timestamp":"2026-11-01T10:02:00Z"}

      """.write(to: ndjson, atomically: true, encoding: .utf8)
    let csv = folder.appendingPathComponent("dup.csv")
    try """
      userId,timestamp,event,event
      u1,2026-11-01T10:00:00Z,Help Viewed,Product Viewed
      u1,2026-11-01T10:01:00Z,Help Viewed,Order Completed

      """.write(to: csv, atomically: true, encoding: .utf8)
    let config = folder.appendingPathComponent("tiny.yaml")
    let tiny = try String(contentsOf: TestPaths.repository.appendingPathComponent(E2E.tinyConfig), encoding: .utf8)
    try tiny.replacingOccurrences(of: "format: ndjson", with: "format: auto").write(to: config, atomically: true, encoding: .utf8)
    for (file, warning) in [
      (ndjson, "\(ndjson.path):2: warning: duplicate key \"event\"; the last value is used"),
      (csv, "\(csv.path):1: warning: duplicate column \"event\"; the last value is used"),
    ] {
      let result = try Self.run(
        ["report", "-c", config.path, "--threads", threads, "--progress", "never", "-f", "json", file.path])
      #expect(result.status == 0, "\(result.stderr)")
      let warnings = result.stderr.split(separator: "\n").filter { $0.contains("warning: duplicate") }
      #expect(warnings == [Substring(warning)], "\(result.stderr)")
      let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
      // The last value: u1's path is view → purchase (the first values would give view, view).
      let paths = (report["paths"] as? [[String: Any]] ?? []).map { $0["path"] as? [String] ?? [] }
      #expect(paths.contains(["view", "purchase"]), "\(file.lastPathComponent): \(paths)")
    }
  }

  /// A tuning variable of the environment that cannot be followed is a warning naming it and what
  /// is used instead (`--quiet` silences it); the report is the one without it.
  @Test func aTuningVariableThatCannotBeFollowedIsAWarning() throws {
    let config = TestPaths.repository.appendingPathComponent(E2E.tinyConfig).path
    let input = TestPaths.repository.appendingPathComponent("Fixtures/e2e/tiny-9.ndjson.gz").path
    let arguments = ["report", "-c", config, "--progress", "never", "-f", "json", input]
    let plain = try Self.run(arguments)
    #expect(plain.status == 0 && plain.stderr.isEmpty, "\(plain.stderr)")
    for (name, value, warning) in [
      ("JOURNEY_INFLATE", "igzip", "warning: JOURNEY_INFLATE=igzip is not one of zlib, isal, builtin; inflating with "),
      ("JOURNEY_BLOCK_BYTES", "4M", "warning: JOURNEY_BLOCK_BYTES=4M is not a whole number of bytes above 0; using 4194304"),
      ("JOURNEY_BLOCK_BYTES", "0", "warning: JOURNEY_BLOCK_BYTES=0 is not a whole number of bytes above 0; using 4194304"),
      ("JOURNEY_MEMORY_FLOOR", "-1", "warning: JOURNEY_MEMORY_FLOOR=-1 is not a whole number of bytes; using 16777216"),
    ] {
      let result = try Self.run(arguments, environment: [name: value])
      #expect(result.status == 0, "\(name)=\(value): \(result.stderr)")
      #expect(result.stderr.hasPrefix(warning) && result.stderr.split(separator: "\n").count == 1, "\(name)=\(value): \(result.stderr)")
      #expect(result.stdout == plain.stdout, "\(name)=\(value): the same report")
      let quiet = try Self.run(arguments + ["--quiet"], environment: [name: value])
      #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(name)=\(value) --quiet: \(quiet.stderr)")
    }
    for (name, value) in [("JOURNEY_INFLATE", "Zlib"), ("JOURNEY_BLOCK_BYTES", "65536"), ("JOURNEY_MEMORY_FLOOR", "0")] {
      let result = try Self.run(arguments, environment: [name: value])
      #expect(result.status == 0 && result.stderr.isEmpty, "\(name)=\(value): \(result.stderr)")
      #expect(result.stdout == plain.stdout, "\(name)=\(value): the same report")
    }
  }

  /// Without a config, the preset is detected from the first input: a binary or broken one is named
  /// for what it is (exit 2), not called empty.
  @Test func presetDetectionNamesABinaryOrBrokenFirstInput() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-detect")
    defer { try? FileManager.default.removeItem(at: folder) }
    let zstd = folder.appendingPathComponent("events.zst")
    try Data([0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x00]).write(to: zstd)
    let good = try [UInt8](Data(contentsOf: TestPaths.repository.appendingPathComponent("Fixtures/e2e/tiny-9.ndjson.gz")))
    let broken = folder.appendingPathComponent("events.ndjson.gz")
    try Data(BrokenGzip.unknownMethod.apply(to: good)).write(to: broken)
    for (file, message) in [
      (zstd, "is a zstd file, not text; skipped"), (broken, "corrupt gzip data at compressed byte 2: unknown compression method"),
    ] {
      let result = try Self.run(["report", "--progress", "never", file.path])
      #expect(result.status == 2, "\(result.stderr)")
      #expect(result.stderr.hasPrefix("Error: \(file.path): \(message); no line to detect a preset from"), "\(result.stderr)")
    }
  }
}
