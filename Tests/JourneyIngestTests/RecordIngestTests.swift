import JourneyConfig
import JourneyInput
import JourneyModel
import JourneyParsing
import Testing

@testable import JourneyIngest

/// The one per-record path: what each kind of record turns into, in record order.
@Suite struct RecordIngestTests {
  static let yaml = """
    input:
      format: ndjson
      fields:
        user: userId
        time: timestamp
        event: event
    stages: [view, buy]
    rules:
      - stage: buy
        event: Order Completed
      - stage: view
        event: Page Viewed
    exclude:
      - event: Bot Ping
    """

  /// Every call a visitor gets, as text.
  struct Recorder: RecordVisitor {
    var calls: [String] = []
    var parsedRecords = 0

    mutating func willParse(_ record: InputRecord) { parsedRecords += 1 }

    mutating func accept(_ event: EventRecord, extra: UInt32?, fields: borrowing RecordFields, line: Int, ids: borrowing IDSpace) {
      calls.append("\(line): accept \(ids.users[event.user]) stage \(event.stage) order \(event.order) extra \(extra.map { ids.extras[$0] } ?? "-")")
    }

    mutating func drop(outOfRange: Bool, user: UInt32, fields: borrowing RecordFields, line: Int) {
      calls.append("\(line): drop\(outOfRange ? " out of range" : "") of user \(user)")
    }

    mutating func reject(line: Int, reason: RejectReason, detail: String, excerpt: String?) {
      calls.append("\(line): reject \(reason)\(excerpt == nil ? "" : " with excerpt")")
    }

    mutating func rejectEvent(
      line: Int, reason: RejectReason, detail: String, excerpt: String, user: UInt32, fields: borrowing RecordFields
    ) {
      calls.append("\(line): reject event \(reason) of user \(user)")
    }

    mutating func duplicate(line: Int, _ what: String) {
      calls.append("\(line): duplicate \(what)")
    }
  }

  static func run(_ lines: [String], extract: Bool = true) throws -> (calls: [String], ingest: RecordIngest, parsed: Int) {
    let config = try ConfigLoader.parse(yaml: yaml, file: "test.yaml")
    var extractor = try EventExtractor(config: config)
    extractor.addExtraField("event")
    var ingest = RecordIngest(extractor: extract ? extractor : nil, maxRecordLength: 100)
    ingest.restart(orderBase: EventRecord.order(file: 2, ordinal: 0))
    var parser = NDJSONRecordParser(schema: ingest.schema, options: ParserOptions())
    var visitor = Recorder()
    for (index, line) in lines.enumerated() {
      let bytes = Array(line.utf8)
      let record = { InputRecord(bytes: $0, line: index + 1, isTooLong: line.hasPrefix("TOO LONG")) }
      bytes.withUnsafeBytes { ingest.ingest(record($0), &parser, &visitor) }
    }
    return (visitor.calls, ingest, visitor.parsedRecords)
  }

  @Test func everyKindOfRecordReachesTheVisitorInOrder() throws {
    let (calls, ingest, parsed) = try Self.run([
      #"{"userId":"a","event":"Page Viewed","timestamp":"2026-01-01T00:00:00Z"}"#,
      #"{"userId":"a","event":"Order Completed","timestamp":"2026-01-01T00:01:00Z","event":"Order Completed"}"#,
      #"{"userId":"b","event":"Bot Ping","timestamp":"2026-01-01T00:02:00Z"}"#,
      #"{"event":"Page Viewed","timestamp":"2026-01-01T00:03:00Z"}"#,
      #"{"userId": broken"#,
      "TOO LONG",
      #"{"userId":"b","timestamp":"2026-01-01T00:04:00Z"}"#,
      #"{"userId":"a","event":"Page Viewed","timestamp":"soon"}"#,
    ])
    let order = EventRecord.order(file: 2, ordinal: 0)
    #expect(
      calls == [
        "1: accept a stage 0 order \(order) extra Page Viewed",
        "2: accept a stage 1 order \(order + 1) extra Order Completed",
        "2: duplicate key \"event\"",
        "3: drop of user 2",  // b: the users' ids are a 1, b 2
        "4: reject event no user of user 0",
        "5: reject \(RejectReason.malformedJSON) with excerpt",
        "6: reject line too long",
        "7: accept b stage \(EventRecord.noStage) order \(order + 4) extra -",
        "8: reject event \(RejectReason.badTimestamp) of user 1",
      ])
    #expect(parsed == 7)  // not the too-long record
    #expect(ingest.records == 7)
    #expect(ingest.events.parsed == 6)
  }

  @Test func withoutAnExtractorEventsAreOnlyCounted() throws {
    let (calls, ingest, _) = try Self.run([
      #"{"userId":"a","event":"Page Viewed","timestamp":"2026-01-01T00:00:00Z"}"#,
      #"{"event":"Page Viewed"}"#,
    ], extract: false)
    #expect(calls.isEmpty)
    #expect(ingest.events.parsed == 2)
    #expect(ingest.records == 2)
  }
}
