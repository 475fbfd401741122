import Foundation
import JourneyModel
import JourneyPipeline
import JourneyTestSupport
import Testing

/// `journey keys` (SPEC §12, the Spark job's first stage): every framed record with the user key
/// `--partition` hashes, escaped, in input order, and an `#input` line after each input.
@Suite struct KeysTests {
  struct Line: Equatable {
    var key: [UInt8]
    var input: Int
    var line: Int
    var record: [UInt8]
  }

  /// The record lines and the `#input` objects of a `keys` output.
  static func parse(_ output: Data) throws -> (lines: [Line], inputs: [[String: Any]]) {
    var lines: [Line] = []
    var inputs: [[String: Any]] = []
    for raw in output.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
      let fields = raw.split(separator: 0x09, maxSplits: 3, omittingEmptySubsequences: false)
      if fields[0].elementsEqual("#input".utf8) {
        inputs.append(try #require(try JSONSerialization.jsonObject(with: Data(fields[1])) as? [String: Any]))
        continue
      }
      try #require(fields.count == 4, "\(String(decoding: raw, as: UTF8.self))")
      #expect(!raw.contains(0x0D))
      lines.append(
        Line(
          key: unescape(Array(fields[0])), input: Int(String(decoding: fields[1], as: UTF8.self)) ?? -1,
          line: Int(String(decoding: fields[2], as: UTF8.self)) ?? -1, record: unescape(Array(fields[3]))))
    }
    return (lines, inputs)
  }

  static func unescape(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var i = 0
    while i < bytes.count {
      if bytes[i] == 0x5C, i + 1 < bytes.count {
        switch bytes[i + 1] {
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "\\"): out.append(0x5C)
        default: out.append(contentsOf: bytes[i...i + 1])
        }
        i += 2
      } else {
        out.append(bytes[i])
        i += 1
      }
    }
    return out
  }

  static func keys(_ arguments: [String], stdin: Data? = nil) throws -> (lines: [Line], inputs: [[String: Any]]) {
    let result = try JourneyCLI.run(["keys", "-q"] + arguments, stdin: stdin)
    #expect(result.status == 0, "\(result.stderr)")
    return try parse(result.stdout)
  }

  static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  /// Escaping leaves no TAB, LF or CR, and unescaping gives the bytes back, whatever they are.
  @Test func escapingRoundTrips() {
    var random = SplitMix64(seed: 15)
    for length in 0..<300 {
      let bytes = (0..<length).map { _ in [0x09, 0x0A, 0x0D, 0x5C, 0x74, 0x6E, 0x41, 0xFF][Int(random.next() % 8)] as UInt8 }
      var escaped: [UInt8] = []
      bytes.withUnsafeBytes { KeyedStream.appendEscaped($0, to: &escaped) }
      #expect(!escaped.contains(0x09) && !escaped.contains(0x0A) && !escaped.contains(0x0D))
      #expect(!escaped.elementsEqual(KeyedStream.tooLongMarker))
      var back: [UInt8] = []
      #expect(escaped.withUnsafeBytes { KeyedStream.unescape($0, into: &back) })
      #expect(back == bytes)
      #expect(Self.unescape(escaped) == bytes)
    }
    var back: [UInt8] = []
    #expect(!Array("a\\qb".utf8).withUnsafeBytes { KeyedStream.unescape($0, into: &back) })
    #expect(!Array("ab\\".utf8).withUnsafeBytes { KeyedStream.unescape($0, into: &back) })
  }

  @Test func keysOfNDJSONInInputOrder() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-keys")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("a.ndjson")
    let text = """
      {"userId":"u1","event":"Product Viewed","timestamp":1793520000}

      {"event":"Product Viewed","timestamp":1793520001}
      {not json
      {"userId":"u\\\\2\\t","event":"Product Viewed","timestamp":"not a time"}
      {"userId":"u1","event":"Product Viewed","timestamp":1793520003}\r
      {"userId":"u3","event":"x\\r\\n","timestamp":1793520004}
      """
    try Data(text.utf8).write(to: file)
    let (lines, inputs) = try Self.keys(["-c", E2E.tinyConfig, file.path, E2E.tiny, "--input-index", "5"])
    let first = lines.filter { $0.input == 5 }
    #expect(first.map(\.line) == [1, 3, 4, 5, 6, 7])
    #expect(first.map { String(decoding: $0.key, as: UTF8.self) } == ["u1", "", "", "u\\2\t", "u1", "u3"])
    #expect(first[0].record == Self.bytes(#"{"userId":"u1","event":"Product Viewed","timestamp":1793520000}"#))
    #expect(first[2].record == Self.bytes("{not json"))
    // CRLF ends the record; the JSON escapes stay as written.
    #expect(first[4].record == Self.bytes(#"{"userId":"u1","event":"Product Viewed","timestamp":1793520003}"#))
    #expect(first[5].record == Self.bytes(#"{"userId":"u3","event":"x\r\n","timestamp":1793520004}"#))
    #expect(lines.filter { $0.input == 6 }.count == 18)
    #expect(inputs.count == 2)
    #expect(inputs[0]["index"] as? Int == 5)
    #expect(inputs[0]["path"] as? String == file.path)
    #expect(inputs[0]["records"] as? Int == 6)
    #expect(inputs[0]["format"] as? String == "ndjson")
    #expect(inputs[0]["compression"] as? String == "none")
    #expect(inputs[0]["bytes"] as? Int == text.utf8.count)
    #expect(inputs[0]["header"] is NSNull)
    #expect(inputs[0]["error"] is NSNull)
    #expect(inputs[1]["index"] as? Int == 6)
    #expect(inputs[1]["path"] as? String == E2E.tiny)
  }

  @Test func keysOfCSVLeaveTheHeaderOutAndEscapeQuotedLineBreaks() throws {
    let (lines, inputs) = try Self.keys(["-c", "Fixtures/e2e/tiny-csv.yaml", "Fixtures/e2e/tiny.csv"])
    #expect(lines.first?.line == 2)
    #expect(!lines.contains { $0.record.starts(with: Self.bytes("userId,")) })
    let twoLines = try #require(lines.first { $0.line == 5 })
    #expect(twoLines.key == Self.bytes("u2"))
    #expect(twoLines.record == Self.bytes("u2,2026-11-01T10:01:00Z,Checkout Started,,\"two\r\nlines\""))
    #expect(inputs.first?["header"] as? String == "userId,timestamp,event,source,note")
    #expect(inputs.first?["headerLine"] as? Int == 1)
    #expect(inputs.first?["format"] as? String == "csv")
    let report = try JourneyCLI.run(["report", "-q", "-f", "json", "--max-bad-ratio", "1", "-c", "Fixtures/e2e/tiny-csv.yaml", "Fixtures/e2e/tiny.csv"])
    let summary = try #require(try JSONSerialization.jsonObject(with: report.stdout) as? [String: Any])["summary"] as? [String: Any]
    let reported = try #require((summary?["inputs"] as? [[String: Any]])?.first)
    for key in ["path", "compression", "format", "records", "bytes"] {
      #expect("\(reported[key] ?? "")" == "\(inputs.first?[key] ?? "")", "\(key)")
    }
    #expect(lines.count == reported["records"] as? Int)
  }

  @Test func gzipAndStandardInputGiveTheSameRecords() throws {
    let plain = try Self.keys(["-c", E2E.tinyConfig, E2E.tiny])
    let gzip = try Self.keys(["-c", E2E.tinyConfig, "Fixtures/e2e/tiny-9.ndjson.gz"])
    let piped = try Self.keys(
      ["-c", E2E.tinyConfig, "--input-name", "from/driver.ndjson", "-"], stdin: try Data(contentsOf: URL(fileURLWithPath: E2E.tiny, relativeTo: TestPaths.repository)))
    #expect(gzip.lines == plain.lines)
    #expect(piped.lines == plain.lines)
    #expect(gzip.inputs.first?["compression"] as? String == "gzip")
    #expect(piped.inputs.first?["path"] as? String == "from/driver.ndjson")
    #expect(piped.inputs.first?["bytes"] as? Int == plain.inputs.first?["bytes"] as? Int)
  }

  @Test func aTruncatedGzipSaysItsError() throws {
    let result = try JourneyCLI.run(["keys", "-c", E2E.tinyConfig, "Fixtures/e2e/tiny-truncated.ndjson.gz"])
    #expect(result.status == 0)
    #expect(result.stderr.contains("warning:"))
    let (_, inputs) = try Self.parse(result.stdout)
    #expect((inputs.first?["error"] as? String)?.isEmpty == false)
  }

  @Test func aRecordTooLongHasNoKeyAndTheMarker() throws {
    let text = "{\"userId\":\"u1\",\"event\":\"Product Viewed\",\"timestamp\":1793520000,\"pad\":\"\(String(repeating: "x", count: 300))\"}\n"
      + "{\"userId\":\"u2\",\"event\":\"Product Viewed\",\"timestamp\":1793520000}\n"
    let result = try JourneyCLI.run(["keys", "-q", "-c", E2E.tinyConfig, "--max-line-length", "200", "-"], stdin: Data(text.utf8))
    let output = String(decoding: result.stdout, as: UTF8.self)
    #expect(output.hasPrefix("\t0\t1\t\\L\nu2\t0\t2\t{"))
  }

  /// A combined key (`combine:` client and user agent, the access-log presets) hashes as
  /// `--partition` hashes it: the users of each partition agree.
  @Test(arguments: [2, 3, 5])
  func combinedKeysHashToTheReportsPartition(count: Int) throws {
    let input = "Fixtures/e2e/access-combined.log"
    let (lines, _) = try Self.keys(["--preset", "combined", input])
    #expect(lines.allSatisfy { $0.key.contains(0x1F) })
    for index in 0..<count {
      let mine = Set(lines.map(\.key).filter { key in key.withUnsafeBytes { XXHash64.sparkPartition($0, of: count) } == index })
      let result = try JourneyCLI.run(
        ["report", "-q", "-f", "json", "--max-bad-ratio", "1", "--preset", "combined", "--partition", "\(index)/\(count)", input])
      let summary = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])["summary"] as? [String: Any]
      #expect(summary?["users"] as? Int == mine.count, "partition \(index)/\(count)")
    }
  }

  /// Every KEY hashes (Spark's pmod(xxhash64)) to the partition `report --partition` counts its
  /// records in: events and users of the users' keys, rejects of the empty key.
  @Test(arguments: [2, 3, 7])
  func keysHashToTheReportsPartition(count: Int) throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-keys-partition")
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("events.ndjson")
    try Data(E2E.tinyEvents(3000, users: 300, badEvery: 7).utf8).write(to: input)
    let (lines, _) = try Self.keys(["-c", E2E.tinyConfig, input.path])
    #expect(lines.count == 3000)
    for index in 0..<count {
      let mine = lines.filter { line in line.key.withUnsafeBytes { XXHash64.sparkPartition($0, of: count) } == index }
      let result = try JourneyCLI.run(
        ["report", "-q", "-f", "json", "--max-bad-ratio", "1", "-c", E2E.tinyConfig, "--partition", "\(index)/\(count)", input.path])
      let summary = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])["summary"] as? [String: Any]
      #expect(summary?["events"] as? Int == mine.filter { !$0.key.isEmpty }.count)
      #expect(summary?["rejected"] as? Int == mine.filter { $0.key.isEmpty }.count)
      #expect(summary?["users"] as? Int == Set(mine.filter { !$0.key.isEmpty }.map(\.key)).count)
    }
  }
}
