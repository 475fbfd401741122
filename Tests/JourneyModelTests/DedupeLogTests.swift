import JourneyModel
import Testing

/// The `dedupe` values of a run, logged under their events' input order: what the engine compares
/// when two of a user's events have the same hash.
@Suite struct DedupeLogTests {
  static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  /// Blocks numbered from 0 and appended with their base, as the parallel ingest's commit does,
  /// give the log one thread writes itself; values are found by order, and only there.
  @Test(arguments: [1, 7, 64])
  func blocksAppendedWithTheirBaseAreTheOneThreadLog(blockSize: Int) {
    let values = (0..<300).map { "m-\($0 % 97)-\(String(repeating: "x", count: $0 % 19))" }
    // Every third event has no value: it is not logged.
    let logged = values.indices.filter { $0 % 3 != 0 }
    var sequential = DedupeLog()
    for i in logged { _ = Self.bytes(values[i]).withUnsafeBytes { sequential.append($0, order: UInt64(i) * 2) } }
    var merged = DedupeLog()
    var worker = DedupeLog()
    for start in stride(from: 0, to: values.count, by: blockSize) {
      for i in logged where i >= start && i < start + blockSize {
        let hash = Self.bytes(values[i]).withUnsafeBytes { worker.append($0, order: UInt64(i - start) * 2) }
        #expect(hash == Self.bytes(values[i]).withUnsafeBytes { DedupeLog.hash($0) })
      }
      merged.append(contentsOf: worker.take(), orderBase: UInt64(start) * 2)
      #expect(worker.count == 0)
    }
    #expect(merged.isSorted && merged.orders == sequential.orders)
    for i in values.indices {
      let found = merged.withValue(of: UInt64(i) * 2) { String(decoding: $0, as: UTF8.self) }
      #expect(found == (i % 3 != 0 ? values[i] : ""))
      #expect(merged.entry(of: UInt64(i) * 2 + 1) == nil, "an order between two events has no entry")
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
  @Test func anOutOfOrderLogIsSortedBeforeLookups() {
    var log = DedupeLog()
    var block = DedupeLog()
    _ = Self.bytes("late").withUnsafeBytes { block.append($0, order: 0) }
    _ = Self.bytes("later").withUnsafeBytes { block.append($0, order: 5) }
    log.append(contentsOf: block.take(), orderBase: 100)
    _ = Self.bytes("early").withUnsafeBytes { block.append($0, order: 3) }
    log.append(contentsOf: block.take(), orderBase: 0)
    #expect(!log.isSorted)
    let sorted = log.sorted()
    #expect(sorted.isSorted && sorted.orders == [3, 100, 105])
    #expect(sorted.withValue(of: 3) { Array($0) } == Self.bytes("early"))
    #expect(sorted.withValue(of: 100) { Array($0) } == Self.bytes("late"))
    #expect(sorted.withValue(of: 105) { Array($0) } == Self.bytes("later"))
    var within = DedupeLog()
    _ = Self.bytes("b").withUnsafeBytes { within.append($0, order: 9) }
    _ = Self.bytes("a").withUnsafeBytes { within.append($0, order: 4) }
    #expect(!within.isSorted && within.sorted().orders == [4, 9])
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
