import Foundation
import JourneyInput
import JourneyTestSupport
import PropertyBased
import Synchronization
import Testing

/// Raw blocks (lines inflated straight into blocks, framed by whoever parses them) give exactly the
/// records, line numbers and outcome of the framed reader, whatever the block size and line lengths.
@Suite struct RawBlockTests {
  static func path(_ name: String) -> String { TestPaths.fixture("input/\(name)").path }

  /// Every record of `reader` read in raw blocks of `blockBytes`, framed block by block with the lines
  /// offset as a committer does; also the number of blocks.
  static func readRaw(_ reader: RecordReader, blockBytes: Int) throws -> (records: [Framed], outcome: InputOutcome, blocks: Int) {
    var blocks: [RecordBlock] = []
    let outcome = try reader.forEachRawBlock(blockBytes: blockBytes, nextBlock: { RecordBlock() }, emit: { blocks.append($0) })
    var records: [Framed] = []
    var lineBase = 0
    for block in blocks {
      #expect(block.isRaw && !block.isEmpty)
      lineBase += block.forEachRawRecord(maxRecordLength: reader.maxRecordLength) { record in
        var framed = Framed(record)
        framed.line += lineBase
        records.append(framed)
      }
    }
    return (records, outcome, blocks.count)
  }

  static func expectSame(file: String, maxRecordLength: Int, chunkSize: Int, blockBytes: Int) throws {
    let (expected, expectedOutcome) = try readAll(RecordReader(source: .file(file), maxRecordLength: maxRecordLength, chunkSize: chunkSize))
    let raw = try readRaw(RecordReader(source: .file(file), maxRecordLength: maxRecordLength, chunkSize: chunkSize), blockBytes: blockBytes)
    #expect(raw.records == expected)
    #expect(raw.outcome.compressedBytes == expectedOutcome.compressedBytes)
    #expect(raw.outcome.decompressedBytes == expectedOutcome.decompressedBytes)
    #expect(raw.outcome.issue == expectedOutcome.issue)
  }

  @Test(
    arguments: ["events.ndjson", "events-9.ndjson.gz", "two-members.ndjson.gz", "truncated.ndjson.gz", "zero-padded.ndjson.gz"],
    [1, 7, 300, 4096, 1 << 20])
  func matchesTheFramedReaderOnTheFixtures(name: String, blockBytes: Int) throws {
    try Self.expectSame(file: Self.path(name), maxRecordLength: 1 << 20, chunkSize: 1000, blockBytes: blockBytes)
  }

  static let alphabet: [UInt8] = Array("ab\n\r\n{}".utf8) + [0, 0xEF, 0xBB, 0xBF, 0xFF]

  /// Inputs with a BOM or its first bytes, CRLF, empty lines, no final newline, and lines shorter and
  /// longer than the limit and the block (long ones cut by the reader), plain and gzipped.
  @Test func matchesTheFramedReaderWhateverTheBlocksAndLines() async throws {
    let folder = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let counter = Counter()
    await propertyCheck(
      input: Gen.int(in: 0...(Self.alphabet.count - 1)).map { Self.alphabet[$0] }.array(of: 0...400),
      Gen.int(in: 1...40), Gen.int(in: 1...64), Gen.int(in: 1...30), Gen.bool
    ) { data, runLength, blockBytes, limit, gzipped in
      // Long runs of one byte make lines longer than the limit and the blocks.
      var bytes: [UInt8] = []
      for (i, byte) in data.enumerated() { bytes += i % 17 == 0 ? Array(repeating: byte, count: runLength) : [byte] }
      let file = folder.appendingPathComponent("input-\(counter.next())\(gzipped ? ".gz" : "")")
      try! (gzipped ? Shell.gzip(Data(bytes), level: 1) : Data(bytes)).write(to: file)
      try! Self.expectSame(file: file.path, maxRecordLength: limit, chunkSize: 7, blockBytes: blockBytes)
    }
  }

  @Test func cutsALineLongerThanTheLimitAndKeepsWhatFollows() throws {
    let folder = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("long.gz")
    let text = "short\n" + String(repeating: "x", count: 50_000) + "\r\nafter\n\nlast"
    try Shell.gzip(Data(text.utf8), level: 1).write(to: file)
    let reader = try RecordReader(source: .file(file.path), maxRecordLength: 100, chunkSize: 64)
    let raw = try Self.readRaw(reader, blockBytes: 32)
    #expect(raw.records == [
      Framed("short", line: 1), Framed(String(repeating: "x", count: 100), line: 2, isTooLong: true),
      Framed("after", line: 3), Framed("last", line: 5),
    ])
  }

  @Test func dropsABOMOnlyAtTheStartOfTheInput() throws {
    let folder = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("bom.txt")
    try Data("\u{FEFF}one\n\u{FEFF}two\n".utf8).write(to: file)
    let raw = try Self.readRaw(RecordReader(source: .file(file.path)), blockBytes: 4)
    #expect(raw.records == [Framed("one", line: 1), Framed("\u{FEFF}two", line: 2)])
    #expect(raw.blocks == 2)
  }

  final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
      value.withLock { value in
        value += 1
        return value
      }
    }
  }
}
