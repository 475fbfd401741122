import JourneyModel
import Testing

@testable import JourneyIngest

/// Block by block, merged in order, a worker's ids become exactly the ids of one space that saw every
/// value itself: the parallel ingest's promise of sequential ids.
@Suite struct IDSpaceTests {
  /// (user, session, breakdown values) of a made-up event stream with repeats across blocks.
  static func events(count: Int) -> [(user: String, session: String, values: [String])] {
    (0..<count).map { i in
      ("u\((i * 7) % 23)", i % 5 == 0 ? "" : "s\(i % 11)", ["src\(i % 4)", i % 3 == 0 ? "" : "c\(i % 6)"])
    }
  }

  /// `order` is the event's input order as the space sees it (a block numbers its events from 0).
  static func intern(
    _ event: (user: String, session: String, values: [String]), order: UInt64, into space: inout IDSpace
  ) -> EventRecord {
    func id(_ text: String, _ dimension: IDDimension) -> UInt32 {
      Array(text.utf8).withUnsafeBytes { space.tables[dimension].intern($0) }
    }
    var record = EventRecord(time: 0, order: 0, user: id(event.user, .users), session: id(event.session, .sessions))
    let values = event.values.map { id($0, .breakdownValues) }
    if values.contains(where: { $0 != 0 }) { record.attributes = values.withUnsafeBufferPointer { space.breakdownTuples.intern($0) } }
    record.dedupe = Array((event.user + "#").utf8).withUnsafeBytes { space.dedupeLog.append($0, order: order) }
    return record
  }

  @Test(arguments: [1, 3, 10, 64])
  func mergedBlocksGetTheIDsOfOneSpace(blockSize: Int) {
    let events = Self.events(count: 200)
    var sequential = IDSpace(attributeFields: 2)
    let expected = events.indices.map { Self.intern(events[$0], order: UInt64($0), into: &sequential) }

    var worker = IDSpace(attributeFields: 2)
    var global = IDSpace(attributeFields: 2)
    var merged: [EventRecord] = []
    for start in stride(from: 0, to: events.count, by: blockSize) {
      var block = (start..<min(start + blockSize, events.count)).map {
        Self.intern(events[$0], order: UInt64($0 - start), into: &worker)
      }
      let remap = global.merge(worker.takeBlock(), orderBase: UInt64(start))
      for i in block.indices { remap.apply(to: &block[i]) }
      merged += block
    }
    #expect(merged == expected)
    #expect(global.users.strings == sequential.users.strings)
    #expect(global.sessions.strings == sequential.sessions.strings)
    #expect(global.attributes.valueStrings == sequential.attributes.valueStrings)
    #expect(global.breakdownTuples.tuples == sequential.breakdownTuples.tuples)
    // The dedupe log: every event's value under its input order, as one space logs it.
    #expect(global.dedupeLog.orders == sequential.dedupeLog.orders && global.dedupeLog.isSorted)
    for order in sequential.dedupeLog.orders {
      let a = sequential.dedupeLog.withValue(of: order) { Array($0) }
      let b = global.dedupeLog.withValue(of: order) { Array($0) }
      #expect(a == b && !a.isEmpty)
    }
  }

  @Test func extraValuesAreMergedToo() {
    var worker = IDSpace(attributeFields: 0)
    var global = IDSpace(attributeFields: 0)
    for names in [["view", "cart"], ["cart", "buy"], ["view"]] {
      let local = names.map { name in Array(name.utf8).withUnsafeBytes { worker.tables.extras.intern($0) } }
      let remap = global.merge(worker.takeBlock())
      #expect(local.map { global.extras[remap.extra($0)] } == names)
    }
    #expect(global.extras.strings == ["", "view", "cart", "buy"])
  }
}
