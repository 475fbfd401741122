import Foundation
import JourneyConfig
import JourneyInput
import JourneyModel
import JourneyTestSupport
import Synchronization
import Testing

@testable import JourneyIngest

/// The engine itself, without the pipeline: on several threads, with blocks of any size, it emits the
/// events of a one-thread run in the same order with the same ids and extra values, and its ledger
/// holds the same rejects, warnings and input summaries.
@Suite struct EventIngestTests {
  static let yaml = """
    input:
      format: auto
      fields:
        user: userId
        time: timestamp
        event: event
        session: sid
    stages: [view, buy]
    rules:
      - stage: buy
        event: Order Completed
      - stage: view
        event: Page Viewed
    breakdown:
      - field: src
      - field: medium
    """

  /// Lines of one file: users and values shared between files, a bad line and a line without user now and then.
  static func lines(file: Int, count: Int) -> [String] {
    let events = ["Page Viewed", "Order Completed", "Help Viewed"]
    return (0..<count).map { i in
      let n = i * 31 + file * 7
      if n % 53 == 0 { return #"{"userId": broken"# }
      if n % 47 == 0 { return #"{"event":"Page Viewed","timestamp":1700000000}"# }
      let medium = n % 3 == 0 ? "" : #","medium":"m\#(n % 4)""#
      return #"{"userId":"u\#(n % 37)","event":"\#(events[n % 3])","timestamp":\#(1_700_000_000 + n % 500),"sid":"s\#(n % 9)","src":"x\#(n % 5)"\#(medium)}"#
    }
  }

  struct Run: Equatable {
    var events: [String] = []
    var warnings: [String] = []
    var rejects: [RejectedRecord] = []
    var inputs: [InputSummary] = []
    var accepted = 0
    var excluded = 0
  }

  static func run(_ files: [String], threads: Int, blockBytes: Int) throws -> Run {
    let config = try ConfigLoader.parse(yaml: yaml, file: "test.yaml")
    var extractor = try EventExtractor(config: config)
    extractor.addExtraField("event")
    let warnings = Mutex<[String]>([])
    let ledger = IngestLedger(warn: { line in warnings.withLock { $0.append(line) } })
    var emitted: [(EventRecord, UInt32?)] = []
    let inputs = InputQueue(files.map { .file($0) }, maxRecordLength: 1 << 20)
    let outcome = try EventIngest.run(
      inputs, config: config, ledger: ledger, extractor: extractor, threads: threads, blockBytes: blockBytes
    ) { emitted.append(($0, $1)) }
    let ids = outcome.ids
    var run = Run(accepted: outcome.accepted, excluded: outcome.excluded)
    let attributes = ids.attributes
    run.events = emitted.map { event, extra in
      let values = (0..<attributes.width).map { attributes.valueStrings[Int(attributes.valueID(event.attributes, field: $0))] }
      return "\(event.order) \(ids.users[event.user]) \(ids.sessions[event.session]) \(event.stage) \(event.time) "
        + "\(values) \(extra.map { ids.extras[$0] } ?? "-")"
    }
    run.warnings = warnings.withLock { $0 }
    run.rejects = ledger.rejects.samples
    run.inputs = ledger.inputs
    return run
  }

  @Test func severalThreadsEmitWhatOneThreadEmits() throws {
    let directory = TestPaths.temporaryDirectory("event-ingest")
    defer { try? FileManager.default.removeItem(at: directory) }
    let files = try (0..<3).map { file in
      let url = directory.appendingPathComponent("part\(file).ndjson")
      try (Self.lines(file: file, count: 700).joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
      return url.path
    }
    let one = try Self.run(files, threads: 1, blockBytes: 4 << 20)
    #expect(one.accepted > 1_500)
    #expect(one.rejects.count == 20)
    #expect(one.warnings.count == 6)
    #expect(one.inputs.map(\.records) == [700, 700, 700])
    for (threads, blockBytes) in [(2, 300), (3, 2_000), (2, 4 << 20)] {
      let many = try Self.run(files, threads: threads, blockBytes: blockBytes)
      #expect(many == one, "\(threads) threads, blocks of \(blockBytes) bytes")
    }
  }
}
