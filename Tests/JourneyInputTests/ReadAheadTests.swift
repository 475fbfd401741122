import Foundation
import JourneyInput
import JourneyModel
import JourneyTestSupport
import Testing

/// The read-ahead path (a second thread reads and inflates) delivers exactly what the sequential one does.
@Suite struct ReadAheadTests {
  static func path(_ name: String) -> String { TestPaths.fixture("input/\(name)").path }

  static func both(_ name: String, chunkSize: Int, blockSize: Int) throws -> ([Framed], InputOutcome, [Framed], InputOutcome) {
    let sequential = try readAll(try RecordReader(source: .file(path(name)), chunkSize: chunkSize))
    let reader = try RecordReader(source: .file(path(name)), chunkSize: chunkSize)
    var records: [Framed] = []
    let outcome = try reader.forEachRecordReadingAhead(framing: .lines, blockSize: blockSize, blocks: 2) {
      records.append(Framed($0))
    }
    return (sequential.records, sequential.outcome, records, outcome)
  }

  @Test(arguments: ["events.ndjson", "events-9.ndjson.gz", "two-members.ndjson.gz", "truncated.ndjson.gz"], [1, 7, 4096, 1 << 20])
  func matchesTheSequentialReader(name: String, blockSize: Int) throws {
    let (expected, expectedOutcome, records, outcome) = try Self.both(name, chunkSize: 1000, blockSize: blockSize)
    #expect(records == expected)
    #expect(outcome == expectedOutcome)
  }

  @Test func stopsTheReadingThreadWhenTheBodyThrows() throws {
    struct Stop: Error {}
    let reader = try RecordReader(source: .file(Self.path("events-9.ndjson.gz")), chunkSize: 100)
    var seen = 0
    #expect(throws: Stop.self) {
      _ = try reader.forEachRecordReadingAhead(framing: .lines, blockSize: 64, blocks: 2) { _ in
        seen += 1
        if seen == 3 { throw Stop() }
      }
    }
    #expect(seen == 3)
  }
}
