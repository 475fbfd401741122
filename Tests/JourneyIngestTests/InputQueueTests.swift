import Foundation
import JourneyInput
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
}
