import Foundation
import JourneyConfig
import JourneyInput
import JourneyModel
import JourneyTestSupport
import Testing

@testable import JourneyIngest

/// The touchpoint (SPEC §8) is the last field of each event's attribute tuple, after the breakdown
/// fields: its first non-empty field's value, exactly, with the same ids on any number of threads.
@Suite struct TouchpointIngestTests {
  static let head = """
    input:
      format: ndjson
      fields:
        user: userId
        time: timestamp
        event: event
    stages: [view, buy]
    rules:
      - stage: buy
        event: Buy
      - stage: view
        event: View

    """

  static let lines = [
    #"{"userId":"a","timestamp":1,"event":"View","page":"/home","src":"g"}"#,  // page
    #"{"userId":"a","timestamp":2,"event":"Buy"}"#,  // no page: the event
    #"{"userId":"b","timestamp":3,"page":"","event":"View","src":"f"}"#,  // an empty page: the event
    #"{"userId":"b","timestamp":4,"page":null}"#,  // nothing at all
    #"{"userId":"c","timestamp":5,"page":"/home"}"#,  // page, no source
  ]

  struct Run: Equatable {
    /// Per event in input order: user, then the text of each tuple field.
    var events: [String]
    var values: [String]
    var width: Int
    var attributes: [UInt32]
  }

  static func run(_ yaml: String, lines: [String] = lines, threads: Int = 1, blockBytes: Int = 4 << 20) throws -> (Run, EventExtractor) {
    let directory = TestPaths.temporaryDirectory("touchpoint-ingest")
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("events.ndjson")
    try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
    let config = try ConfigLoader.parse(yaml: yaml, file: "t.yaml")
    let extractor = try EventExtractor(config: config)
    let ledger = IngestLedger(warn: { _ in })
    var emitted: [EventRecord] = []
    let outcome = try EventIngest.run(
      InputQueue([.file(file.path)], maxRecordLength: 1 << 20), config: config, ledger: ledger, extractor: extractor,
      threads: threads, blockBytes: blockBytes
    ) { event, _ in emitted.append(event) }
    let table = outcome.ids.attributes
    let events = emitted.map { event in
      ([outcome.ids.users[event.user]] + (0..<table.width).map { table.valueName(table.valueID(event.attributes, field: $0)) })
        .joined(separator: " ")
    }
    return (Run(events: events, values: table.valueStrings, width: table.width, attributes: emitted.map(\.attributes)), extractor)
  }

  @Test func theTouchpointFollowsTheBreakdownsAndTakesTheFirstNonEmptyField() throws {
    let yaml = Self.head + "breakdown: [src]\ntouchpoint: [page, event]\n"
    let (run, extractor) = try Self.run(yaml)
    #expect(extractor.touchpointAttribute == 1)
    #expect(extractor.ids.attributeFields == 2)
    #expect(run.width == 2)
    // Fields: src, then the touchpoint.
    #expect(run.events == ["a g /home", "a  Buy", "b f View", "b  ", "c  /home"])
    // Ids in order of first appearance, breakdown value before touchpoint within an event.
    #expect(run.values == ["", "g", "/home", "Buy", "f", "View"])
    // Tuples (g, /home), (-, Buy), (f, View), none, (-, /home).
    #expect(run.attributes == [1, 2, 3, 0, 4], "no value in any field: the empty tuple 0")
  }

  @Test func aTouchpointAloneIsTheValueIDItself() throws {
    // No breakdown: the default touchpoint (the event field) is the tuple's only field.
    let (run, extractor) = try Self.run(Self.head)
    #expect(extractor.touchpointAttribute == 0)
    #expect(run.width == 1)
    #expect(run.events == ["a View", "a Buy", "b View", "b ", "c "])
    #expect(run.values == ["", "View", "Buy"])
    #expect(run.attributes == [1, 2, 1, 0, 0])
  }

  @Test func noEventFieldAndNoTouchpointStoresNothing() throws {
    let yaml = Self.head.replacingOccurrences(of: "    event: event\n", with: "")
      .replacingOccurrences(of: "event: Buy", with: "field: event\n    equals: Buy")
      .replacingOccurrences(of: "event: View", with: "field: event\n    equals: View")
    let (run, extractor) = try Self.run(yaml)
    #expect(extractor.touchpointAttribute == nil)
    #expect(extractor.ids.attributeFields == 0)
    #expect(run.width == 0)
    #expect(run.attributes == [0, 0, 0, 0, 0])
    let withBreakdown = try Self.run(yaml + "breakdown: [src]\n")
    #expect(withBreakdown.1.touchpointAttribute == nil)
    #expect(withBreakdown.0.events == ["a g", "a ", "b f", "b ", "c "])
  }

  @Test func withoutAttributesNothingIsReadOrInterned() throws {
    let config = try ConfigLoader.parse(yaml: Self.head + "breakdown: [src]\ntouchpoint: [page, event]\n", file: "t.yaml")
    let all = try EventExtractor(config: config)
    let none = try EventExtractor(config: config, attributes: false)
    #expect(all.schema.existingSlot(for: "src") != nil && all.schema.existingSlot(for: "page") != nil)
    #expect(none.schema.existingSlot(for: "src") == nil && none.schema.existingSlot(for: "page") == nil)
    #expect(none.schema.existingSlot(for: "event") != nil, "the rules still read the event")
    #expect(none.touchpointAttribute == nil)
    #expect(none.ids.attributeFields == 0)
  }

  @Test func severalThreadsGiveTheSameValuesAndIDs() throws {
    // Many distinct touchpoints, shared between blocks: the run's ids are assigned at the in-order commit.
    let lines = (0..<600).map { i in
      let page = i % 7 == 0 ? "" : #","page":"/p\#(i % 23)""#
      let source = i % 5 == 0 ? "" : #","src":"s\#(i % 4)""#
      return #"{"userId":"u\#(i % 17)","timestamp":\#(1_000 + i),"event":"e\#(i % 3)"\#(page)\#(source)}"#
    }
    // "", e0-e2; then also s0-s3 and /p0-/p22.
    for (yaml, values) in [(Self.head, 4), (Self.head + "breakdown: [src]\ntouchpoint: [page, event]\n", 31)] {
      let one = try Self.run(yaml, lines: lines).0
      #expect(one.values.count == values)
      for (threads, blockBytes) in [(2, 200), (2, 5_000), (3, 700)] {
        let many = try Self.run(yaml, lines: lines, threads: threads, blockBytes: blockBytes).0
        #expect(many == one, "\(threads) threads, blocks of \(blockBytes) bytes")
      }
    }
  }
}
