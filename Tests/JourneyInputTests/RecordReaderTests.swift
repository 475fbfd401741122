import Foundation
import JourneyInput
import JourneyModel
import JourneyTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct RecordReaderTests {
  static let original = try! [UInt8](Data(contentsOf: TestPaths.fixture("input/events.ndjson")))
  static let originalLines = expectedLines(original)
  static let csv = Framing.quoted(separator: UInt8(ascii: ","))

  static func path(_ name: String) -> String { TestPaths.fixture("input/\(name)").path }

  @Test(arguments: [
    ("events.ndjson", Compression.none), ("events-1.ndjson.gz", .gzip), ("events-9.ndjson.gz", .gzip),
    ("two-members.ndjson.gz", .gzip), ("zero-padded.ndjson.gz", .gzip),
  ], [1 << 20, 4096, 7, 1])
  func readsEveryRecordOfPlainAndGzipFiles(file: (name: String, compression: Compression), chunkSize: Int) throws {
    let reader = try RecordReader(source: .file(Self.path(file.name)), chunkSize: chunkSize)
    #expect(reader.compression == file.compression)
    #expect(reader.head == Self.originalLines.first?.bytes)
    let (records, outcome) = try readAll(reader)
    #expect(records == Self.originalLines)
    let size = try FileManager.default.attributesOfItem(atPath: Self.path(file.name))[.size] as? Int
    #expect(outcome == InputOutcome(compressedBytes: size ?? -1, decompressedBytes: Self.original.count, records: 400))
  }

  @Test func reportsProgressInCompressedBytes() throws {
    let total = Mutex(0)
    let calls = Mutex(0)
    let reader = try RecordReader(source: .file(Self.path("events-9.ndjson.gz")), chunkSize: 1000) { count in
      total.withLock { $0 += count }
      calls.withLock { $0 += 1 }
    }
    _ = try readAll(reader)
    #expect(total.withLock { $0 } == 6851)
    #expect(calls.withLock { $0 } == 7)
  }

  @Test(arguments: [1 << 20, 100, 1])
  func deliversTheRecordsBeforeATruncation(chunkSize: Int) throws {
    let reader = try RecordReader(source: .file(Self.path("truncated.ndjson.gz")), chunkSize: chunkSize)
    let (records, outcome) = try readAll(reader)
    let name = Self.path("truncated.ndjson.gz")
    #expect(outcome.issue == InputIssue(file: name, byteOffset: 3425, message: "gzip data ends at compressed byte 3425 (truncated?)"))
    #expect(outcome.compressedBytes == 3425)
    let complete = records.dropLast()
    #expect(complete.count == 192)  // every line `gzip -dc` decodes whole, whatever the chunk size
    #expect(Array(complete) == Array(Self.originalLines.prefix(complete.count)))
    // The final partial line is delivered too: the parser rejects it.
    let last = try #require(records.last)
    #expect(last.line == records.count)
    #expect(Self.originalLines[records.count - 1].bytes.starts(with: last.bytes))
    #expect(outcome.records == records.count)
    #expect(outcome.issue?.description == "\(name): gzip data ends at compressed byte 3425 (truncated?)")
  }

  @Test func deliversTheRecordsBeforeCorruptData() throws {
    let reader = try RecordReader(source: .file(Self.path("corrupt.ndjson.gz")))
    let (records, outcome) = try readAll(reader)
    #expect(outcome.issue?.message == "corrupt gzip data at compressed byte 1456: invalid distance too far back")
    #expect(records.count < 400)
    #expect(Array(records.prefix(5)) == Array(Self.originalLines.prefix(5)))
  }

  @Test func keepsEveryRecordBeforeTrailingGarbage() throws {
    let reader = try RecordReader(source: .file(Self.path("trailing-garbage.ndjson.gz")), chunkSize: 500)
    let (records, outcome) = try readAll(reader)
    #expect(records == Self.originalLines)
    #expect(outcome.issue?.byteOffset == 6851)
  }

  @Test(arguments: [("empty.txt", Compression.none, 0), ("empty.gz", .gzip, 20)])
  func readsEmptyInputAsNoRecords(file: (name: String, compression: Compression, size: Int)) throws {
    let reader = try RecordReader(source: .file(Self.path(file.name)))
    #expect(reader.compression == file.compression)
    #expect(reader.head == nil)
    let (records, outcome) = try readAll(reader)
    #expect(records.isEmpty)
    #expect(outcome == InputOutcome(compressedBytes: file.size, decompressedBytes: 0, records: 0))
  }

  static let quotedRecords = [
    Framed("id,name,comment", line: 1), Framed("1,Ann,\"plain\"", line: 2),
    Framed("2,\"Bob \"\"B\"\" Smith\",\"line one\r\nline two\r\nline three\"", line: 3),
    Framed("3,Cy,\"a, b\"", line: 7), Framed("4,Dee,x\"y", line: 8), Framed("5,\"Eve\",\"\"\"quoted\"\" start\"", line: 9),
  ]

  @Test(arguments: ["quoted.csv", "quoted.csv.gz"], [1, 2, 3, 4, 5, 6, 7, 1 << 20])
  func framesQuotedCSVAcrossChunkBoundaries(name: String, chunkSize: Int) throws {
    let reader = try RecordReader(source: .file(Self.path(name)), chunkSize: chunkSize)
    #expect(reader.head == Array("id,name,comment".utf8))
    let (records, _) = try readAll(reader, framing: Self.csv)
    #expect(records == Self.quotedRecords)
  }

  @Test func sniffsCompressionFromTheBytesNotTheName() throws {
    let folder = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let disguised = folder.appendingPathComponent("events.txt")
    try FileManager.default.copyItem(atPath: Self.path("events-9.ndjson.gz"), toPath: disguised.path)
    let plain = folder.appendingPathComponent("plain.gz")
    try Data("\u{FEFF}\r\n\r\nhello\r\nworld".utf8).write(to: plain)
    #expect(try RecordReader(source: .file(disguised.path)).compression == .gzip)
    let reader = try RecordReader(source: .file(plain.path))
    #expect(reader.compression == .none)
    #expect(reader.head == Array("hello".utf8))
    #expect(try readAll(reader).records == [Framed("hello", line: 3), Framed("world", line: 4)])
  }

  @Test func reportsTooLongLinesWithTheReadersLimit() throws {
    let folder = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("long.gz")
    let text = "short\n" + String(repeating: "x", count: 5000) + "\nafter\n"
    try Shell.gzip(Data(text.utf8), level: 1).write(to: file)
    let reader = try RecordReader(source: .file(file.path), maxRecordLength: 100, chunkSize: 64)
    let (records, _) = try readAll(reader)
    #expect(records == [
      Framed("short", line: 1), Framed(String(repeating: "x", count: 100), line: 2, isTooLong: true), Framed("after", line: 3),
    ])
  }

  @Test(arguments: [false, true])
  func readsAPipeLikeStandardInputWithoutLosingTheHead(gzipped: Bool) throws {
    let payload = gzipped ? try [UInt8](Data(contentsOf: TestPaths.fixture("input/events-1.ndjson.gz"))) : Self.original
    var ends: [Int32] = [0, 0]
    #expect(pipe(&ends) == 0)
    let (readEnd, writeEnd) = (ends[0], ends[1])
    let writer = Thread {
      payload.withUnsafeBytes { bytes in
        var offset = 0
        while offset < bytes.count {
          let written = write(writeEnd, bytes.baseAddress! + offset, min(333, bytes.count - offset))
          if written <= 0 { break }
          offset += written
        }
      }
      close(writeEnd)
    }
    writer.start()
    defer { close(readEnd) }
    let reader = try RecordReader(fileDescriptor: readEnd, name: "-", chunkSize: 4096)
    #expect(reader.source == .standardInput)
    #expect(reader.compression == (gzipped ? .gzip : .none))
    #expect(reader.head == Self.originalLines.first?.bytes)
    let (records, outcome) = try readAll(reader)
    #expect(records == Self.originalLines)
    #expect(outcome.compressedBytes == payload.count)
  }

  /// However the records are read, a reader whose head was peeked starts at the first byte: the head
  /// line is delivered, from a file and from a pipe read as standard input (which cannot be reopened).
  @Test(arguments: ["records", "readingAhead", "recordBlocks", "rawBlocks"], [false, true])
  func readsFromTheFirstByteAfterPeekingTheHead(way: String, throughAPipe: Bool) throws {
    var ends: [Int32] = [0, 0]
    let reader: RecordReader
    if throughAPipe {
      #expect(pipe(&ends) == 0)
      let writeEnd = ends[1]
      let writer = Thread {
        Self.original.withUnsafeBytes { bytes in
          var offset = 0
          while offset < bytes.count {
            let written = write(writeEnd, bytes.baseAddress! + offset, min(100, bytes.count - offset))
            if written <= 0 { break }
            offset += written
          }
        }
        close(writeEnd)
      }
      writer.start()
      reader = try RecordReader(fileDescriptor: ends[0], name: "-", chunkSize: 64)
    } else {
      reader = try RecordReader(source: .file(Self.path("events.ndjson")), chunkSize: 64)
    }
    defer { if throughAPipe { close(ends[0]) } }
    #expect(reader.head == Self.originalLines.first?.bytes)
    var records: [Framed] = []
    var blocks: [RecordBlock] = []
    switch way {
    case "records": _ = try reader.forEachRecord(framing: .lines) { records.append(Framed($0)) }
    case "readingAhead":
      _ = try reader.forEachRecordReadingAhead(framing: .lines, blockSize: 50, blocks: 2) { records.append(Framed($0)) }
    case "recordBlocks":
      _ = try reader.forEachRecordBlock(framing: .lines, blockBytes: 500, nextBlock: { RecordBlock() }, emit: { blocks.append($0) })
      for block in blocks { block.forEachRecord { records.append(Framed($0)) } }
    default:
      _ = try reader.forEachRawBlock(blockBytes: 500, nextBlock: { RecordBlock() }, emit: { blocks.append($0) })
      var lineBase = 0
      for block in blocks {
        lineBase += block.forEachRawRecord(maxRecordLength: reader.maxRecordLength) { record in
          var framed = Framed(record)
          framed.line += lineBase
          records.append(framed)
        }
      }
    }
    #expect(records == Self.originalLines)
  }

  @Test func refusesToReadRecordsTwice() throws {
    let reader = try RecordReader(source: .file(Self.path("events.ndjson")))
    _ = try readAll(reader)
    #expect(throws: JourneyError.self) { try readAll(reader) }
  }

  @Test func throwsForAMissingFileOrAFolder() {
    let missing = "/nonexistent/events.ndjson.gz"
    #expect(throws: JourneyError(kind: .input, location: missing, message: "no such file or directory")) {
      try RecordReader(source: .file(missing))
    }
    let folder = TestPaths.fixtures.appendingPathComponent("input").path
    #expect(throws: JourneyError(kind: .input, location: folder, message: "is a directory")) {
      try RecordReader(source: .file(folder))
    }
  }

  /// Physical lines of the real exports (zcat | wc -l, plus one for a last line without a newline).
  static let sharedFiles: [(String, Framing, Int)] = [
    ("nasa-aug95-head-corrupted/NASA_access_log_Aug95-first1930lines.gz", .lines, 1930),
    ("rees46-oct2019-head/rees46-2019-Oct-first17435rows.csv.gz", csv, 17436),
    ("apache-semicomplete-2015/apache_logs.gz", .lines, 10000),
    ("cdnow-master/CDNOW_master.txt.gz", .lines, 69660),
    ("diginetica-cikm2016-sample/sample_train-item-views.csv.gz", .quoted(separator: UInt8(ascii: ";")), 12392),
    ("otto-recsys-sample/otto-train-sample.jsonl.gz", .lines, 20),
    ("trivago-recsys2019-val100k/trivago-recsys2019-validation-first100003rows.csv.gz", csv, 100004),
  ]

  @Test(arguments: sharedFiles)
  func countsThePhysicalLinesOfTheSharedData(file: (path: String, framing: Framing, lines: Int)) throws {
    guard let data = TestPaths.sharedData else {
      print("skipped: no shared data folder (set JOURNEY_SHARED_DATA)")
      return
    }
    let reader = try RecordReader(source: .file(data.appendingPathComponent(file.path).path), chunkSize: 64 << 10)
    #expect(reader.compression == .gzip)
    #expect(reader.head?.isEmpty == false)
    var count = 0
    var lastLine = 0
    var ordered = true
    let outcome = try reader.forEachRecord(framing: file.framing) { record in
      count += 1
      ordered = ordered && record.line > lastLine && !record.isTooLong
      lastLine = record.line
    }
    #expect(outcome.issue == nil)
    #expect(ordered)
    #expect(lastLine == file.lines)
    #expect(count == file.lines)  // none of them has an empty line or a record over several lines
  }

  /// A gzip stream that breaks before its first byte of output is not an empty file: the issue is
  /// known right after opening (no head) and is the outcome's (issue 10, item 3).
  @Test(arguments: InflaterBackend.available, BrokenGzip.allCases)
  func reportsAGzipThatBreaksBeforeItsFirstByte(backend: InflaterBackend, damage: BrokenGzip) throws {
    let folder = TestPaths.temporaryDirectory("journey-broken-gzip")
    defer { try? FileManager.default.removeItem(at: folder) }
    let data = damage.apply(to: try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.path("events-9.ndjson.gz")))))
    let path = folder.appendingPathComponent("broken.ndjson.gz").path
    try Data(data).write(to: URL(fileURLWithPath: path))
    try InflaterBackend.$preferred.withValue(backend) {
      let reader = try RecordReader(source: .file(path))
      #expect(reader.compression == .gzip)
      #expect(reader.head == nil)
      let issue = try #require(reader.issue, "\(damage.rawValue), \(backend)")
      #expect(issue.file == path)
      #expect(issue.message.contains("compressed byte \(issue.byteOffset)"))
      #expect(reader.outcomeWithoutRecords.issue == issue)
      #expect(reader.outcomeWithoutRecords.compressedBytes == data.count)
      let (records, outcome) = try readAll(reader)
      #expect(records.isEmpty)
      #expect(outcome.issue == issue)
    }
  }

  /// The magic bytes of every binary format, followed by some text (issue 10, item 12b).
  static func binarySample(_ format: BinaryFormat) -> [UInt8] {
    let text = Array("id,name\n1,a\n2,b\n".utf8)
    switch format {
    case .bzip2: return Array("BZh9".utf8) + [0x31, 0x41, 0x59, 0x26] + text
    case .xz: return [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00] + text
    case .zstd: return [0x28, 0xB5, 0x2F, 0xFD] + text
    case .zip: return [0x50, 0x4B, 0x03, 0x04] + text
    case .tar:
      var header = [UInt8](repeating: 0, count: 512)
      header.replaceSubrange(0..<7, with: Array("a.csv\n\n".utf8))
      header.replaceSubrange(257..<263, with: Array("ustar\u{0}".utf8))
      return header + text
    case .png: return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + text
    case .parquet: return Array("PAR1".utf8) + text
    }
  }

  /// bzip2, xz, zstd, zip, tar, PNG and Parquet are named from their magic bytes and deliver no record,
  /// plain or inside gzip, whatever the chunk size.
  @Test(arguments: BinaryFormat.allCases, [false, true])
  func skipsBinaryFilesNamingTheirKind(format: BinaryFormat, gzipped: Bool) throws {
    let folder = TestPaths.temporaryDirectory("journey-binary")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("data.csv").path
    let sample = Data(Self.binarySample(format))
    try (gzipped ? try Shell.gzip(sample, level: 6) : sample).write(to: URL(fileURLWithPath: path))
    for chunkSize in [1, 1 << 20] {
      let reader = try RecordReader(source: .file(path), chunkSize: chunkSize)
      #expect(reader.binaryFormat == format)
      #expect(reader.head == nil)
      let kind = gzipped ? "gzip-compressed \(format.rawValue)" : format.rawValue
      #expect(reader.issue == InputIssue(file: path, byteOffset: 0, message: "is a \(kind) file, not text; skipped"))
      let (records, outcome) = try readAll(reader, framing: Self.csv)
      #expect(records.isEmpty)
      #expect(outcome.issue == reader.issue)
    }
  }

  /// Text that merely starts like a magic number is text.
  @Test(arguments: ["BZh", "BZhx,y\n1,2\n", "PK,x\n1,2\n", "PAR,x\n", "ustar\n"])
  func readsTextThatOnlyLooksLikeAMagicNumber(text: String) throws {
    let folder = TestPaths.temporaryDirectory("journey-binary")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("data.csv").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    let reader = try RecordReader(source: .file(path))
    #expect(reader.binaryFormat == nil)
    #expect(reader.issue == nil)
    #expect(reader.head != nil)
  }

  /// Garbage between gzip members: the members after it are lost, and the issue says how many bytes
  /// were not read, from a file or a pipe (issue 10, item 12a).
  @Test(arguments: [false, true], [7, 1 << 20])
  func countsTheBytesLostToGarbageBetweenMembers(throughAPipe: Bool, chunkSize: Int) throws {
    let member = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.path("events-9.ndjson.gz"))))
    let garbage = Array("GARBAGE!".utf8)
    let data = member + garbage + member
    let folder = TestPaths.temporaryDirectory("journey-garbage")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("garbage.ndjson.gz").path
    try Data(data).write(to: URL(fileURLWithPath: path))
    let expected = "trailing garbage after gzip data at compressed byte \(member.count): the last \(garbage.count + member.count) bytes are not read"
    if throughAPipe {
      // Less than a pipe's buffer: written whole before reading.
      var ends: [Int32] = [0, 0]
      #expect(pipe(&ends) == 0)
      let written = data.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
      #expect(written == data.count)
      close(ends[1])
      defer { close(ends[0]) }
      let reader = try RecordReader(fileDescriptor: ends[0], name: "pipe", chunkSize: chunkSize)
      let (records, outcome) = try readAll(reader)
      #expect(records == Self.originalLines)
      #expect(outcome.issue == InputIssue(file: "pipe", byteOffset: member.count, message: expected))
    } else {
      let reader = try RecordReader(source: .file(path), chunkSize: chunkSize)
      let (records, outcome) = try readAll(reader)
      #expect(records == Self.originalLines)
      #expect(outcome.issue == InputIssue(file: path, byteOffset: member.count, message: expected))
    }
  }
}
