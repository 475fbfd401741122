import Foundation
import JourneyTestSupport
import Testing

/// `journey-datagen --shape uniform|varied`: the uniform shape is the bytes it always was; the varied
/// shape is valid NDJSON whose lines vary as real Segment exports do, deterministic, and holds the
/// uniform shape's journeys (so `journey report` gives the same funnel).
@Suite struct DataGenShapeTests {
  static let datagen = JourneyCLI.executable.deletingLastPathComponent().appendingPathComponent("journey-datagen")

  /// Runs journey-datagen (standard error to a file in `folder`'s parent); returns its status and stderr.
  @discardableResult
  static func generate(_ arguments: [String], into folder: URL) throws -> (status: Int32, stderr: String) {
    let log = folder.deletingLastPathComponent().appendingPathComponent(folder.lastPathComponent + ".stderr")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let process = Process()
    process.executableURL = datagen
    process.arguments = arguments + ["--out", folder.path]
    process.standardError = try FileHandle(forWritingTo: log)
    process.standardOutput = try FileHandle(forWritingTo: log)
    try process.run()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: try Data(contentsOf: log), as: UTF8.self))
  }

  static func requireDatagen() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: datagen.path),
      "no journey-datagen at \(datagen.path): swift build --build-tests builds it")
  }

  /// FNV-1a, 64 bits: enough to pin bytes in a test.
  static func fnv1a(_ data: Data) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    data.withUnsafeBytes { bytes in
      for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
      }
    }
    return hash
  }

  static func eventFiles(_ folder: URL) -> [URL] {
    E2E.names(in: folder).filter { $0.hasPrefix("events-") }.sorted().map { folder.appendingPathComponent($0) }
  }

  static func lines(_ folder: URL) throws -> [Data] {
    try eventFiles(folder).flatMap { url in
      try Data(contentsOf: url).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).map { Data($0) }
    }
  }

  /// The hashes of the files `--events 30000 --seed 7 --files 3 --gzip-level 0` wrote before
  /// `--shape` existed (commit 9f7c4f8): the cached benchmark data and the tests depend on them.
  @Test func uniformShapeKeepsItsBytes() throws {
    try Self.requireDatagen()
    let scratch = TestPaths.temporaryDirectory("datagen-uniform")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let expected: [String: (Int, UInt64)] = [
      "events-000.ndjson": (5_959_783, 0xc3f8_b57d_cd8f_d89a),
      "events-001.ndjson": (6_014_850, 0x8970_2c78_2dd8_10bd),
      "events-002.ndjson": (6_231_606, 0x2906_2962_f9e4_734e),
      "journey.yaml": (673, 0x0e6c_5d89_55a1_c62b),
    ]
    for (label, extra) in [("default", [String]()), ("explicit", ["--shape", "uniform"])] {
      let folder = scratch.appendingPathComponent(label)
      let run = try Self.generate(["--events", "30000", "--seed", "7", "--files", "3", "--gzip-level", "0"] + extra, into: folder)
      #expect(run.status == 0, "\(run.stderr)")
      for (name, (size, hash)) in expected {
        let data = try Data(contentsOf: folder.appendingPathComponent(name))
        #expect(data.count == size, "\(label) \(name)")
        #expect(Self.fnv1a(data) == hash, "\(label) \(name): 0x\(String(Self.fnv1a(data), radix: 16))")
      }
    }
  }

  @Test func variedShapeIsDeterministic() throws {
    try Self.requireDatagen()
    let scratch = TestPaths.temporaryDirectory("datagen-varied-determinism")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let arguments = ["--events", "8000", "--seed", "3", "--files", "2", "--shape", "varied"]  // gzipped, as by default
    for run in ["a", "b"] {
      #expect(try Self.generate(arguments, into: scratch.appendingPathComponent(run)).status == 0)
    }
    #expect(try Self.generate(["--events", "8000", "--seed", "4", "--files", "2", "--shape", "varied"],
                              into: scratch.appendingPathComponent("other-seed")).status == 0)
    let names = E2E.names(in: scratch.appendingPathComponent("a")).sorted()
    #expect(names == ["events-000.ndjson.gz", "events-001.ndjson.gz", "journey.yaml"])
    #expect(E2E.names(in: scratch.appendingPathComponent("b")).sorted() == names)
    for name in names {
      let a = try Data(contentsOf: scratch.appendingPathComponent("a/\(name)"))
      let b = try Data(contentsOf: scratch.appendingPathComponent("b/\(name)"))
      #expect(a == b, "\(name) differs between two runs with the same arguments")
    }
    let a = try E2E.gunzip(scratch.appendingPathComponent("a/events-000.ndjson.gz"))
    let other = try E2E.gunzip(scratch.appendingPathComponent("other-seed/events-000.ndjson.gz"))
    #expect(a != other, "another seed gives other data")
  }

  @Test func variedShapeRefusesCSV() throws {
    try Self.requireDatagen()
    let scratch = TestPaths.temporaryDirectory("datagen-varied-csv")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let run = try Self.generate(["--events", "100", "--format", "csv", "--shape", "varied"], into: scratch.appendingPathComponent("out"))
    #expect(run.status != 0)
    #expect(run.stderr.contains("--shape varied writes NDJSON only"), "\(run.stderr)")
    let typo = try Self.generate(["--events", "100", "--shape", "wild"], into: scratch.appendingPathComponent("typo"))
    #expect(typo.status != 0)
    #expect(typo.stderr.contains("--shape must be uniform or varied (got 'wild')"), "\(typo.stderr)")
  }

  /// What varies, counted over every line of a small data set: each shape the option promises occurs.
  @Test func variedLinesAreJSONWithEveryShape() throws {
    try Self.requireDatagen()
    let scratch = TestPaths.temporaryDirectory("datagen-varied-lines")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let folder = scratch.appendingPathComponent("data")
    #expect(try Self.generate(["--events", "20000", "--seed", "5", "--files", "2", "--gzip-level", "0", "--shape", "varied"], into: folder).status == 0)
    let lines = try Self.lines(folder)
    #expect(lines.count == 20000)

    var counts: [String: Int] = [:]
    var bytes = 0
    var productCounts = Set<Int>()
    var invalid = 0
    for line in lines {
      bytes += line.count + 1
      guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else {
        invalid += 1
        continue
      }
      func count(_ key: String, _ condition: Bool = true) { if condition { counts[key, default: 0] += 1 } }
      let type = object["type"] as? String ?? "?"
      count("type \(type)")
      count("event", object["event"] is String)
      count("identify with event", type == "identify" && object["event"] != nil)
      count("anonymousId", object["anonymousId"] is String)
      count("messageId", object["messageId"] is String)
      count("timestamp", object["timestamp"] is String)
      count("receivedAt", object["receivedAt"] is String)
      count("sentAt", object["sentAt"] is String)
      count("userId null", object["userId"] is NSNull)
      let context = object["context"] as? [String: Any] ?? [:]
      let page = context["page"] as? [String: Any] ?? [:]
      count("context.page.path", page["path"] is String)
      count("context.page.url", page["url"] is String)
      for member in ["campaign", "referrer", "locale", "device", "app", "userAgent"] { count("context.\(member)", context[member] != nil) }
      let properties = object["properties"] as? [String: Any] ?? [:]
      count("properties.coupon", properties["coupon"] != nil)
      if let products = properties["products"] as? [[String: Any]] {
        count("products")
        productCounts.insert(products.count)
        let complete = products.allSatisfy { item in
          ["product_id", "sku", "name", "price", "quantity"].allSatisfy { item[$0] != nil }
        }
        count("products complete", complete)
      }
      count("traits", object["traits"] != nil)
      if let price = properties["price"] as? Double { count("float price", price != price.rounded()) }
      count("integer quantity", properties["quantity"] is Int)
      // Key order and serializer, from the bytes.
      let text = String(decoding: line, as: UTF8.self)
      func position(_ key: String) -> String.Index? { text.range(of: "\"\(key)\":")?.lowerBound ?? text.range(of: "\"\(key)\": ")?.lowerBound }
      if let properties = position("properties") {
        if let timestamp = position("timestamp"), timestamp > properties { count("timestamp after properties") }
        if let event = position("event"), event > properties { count("event after properties") }
      }
      count("escaped quote", text.contains("\\\""))
      count("escaped backslash", text.contains("\\\\"))
      count("escaped slash", text.contains("\\/"))
      count("unicode escape", text.contains("\\u00"))
      count("raw non-ASCII", line.contains { $0 >= 0x80 })
      count("spaced separators", text.hasPrefix("{\"messageId\": ") || text.contains("\", \""))
    }
    #expect(invalid == 0, "\(invalid) lines are not JSON objects")
    let total = lines.count
    // Every call type; page calls keep `event` (the config reads it), identify calls have none.
    #expect(counts["type track", default: 0] > total / 2)
    #expect(counts["type page", default: 0] > total / 5)
    #expect(counts["type identify", default: 0] > 20)
    #expect(counts["identify with event", default: 0] == 0)
    #expect(counts["event", default: 0] == total - counts["type identify", default: 0])
    #expect(counts["traits", default: 0] == counts["type identify", default: 0])
    // Members every line has.
    for member in ["anonymousId", "messageId", "timestamp", "receivedAt", "context.page.path", "context.page.url"] {
      #expect(counts[member, default: 0] == total, "\(member)")
    }
    // Members some lines have.
    for member in [
      "sentAt", "userId null", "context.campaign", "context.referrer", "context.locale", "context.device",
      "context.app", "properties.coupon", "products", "float price", "integer quantity",
      "timestamp after properties", "event after properties", "escaped quote", "escaped backslash",
      "escaped slash", "unicode escape", "raw non-ASCII", "spaced separators",
    ] {
      #expect(counts[member, default: 0] > 0, "no line with \(member)")
      #expect(counts[member, default: 0] < total, "every line with \(member)")
    }
    #expect(counts["products complete"] == counts["products"])
    #expect(productCounts == Set(1...5), "product arrays of \(productCounts.sorted()) items")
    // About 10% of the lines put `timestamp` or `event` after `properties`.
    let late = counts["timestamp after properties", default: 0] + counts["event after properties", default: 0]
    #expect(late > total / 20 && late < total / 5, "\(late) of \(total) lines with a late key")
    // About 600 bytes a line, like the uniform shape.
    let average = Double(bytes) / Double(total)
    #expect(average > 560 && average < 680, "\(average) bytes a line")
  }

  /// The varied data reads with its journey.yaml: no rejects, every stage reached, and the same
  /// events, users, sessions, funnel, transitions and paths as the uniform data of the same arguments.
  @Test func variedShapeReportsTheUniformFunnel() throws {
    try Self.requireDatagen()
    try JourneyCLI.requireBinary()
    let scratch = TestPaths.temporaryDirectory("datagen-varied-report")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let checker = ReportChecker()
    var reports: [String: [String: Any]] = [:]
    for shape in ["uniform", "varied"] {
      let folder = scratch.appendingPathComponent(shape)
      #expect(try Self.generate(["--events", "20000", "--seed", "9", "--files", "3", "--shape", shape], into: folder).status == 0)
      let config = folder.appendingPathComponent("journey.yaml").path
      reports[shape] = try E2E.reportJSON(["-c", config] + Self.eventFiles(folder).map(\.path), checker: checker)
    }
    let varied = try #require(reports["varied"])
    let uniform = try #require(reports["uniform"])
    #expect(E2E.int(varied, "rejected") == 0)
    #expect(E2E.int(varied, "events") == 20000)
    let units = E2E.stepUnits(varied)
    #expect(units.count == 4)
    #expect(units.allSatisfy { $0 > 0 }, "every stage reached: \(units)")
    for key in ["events", "users", "sessions", "units", "units_without_stage", "unclassified_events"] {
      #expect(E2E.int(varied, key) == E2E.int(uniform, key), "\(key)")
    }
    for key in ["funnel", "transitions", "paths", "entries", "exits"] {
      #expect(varied[key] != nil)
      #expect(NSDictionary(dictionary: [key: varied[key] as Any]) == NSDictionary(dictionary: [key: uniform[key] as Any]), "\(key)")
    }
    // With the page path as touchpoint (written with `\/` on some varied lines; present on identify
    // calls too) the whole report is the uniform one's, journey map and breakdowns included.
    var byPath: [String: NSDictionary] = [:]
    for shape in ["uniform", "varied"] {
      let folder = scratch.appendingPathComponent(shape)
      let config = scratch.appendingPathComponent("\(shape)-path.yaml")
      let base = try String(contentsOf: folder.appendingPathComponent("journey.yaml"), encoding: .utf8)
      try (base + "touchpoint: context.page.path\n").write(to: config, atomically: true, encoding: .utf8)
      let report = try E2E.reportJSON(["-c", config.path] + Self.eventFiles(folder).map(\.path), checker: checker)
      byPath[shape] = E2E.comparable(report, dropConfig: true)
    }
    #expect(byPath["varied"] == byPath["uniform"], "the reports with touchpoint: context.page.path differ")
    checker.validateAll()
  }
}
