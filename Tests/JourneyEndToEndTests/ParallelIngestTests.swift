import Foundation
import JourneyModel
import JourneyPipeline
import JourneyRender
import Testing

/// The parallel ingest (`--threads` > 1) gives the sequential read's bytes: same report, same reject
/// samples in file and line order, same stderr warnings, same `sessions` rows, whatever the block size.
@Suite struct ParallelIngestTests {
  /// Segment-style lines with same-instant ties, bad lines spread over many blocks, and users
  /// shared between files.
  static func segmentLines(seed: UInt64, count: Int, file: Int) -> [String] {
    var random = SplitMix64(seed: seed)
    let events = ["Page Viewed", "Product Viewed", "Product Added", "Checkout Started", "Order Completed"]
    let sources = ["google", "newsletter", "", "ads"]
    var lines: [String] = []
    for i in 0..<count {
      let r = random.next()
      if r % 97 == 0 { lines.append("{\"userId\": broken json \(i)"); continue }
      if r % 89 == 0 { lines.append("{\"userId\":\"u\(r % 40)\",\"event\":\"Page Viewed\",\"timestamp\":\"yesterday\"}"); continue }
      if r % 83 == 0 { lines.append(""); continue }
      // Coarse timestamps: many events of one user at the same instant (ties keep input order).
      let stamp = 1_700_000_000 + Int((r >> 8) % 50) * 60
      let source = sources[Int((r >> 20) % 4)]
      let context = source.isEmpty ? "" : ",\"context\":{\"campaign\":{\"source\":\"\(source)\"}}"
      lines.append(
        "{\"userId\":\"u\((r >> 32) % 40)\",\"event\":\"\(events[Int((r >> 40) % 5)])\",\"timestamp\":\(stamp)\(context),\"f\":\(file)}")
    }
    return lines
  }

  static func write(_ lines: [String], _ name: String, in directory: URL) throws -> String {
    let url = directory.appendingPathComponent(name)
    try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("parallel-ingest-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  final class Warnings: @unchecked Sendable {
    let lock = NSLock()
    var lines: [String] = []
    func add(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
  }

  /// The JSON report and the warnings of one run.
  static func report(_ inputs: [String], config: String? = nil, preset: String? = nil, threads: Int, blockBytes: Int)
    throws -> (json: String, warnings: [String])
  {
    var settings = RunSettings()
    settings.inputs = inputs
    settings.configPath = config
    settings.preset = preset
    settings.threads = threads
    settings.ingestBlockBytes = blockBytes
    settings.maxBadRatio = 1
    let warnings = Warnings()
    settings.warn = { warnings.add($0) }
    let json = try JSONReportRenderer.data(try ReportPipeline.run(settings).report)
    return (String(decoding: json, as: UTF8.self), warnings.lines)
  }

  static func segmentConfig(in directory: URL) throws -> String {
    let url = directory.appendingPathComponent("seg.yaml")
    try "input:\n  preset: segment\nbreakdown:\n  - field: context.campaign.source\n    top: 3\n"
      .write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  @Test(arguments: [2, 3])
  func severalFilesWithTiesAndRejectsMatchTheSequentialRead(threads: Int) throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let files = try (0..<3).map { try Self.write(Self.segmentLines(seed: UInt64($0) + 7, count: 3_000, file: $0), "part\($0).ndjson", in: directory) }
    let config = try Self.segmentConfig(in: directory)
    let sequential = try Self.report(files, config: config, threads: 1, blockBytes: 4 << 20)
    #expect(sequential.json.contains("\"samples\""))
    #expect(sequential.warnings.count == 6)
    for blockBytes in [700, 5_000, 4 << 20] {
      let parallel = try Self.report(files, config: config, threads: threads, blockBytes: blockBytes)
      #expect(parallel.json == sequential.json, "block \(blockBytes)")
      #expect(parallel.warnings == sequential.warnings, "block \(blockBytes)")
    }
  }

  @Test func nestedEventsMatchTheSequentialRead() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let types = ["clicks", "carts", "orders"]
    var lines: [String] = []
    for session in 0..<400 {
      // Several events per line, some at the same instant: their order is their position in the line.
      let events = (0..<(1 + session % 9)).map { i in
        "{\"aid\":\(i),\"ts\":\(1_659_304_800_000 + (i / 2) * 1000 + session),\"type\":\"\(types[(session + i) % 3])\"}"
      }
      lines.append("{\"session\":\(session % 150),\"events\":[\(events.joined(separator: ","))]}")
      if session % 37 == 0 { lines.append("{\"session\":1,\"events\":[{\"ts\":\"x\"}]}") }
    }
    let file = try Self.write(lines, "otto.jsonl", in: directory)
    let sequential = try Self.report([file], preset: "otto", threads: 1, blockBytes: 4 << 20)
    for blockBytes in [300, 4_000] {
      let parallel = try Self.report([file], preset: "otto", threads: 2, blockBytes: blockBytes)
      #expect(parallel.json == sequential.json)
      #expect(parallel.warnings == sequential.warnings)
    }
  }

  @Test func sessionRowsAreTheSameInEveryRun() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let files = try (0..<2).map { try Self.write(Self.segmentLines(seed: UInt64($0) + 99, count: 2_000, file: $0), "s\($0).ndjson", in: directory) }
    let config = try Self.segmentConfig(in: directory)
    func rows(threads: Int, blockBytes: Int) throws -> [String] {
      var settings = RunSettings()
      settings.inputs = files
      settings.configPath = config
      settings.threads = threads
      settings.ingestBlockBytes = blockBytes
      var bytes: [UInt8] = []
      _ = try SessionsPipeline.run(settings, format: .ndjson) { bytes.append(contentsOf: $0) }
      return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }
    let sequential = try rows(threads: 1, blockBytes: 4 << 20)
    #expect(sequential.count > 1_000)
    #expect(sequential.allSatisfy { $0.hasPrefix("{\"user\":") && $0.hasSuffix("}") })
    #expect(try rows(threads: 2, blockBytes: 900) == sequential)
    #expect(try rows(threads: 4, blockBytes: 10_000) == sequential)
  }

  /// `dedupe: messageId` drops exactly each user's repeats of an id, however the ids fall across
  /// files and blocks (the parallel ingest logs each block's values and the commit appends them):
  /// the count of a set per user, and the sequential read's report.
  @Test func dedupeDropsEachUsersRepeatsAcrossFilesAndBlocks() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var random = SplitMix64(seed: 42)
    var expectedDuplicates = 0
    var seen = Set<String>()
    var files: [String] = []
    for file in 0..<3 {
      var lines: [String] = []
      for _ in 0..<2_000 {
        let r = random.next()
        let user = "u\(r % 30)"
        // A small pool of ids shared by every user and file: repeats within a user, and the same
        // id for other users (not a repeat); some lines have no id or an empty one.
        let id = (r >> 8) % 10 == 0 ? nil : (r >> 8) % 10 == 1 ? "" : "m\((r >> 16) % 150)"
        let idMember = id.map { ",\"messageId\":\"\($0)\"" } ?? ""
        let stamp = 1_700_000_000 + Int((r >> 32) % 5_000) * 7
        lines.append("{\"userId\":\"\(user)\",\"event\":\"Page Viewed\",\"timestamp\":\(stamp)\(idMember)}")
        if let id, !id.isEmpty, !seen.insert(user + "\u{1}" + id).inserted { expectedDuplicates += 1 }
      }
      files.append(try Self.write(lines, "part\(file).ndjson", in: directory))
    }
    let config = directory.appendingPathComponent("dedupe.yaml")
    try "input:\n  preset: segment\ndedupe: messageId\n".write(to: config, atomically: true, encoding: .utf8)
    let sequential = try Self.report(files, config: config.path, threads: 1, blockBytes: 4 << 20)
    let summary = try #require(
      (try JSONSerialization.jsonObject(with: Data(sequential.json.utf8)) as? [String: Any])?["summary"] as? [String: Any])
    #expect(summary["duplicates"] as? Int == expectedDuplicates)
    #expect(expectedDuplicates > 1_000)
    for (threads, blockBytes) in [(2, 1_500), (3, 20_000), (2, 4 << 20)] {
      let parallel = try Self.report(files, config: config.path, threads: threads, blockBytes: blockBytes)
      #expect(parallel.json == sequential.json, "threads \(threads), blocks of \(blockBytes) bytes")
    }
  }
}
