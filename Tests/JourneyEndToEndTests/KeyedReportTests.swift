import Foundation
import JourneyModel
import JourneyTestSupport
import Testing

/// `journey report --keyed` (SPEC §12, the Spark job's second stage): `keys` lines sorted by (input,
/// line) after a header give the very report of the original files, whole or by partition.
@Suite struct KeyedReportTests {
  /// Random events: users from a small pool, some without a user, some unparseable, blank lines,
  /// bad times, CRLF; `csv` with a header, quoted line breaks and short rows.
  static func randomInput(seed: UInt64, lines: Int, csv: Bool) -> String {
    var random = SplitMix64(seed: seed)
    var text = csv ? "userId,timestamp,event,source,note\n" : ""
    let events = ["Product Viewed", "Product Added", "Checkout Started", "Order Completed", "Help Viewed"]
    let sources = ["google", "facebook", "", "mail"]
    var time = 1_793_520_000 + Int(random.next() % 1000)
    for _ in 0..<lines {
      time += Int(random.next() % 900)
      let user = "u\(random.next() % 40)"
      let event = events[Int(random.next() % UInt64(events.count))]
      let source = sources[Int(random.next() % UInt64(sources.count))]
      let end = random.next() % 10 == 0 ? "\r\n" : "\n"
      switch random.next() % 20 {
      case 0: text += "\n"
      case 1: text += csv ? ",\(time),\(event),\(source),x\n" : "{\"event\":\"\(event)\",\"timestamp\":\(time)}\n"
      case 2: text += csv ? "\(user),\(time),broken\n" : "{\"userId\":\"\(user)\",\"event\n"
      case 3: text += csv ? "\(user),yesterday,\(event),\(source),x\n" : "{\"userId\":\"\(user)\",\"timestamp\":\"yesterday\"}\n"
      case 4 where csv: text += "\(user),\(time),\(event),\(source),\"two\nlines, \"\"quoted\"\"\"\(end)"
      default:
        text += csv
          ? "\(user),\(time),\(event),\(source),x\(end)"
          : "{\"userId\":\"\(user)\",\"event\":\"\(event)\",\"timestamp\":\(time),\"context\":{\"campaign\":{\"source\":\"\(source)\"}}}\(end)"
      }
    }
    return text
  }

  struct Files {
    let folder: URL
    let paths: [String]
    let config: String
  }

  /// Three random inputs (the last gzipped) in a new folder.
  static func makeFiles(seed: UInt64, csv: Bool) throws -> Files {
    let folder = TestPaths.temporaryDirectory("journey-e2e-keyed")
    var paths: [String] = []
    for index in 0..<3 {
      let url = folder.appendingPathComponent("part-\(index).\(csv ? "csv" : "ndjson")")
      try Data(randomInput(seed: seed &+ UInt64(index), lines: 400 + index * 150, csv: csv).utf8).write(to: url)
      if index == 2 {
        _ = try Shell.run("gzip", ["-n", url.path])
        paths.append(url.path + ".gz")
      } else {
        paths.append(url.path)
      }
    }
    return Files(folder: folder, paths: paths, config: csv ? "Fixtures/e2e/tiny-csv.yaml" : E2E.tinyConfig)
  }

  /// The keyed stream of `files` (each input through its own `keys` run, as the Spark job does),
  /// only the records of `partition`'s users when given, sorted by (input, line).
  static func stream(
    _ files: Files, partition: (Int, Int)?, withConfig: Bool = true, arguments: [String]? = nil, skipped: [String]? = nil,
    keysOptions: [String] = []
  ) throws -> Data {
    var records: [(input: Int, line: Int, text: Data)] = []
    var inputs: [Any] = []
    for (index, path) in files.paths.enumerated() {
      let result = try JourneyCLI.run(["keys", "-q", "-c", files.config, "--input-index", "\(index)"] + keysOptions + [path])
      #expect(result.status == 0, "\(result.stderr)")
      for raw in result.stdout.split(separator: 0x0A) {
        let fields = raw.split(separator: 0x09, maxSplits: 3, omittingEmptySubsequences: false)
        if fields[0].elementsEqual("#input".utf8) {
          inputs.append(try JSONSerialization.jsonObject(with: Data(fields[1])))
          continue
        }
        if let (k, n) = partition {
          let key = KeysTests.unescape(Array(fields[0]))
          guard key.withUnsafeBytes({ XXHash64.sparkPartition($0, of: n) }) == k else { continue }
        }
        records.append((Int(String(decoding: fields[1], as: UTF8.self))!, Int(String(decoding: fields[2], as: UTF8.self))!, Data(raw)))
      }
    }
    // The shuffle delivers them in any order; the stream is sorted.
    records.shuffle()
    records.sort { ($0.input, $0.line) < ($1.input, $1.line) }
    var header: [String: Any] = ["inputs": inputs, "partition": partition.map { "\($0.0)/\($0.1)" } ?? NSNull()]
    if let arguments { header["arguments"] = arguments }
    if let skipped { header["skipped"] = skipped }
    header["config"] = withConfig
      ? ["path": files.config, "text": try String(contentsOf: URL(fileURLWithPath: files.config, relativeTo: TestPaths.repository), encoding: .utf8)]
      : NSNull()
    var data = Data("#journey-keyed/1\t".utf8)
    data.append(try JSONSerialization.data(withJSONObject: header))
    data.append(0x0A)
    for record in records {
      data.append(record.text)
      data.append(0x0A)
    }
    return data
  }

  static func report(_ arguments: [String], stdin: Data? = nil) throws -> Data {
    let result = try JourneyCLI.run(["report", "-q", "-f", "json", "--max-bad-ratio", "1"] + arguments, stdin: stdin)
    #expect(result.status == 0, "\(result.stderr)")
    return result.stdout
  }

  @Test(arguments: [(UInt64(1), false), (2, false), (3, true), (4, true)])
  func theKeyedStreamGivesTheReportOfTheFiles(seed: UInt64, csv: Bool) throws {
    let files = try Self.makeFiles(seed: seed, csv: csv)
    defer { try? FileManager.default.removeItem(at: files.folder) }
    let whole = try Self.report(["-c", files.config] + files.paths)
    let keyed = try Self.report(["--keyed"], stdin: try Self.stream(files, partition: nil))
    #expect(keyed == whole)
    // Without a config in the header: the command line's.
    let given = try Self.report(["--keyed", "-c", files.config], stdin: try Self.stream(files, partition: nil, withConfig: false))
    #expect(given == whole)
    let summary = try #require(try JSONSerialization.jsonObject(with: whole) as? [String: Any])["summary"] as? [String: Any]
    #expect((summary?["rejected"] as? Int ?? 0) > 0)
  }

  @Test(arguments: [(UInt64(5), false, 3), (6, true, 4), (7, false, 1)])
  func aPartitionsStreamGivesThatPartitionsReport(seed: UInt64, csv: Bool, count: Int) throws {
    let files = try Self.makeFiles(seed: seed, csv: csv)
    defer { try? FileManager.default.removeItem(at: files.folder) }
    for index in 0..<count {
      let direct = try Self.report(["-c", files.config, "--partition", "\(index)/\(count)"] + files.paths)
      let keyed = try Self.report(["--keyed", "--threads", "2"], stdin: try Self.stream(files, partition: (index, count)))
      #expect(keyed == direct, "partition \(index)/\(count)")
    }
  }

  /// A folder as the driver's argument: the title names it, and the YAML file the driver left out
  /// of it is warned about as a run over the folder warns.
  @Test func theDriversFolderAndSkippedConfigsReachTheReport() throws {
    let files = try Self.makeFiles(seed: 9, csv: false)
    defer { try? FileManager.default.removeItem(at: files.folder) }
    let extra = files.folder.appendingPathComponent("notes.yaml")
    try Data("a: 1\n".utf8).write(to: extra)
    let whole = try Self.report(["-c", files.config, files.folder.path])
    #expect(String(decoding: whole, as: UTF8.self).contains("config-skipped"))
    let keyed = try Self.report(
      ["--keyed"], stdin: try Self.stream(files, partition: nil, arguments: [files.folder.path], skipped: [extra.path]))
    #expect(keyed == whole)
  }

  /// A record over --max-line-length is rebuilt one byte over the limit: rejected as it was.
  @Test func aTooLongRecordIsRejectedAgain() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-keyed-long")
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("long.ndjson")
    let long = "{\"userId\":\"u1\",\"event\":\"Product Viewed\",\"timestamp\":1793520000,\"pad\":\"\(String(repeating: "x", count: 400))\"}\n"
    try Data((E2E.tinyEvents(50, users: 5) + long + E2E.tinyEvents(20, users: 5)).utf8).write(to: url)
    let files = Files(folder: folder, paths: [url.path], config: E2E.tinyConfig)
    // `keys` with the same limit as the reports.
    let stream = try Self.stream(files, partition: nil, keysOptions: ["--max-line-length", "300"])
    #expect(stream.split(separator: 0x0A).contains { $0.elementsEqual(Array("\t0\t51\t\\L".utf8)) })
    let whole = try Self.report(["-c", E2E.tinyConfig, "--max-line-length", "300", url.path])
    let keyed = try Self.report(["--keyed", "--max-line-length", "300"], stdin: stream)
    #expect(keyed == whole)
    #expect(String(decoding: whole, as: UTF8.self).contains("line too long") || String(decoding: whole, as: UTF8.self).contains("too long"))
  }

  /// With `format: auto`, an input is read in the format its original first line showed, even
  /// when the partition's first record is a line no format fits.
  @Test func theOriginalsFormatHoldsForAPartitionWhoseFirstLineIsGarbage() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-keyed-auto")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = folder.appendingPathComponent("auto.yaml")
    let tiny = try String(contentsOf: URL(fileURLWithPath: E2E.tinyConfig, relativeTo: TestPaths.repository), encoding: .utf8)
    try Data(tiny.replacingOccurrences(of: "format: ndjson", with: "format: auto").utf8).write(to: config)
    let empty = XXHash64.sparkPartition(UnsafeRawBufferPointer(start: nil, count: 0), of: 2)
    // A first user of the other partition than the empty key's, then garbage (the empty key's).
    let user = try #require((0..<100).map { "u\($0)" }.first { name in
      Array(name.utf8).withUnsafeBytes { XXHash64.sparkPartition($0, of: 2) } != empty
    })
    let url = folder.appendingPathComponent("events.ndjson")
    let first = "{\"userId\":\"\(user)\",\"event\":\"Product Viewed\",\"timestamp\":1793520000}\n"
    try Data((first + "garbage, not JSON\n" + E2E.tinyEvents(200, users: 30)).utf8).write(to: url)
    let files = Files(folder: folder, paths: [url.path], config: config.path)
    let direct = try Self.report(["-c", config.path, "--partition", "\(empty)/2", url.path])
    let keyed = try Self.report(["--keyed"], stdin: try Self.stream(files, partition: (empty, 2)))
    #expect(keyed == direct)
  }

  /// The Spark job without Spark: each partition's keyed stream through `report --keyed -f
  /// partial-base64`, the partials merged, give the run over the files byte for byte.
  @Test(arguments: [(UInt64(10), false, 3), (11, true, 4)])
  func keyedPartialsMergeIntoTheRunsReport(seed: UInt64, csv: Bool, count: Int) throws {
    let files = try Self.makeFiles(seed: seed, csv: csv)
    defer { try? FileManager.default.removeItem(at: files.folder) }
    var partials: [String] = []
    for index in 0..<count {
      let result = try JourneyCLI.run(
        ["report", "--keyed", "-q", "--max-bad-ratio", "1", "-f", "partial-base64", "-o", "-"],
        stdin: try Self.stream(files, partition: (index, count)))
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stdout.split(separator: 0x0A).count == 1)
      let path = files.folder.appendingPathComponent("part-\(index).jpart")
      try #require(Data(base64Encoded: result.stdout.split(separator: 0x0A).first.map { Data($0) } ?? Data())).write(to: path)
      partials.append(path.path)
    }
    let merged = try JourneyCLI.run(["merge", "-q", "-f", "json", "--max-bad-ratio", "1"] + partials.reversed())
    #expect(merged.status == 0, "\(merged.stderr)")
    #expect(merged.stdout == (try Self.report(["-c", files.config] + files.paths)))
  }

  @Test func aRecordOfAnotherPartitionFailsTheRun() throws {
    let files = try Self.makeFiles(seed: 8, csv: false)
    defer { try? FileManager.default.removeItem(at: files.folder) }
    var stream = try Self.stream(files, partition: nil)
    // Every record, claimed as partition 0 of 2: half of them belong to 1.
    let text = String(decoding: stream, as: UTF8.self).replacingOccurrences(of: "\"partition\":null", with: "\"partition\":\"0\\/2\"")
    stream = Data(text.utf8)
    let result = try JourneyCLI.run(["report", "-q", "-f", "json", "--keyed"], stdin: stream)
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.hasPrefix("Error: "))
    #expect(result.stderr.hasSuffix(" records of users outside partition 0/2: Spark and journey disagree on the partition\n"))
  }

  @Test func anUnsortedStreamIsRefusedNamingItsLine() throws {
    let header = "#journey-keyed/1\t" + #"{"partition":null,"config":null,"inputs":[{"index":0,"path":"a.ndjson","compression":"none","format":"ndjson","records":2,"bytes":10,"error":null,"header":null}]}"#
    let stream = header + "\nu1\t0\t5\t{}\nu1\t0\t3\t{}\n"
    let result = try JourneyCLI.run(["report", "-q", "--keyed", "-c", E2E.tinyConfig], stdin: Data(stream.utf8))
    #expect(result.status == 2)
    #expect(result.stderr.contains("standard input:3: input 0 line 3 comes before line 6, already written"), "\(result.stderr)")
    let bad = try JourneyCLI.run(["report", "-q", "--keyed", "-c", E2E.tinyConfig], stdin: Data("{}\n".utf8))
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("standard input:1: expected #journey-keyed/1<TAB>{json}"), "\(bad.stderr)")
    let inputs = try JourneyCLI.run(["report", "-q", "--keyed", "-c", E2E.tinyConfig, E2E.tiny], stdin: Data(stream.utf8))
    #expect(inputs.status == 1)
  }
}
