import Foundation
import JourneyModel
import JourneyPipeline
import JourneyRender
import JourneyTestSupport
import PropertyBased
import Testing

/// SPEC §4: the same events give the same report whatever the order of lines and files, as long as
/// no user has two events at the same instant. Generated NDJSON, through the library.
@Suite struct OrderInvarianceTests {

  static let events = ["Product Viewed", "Product Added", "Checkout Started", "Order Completed", "Help Viewed"]
  static let sources = ["google", "facebook", "newsletter"]

  /// 40–160 Segment-like lines for up to 8 users; each user's instants are distinct (a per-user
  /// running clock with gaps of 1 s … 50 min, so some sessions split at the 30m timeout).
  static func lines(seed: UInt64) -> [String] {
    var random = SplitMix64(seed: seed)
    let count = Int.random(in: 40...160, using: &random)
    var clocks: [Int: Int] = [:]
    var lines: [String] = []
    for _ in 0..<count {
      let user = Int.random(in: 1...8, using: &random)
      let time = (clocks[user] ?? 1_793_520_000 + Int.random(in: 0...7200, using: &random))
        + Int.random(in: 1...3000, using: &random)
      clocks[user] = time
      let event = events.randomElement(using: &random)!
      let source = Bool.random(using: &random) ? ",\"context\":{\"campaign\":{\"source\":\"\(sources.randomElement(using: &random)!)\"}}" : ""
      // Mixed timestamp shapes: epoch seconds, epoch milliseconds, ISO 8601.
      let stamp: String
      switch Int.random(in: 0...2, using: &random) {
      case 0: stamp = "\(time)"
      case 1: stamp = "\(Int64(time) * 1000)"
      default:
        let formatter = ISO8601DateFormatter()
        stamp = "\"\(formatter.string(from: Date(timeIntervalSince1970: TimeInterval(time))))\""
      }
      lines.append("{\"userId\":\"g\(user)\",\"event\":\"\(event)\",\"timestamp\":\(stamp)\(source)}")
    }
    return lines
  }

  static func report(_ inputs: [URL], _ name: String, checker: ReportChecker) throws -> NSDictionary {
    var settings = RunSettings()
    settings.inputs = inputs.map(\.path)
    settings.configPath = TestPaths.repository.appendingPathComponent(E2E.tinyConfig).path
    settings.threads = 2
    let json = try JSONReportRenderer.data(try ReportPipeline.run(settings).report)
    return E2E.comparable(try checker.add(json, name))
  }

  @Test func shuffledLinesGiveTheSameReport() async throws {
    let checker = ReportChecker()
    let folder = TestPaths.temporaryDirectory("journey-e2e-shuffle")
    defer { try? FileManager.default.removeItem(at: folder) }
    await propertyCheck(count: 20, input: Gen.int(in: 0...Int.max)) { seed in
      let lines = Self.lines(seed: UInt64(seed))
      var random = SplitMix64(seed: UInt64(seed) ^ 0xABCD)
      let original = folder.appendingPathComponent("\(seed)-original.ndjson")
      let shuffled = folder.appendingPathComponent("\(seed)-shuffled.ndjson")
      try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: original)
      // The shuffled copy also ends without a final newline.
      try Data(lines.shuffled(using: &random).joined(separator: "\n").utf8).write(to: shuffled)
      let a = try Self.report([original], "original \(seed)", checker: checker)
      let b = try Self.report([shuffled], "shuffled \(seed)", checker: checker)
      #expect(a == b, "seed \(seed)")
      #expect((a["summary"] as? [String: Any])?["events"] as? Int == lines.count)
    }
    checker.validateAll()
  }

  @Test func splittingIntoFilesGivesTheSameReport() async throws {
    let checker = ReportChecker()
    let folder = TestPaths.temporaryDirectory("journey-e2e-split")
    defer { try? FileManager.default.removeItem(at: folder) }
    await propertyCheck(count: 20, input: Gen.int(in: 0...Int.max), Gen.int(in: 2...6)) { seed, parts in
      let lines = Self.lines(seed: UInt64(seed))
      var random = SplitMix64(seed: UInt64(seed) ^ 0x5EED)
      let original = folder.appendingPathComponent("\(seed)-whole.ndjson")
      try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: original)
      // Shuffle, cut into `parts` pieces, name them in a random order (some gzipped).
      let shuffled = lines.shuffled(using: &random)
      // Fresh each time: a shrink retries the same seed with fewer parts, and the old parts must go.
      let split = folder.appendingPathComponent("\(seed)-parts")
      try? FileManager.default.removeItem(at: split)
      try FileManager.default.createDirectory(at: split, withIntermediateDirectories: true)
      let names = (0..<parts).map { "p\($0)" }.shuffled(using: &random)
      for part in 0..<parts {
        let chunk = stride(from: part, to: shuffled.count, by: parts).map { shuffled[$0] }
        var data = Data((chunk.joined(separator: "\n") + "\n").utf8)
        if Bool.random(using: &random) { data = try Shell.gzip(data, level: 1) }
        try data.write(to: split.appendingPathComponent(names[part] + ".ndjson"))
      }
      let a = try Self.report([original], "whole \(seed)", checker: checker)
      let b = try Self.report([split], "parts \(seed)", checker: checker)
      #expect(a == b, "seed \(seed), \(parts) parts")
    }
    checker.validateAll()
  }
}
