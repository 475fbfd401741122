import JourneyModel
import Testing

/// The `dedupe` values of a run, logged under their events' input order: what the engine compares
/// when two of a user's events have the same hash.
@Suite struct DedupeLogTests {
  static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  /// Blocks numbered from 0 and appended with their base, as the parallel ingest's commit does,
  /// give the log one thread writes itself; values are found by order, and only there. Small
  /// chunks: the one-thread log and a worker's blocks span several, lookups cross their bounds.
  @Test(arguments: [(1, 1 << 20), (7, 1 << 20), (64, 1 << 20), (7, 3), (64, 5), (1, 1)])
  func blocksAppendedWithTheirBaseAreTheOneThreadLog(blockSize: Int, chunkEntries: Int) {
    let values = (0..<300).map { "m-\($0 % 97)-\(String(repeating: "x", count: $0 % 19))" }
    // Every third event has no value: it is not logged.
    let logged = values.indices.filter { $0 % 3 != 0 }
    var sequential = DedupeLog(chunkEntries: chunkEntries)
    for i in logged { _ = Self.bytes(values[i]).withUnsafeBytes { sequential.append($0, order: UInt64(i) * 2) } }
    #expect(sequential.count == logged.count && sequential.chunkCount == (logged.count + chunkEntries - 1) / chunkEntries)
    var merged = DedupeLog()
    var worker = DedupeLog(chunkEntries: chunkEntries)
    for start in stride(from: 0, to: values.count, by: blockSize) {
      for i in logged where i >= start && i < start + blockSize {
        let hash = Self.bytes(values[i]).withUnsafeBytes { worker.append($0, order: UInt64(i - start) * 2) }
        #expect(hash == Self.bytes(values[i]).withUnsafeBytes { DedupeLog.hash($0) })
      }
      merged.append(contentsOf: worker.take(), orderBase: UInt64(start) * 2)
      #expect(worker.count == 0)
    }
    #expect(merged.isSorted && merged.orders == sequential.orders && merged.count == logged.count)
    let sortedSequential = sequential.sorted()
    #expect(sortedSequential.orders == sequential.orders && sortedSequential.chunkCount == sequential.chunkCount)
    for log in [merged, sequential, sortedSequential] {
      for i in values.indices {
        let found = log.withValue(of: UInt64(i) * 2) { String(decoding: $0, as: UTF8.self) }
        #expect(found == (i % 3 != 0 ? values[i] : ""))
        #expect(log.entry(of: UInt64(i) * 2 + 1) == nil, "an order between two events has no entry")
      }
      #expect(log.entry(of: 10_000) == nil, "an order past the last entry has none")
    }
    // Same value: equal bytes, whatever the order; different values or a missing entry: not.
    for _ in 0..<500 {
      let a = logged.randomElement()!
      let b = logged.randomElement()!
      #expect(merged.sameValue(UInt64(a) * 2, UInt64(b) * 2) == (values[a] == values[b]))
    }
    #expect(!merged.sameValue(0, 2) && !merged.sameValue(2, 0), "event 0 logged nothing")
  }

  /// Appended out of input order (blocks of several files, or a block before the one it follows),
  /// the log says so, and `sorted()` puts every entry under its order with its bytes.
  @Test(arguments: [1 << 20, 1])
  func anOutOfOrderLogIsSortedBeforeLookups(chunkEntries: Int) {
    var log = DedupeLog(chunkEntries: chunkEntries)
    var block = DedupeLog(chunkEntries: chunkEntries)
    _ = Self.bytes("late").withUnsafeBytes { block.append($0, order: 0) }
    _ = Self.bytes("later").withUnsafeBytes { block.append($0, order: 5) }
    log.append(contentsOf: block.take(), orderBase: 100)
    _ = Self.bytes("early").withUnsafeBytes { block.append($0, order: 3) }
    log.append(contentsOf: block.take(), orderBase: 0)
    #expect(!log.isSorted)
    let sorted = log.sorted()
    #expect(sorted.isSorted && sorted.orders == [3, 100, 105] && sorted.count == 3 && sorted.chunkCount == (chunkEntries == 1 ? 3 : 1))
    #expect(sorted.withValue(of: 3) { Array($0) } == Self.bytes("early"))
    #expect(sorted.withValue(of: 100) { Array($0) } == Self.bytes("late"))
    #expect(sorted.withValue(of: 105) { Array($0) } == Self.bytes("later"))
    var within = DedupeLog(chunkEntries: chunkEntries)
    _ = Self.bytes("b").withUnsafeBytes { within.append($0, order: 9) }
    _ = Self.bytes("a").withUnsafeBytes { within.append($0, order: 4) }
    #expect(!within.isSorted && within.sorted().orders == [4, 9])
  }

  /// A chunk holds orders within 2³² of its first (4 bytes each): the events of a second file (its
  /// orders 2⁴⁴ apart) start another chunk, and lookups find entries on both sides.
  @Test func ordersFarApartGoToAnotherChunk() {
    var log = DedupeLog()
    let orders = [UInt64(0), 7, EventRecord.order(file: 1, ordinal: 0), EventRecord.order(file: 1, ordinal: 3), EventRecord.order(file: 2, ordinal: 1)]
    for (i, order) in orders.enumerated() { _ = Self.bytes("v\(i % 2)").withUnsafeBytes { log.append($0, order: order) } }
    #expect(log.isSorted && log.count == 5 && log.chunkCount == 3 && log.orders == orders)
    let sorted = log.sorted()
    for (i, order) in orders.enumerated() {
      #expect(sorted.withValue(of: order) { Array($0) } == Self.bytes("v\(i % 2)"))
    }
    #expect(sorted.entry(of: EventRecord.order(file: 1, ordinal: 1)) == nil && sorted.entry(of: 1 << 32) == nil)
    #expect(sorted.sameValue(orders[0], orders[4]) && !sorted.sameValue(orders[0], orders[3]))
  }

  /// The hash an event keeps is never 0 (no value), and equal bytes hash alike.
  @Test func hashesAreNeverZeroAndFollowTheBytes() {
    var seen: [UInt32: [UInt8]] = [:]
    for i in 0..<20_000 {
      let value = Self.bytes("id-\(i)")
      let hash = value.withUnsafeBytes { DedupeLog.hash($0) }
      #expect(hash != 0)
      #expect(value.withUnsafeBytes { DedupeLog.hash($0) } == hash)
      seen[hash] = value
    }
    #expect(seen.count > 19_900, "a 32-bit hash spreads 20,000 ids")
  }
}
