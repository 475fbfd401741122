import Foundation
import JourneyInput
import JourneyModel
import JourneyTestSupport
import Testing

@testable import JourneyIngest

/// Each input is opened once: the reader preset detection peeked with is the one the ingest reads.
@Suite struct InputQueueTests {
  @Test func theFirstReaderIsHandedToTheIngest() throws {
    let path = TestPaths.fixture("e2e/tiny.ndjson").path
    let inputs = InputQueue([.file(path), .file(path)], maxRecordLength: 1 << 20)
    let peeked = try #require(try inputs.first())
    #expect(peeked.head != nil)
    #expect(try inputs.first() === peeked)
    #expect(try inputs.reader(at: 0) === peeked)
    var lines: [Int] = []
    _ = try peeked.forEachRecord(framing: .lines) { lines.append($0.line) }
    #expect(lines.first == 1)
    let second = try inputs.reader(at: 1)
    #expect(second !== peeked)
  }

  @Test func withoutDetectionEveryInputIsOpenedWhenReached() throws {
    let path = TestPaths.fixture("e2e/tiny.ndjson").path
    let inputs = InputQueue([.file(path)], maxRecordLength: 1 << 20)
    let reader = try inputs.reader(at: 0)
    #expect(reader.head != nil)
    #expect(try InputQueue([], maxRecordLength: 1).first() == nil)
  }

  /// With a copy of standard input (``InputQueue/standardInputCopy``), `-` reads the copy, still
  /// named `-`, as often as a queue is made; files are read as before.
  @Test func standardInputIsReadFromItsCopy() throws {
    let gzipped = TestPaths.fixture("e2e/tiny-1.ndjson.gz").path
    let plain = TestPaths.fixture("e2e/tiny.ndjson").path
    for _ in 0..<2 {
      let inputs = InputQueue([.standardInput, .file(plain)], maxRecordLength: 1 << 20)
      inputs.standardInputCopy = gzipped
      let copy = try inputs.reader(at: 0)
      #expect(copy.source == .standardInput && copy.source.displayName == "-")
      #expect(copy.compression == .gzip)
      var records = 0
      _ = try copy.forEachRecord(framing: .lines) { _ in records += 1 }
      #expect(records == 18)
      #expect(try inputs.reader(at: 1).source == .file(plain))
    }
    let missing = InputQueue([.standardInput], maxRecordLength: 1 << 20)
    missing.standardInputCopy = "/nonexistent/standard-input"
    #expect(throws: JourneyError(kind: .input, location: "/nonexistent/standard-input", message: "no such file or directory")) {
      try missing.reader(at: 0)
    }
  }
}
