import JourneyModel
import JourneyTestSupport
import Testing

/// The attribute tuples of events: one id per distinct tuple, in order of first sight, whatever
/// the index's collisions and growth; a block's tuples handed over leave an empty interner.
@Suite struct IDTupleInternerTests {
  func intern(_ interner: inout IDTupleInterner, _ ids: [UInt32]) -> UInt32 {
    ids.withUnsafeBufferPointer { interner.intern($0) }
  }

  @Test func internsTuplesOfIDs() {
    var tuples = IDTupleInterner(width: 2)
    #expect(intern(&tuples, [1, 2]) == 1 && intern(&tuples, [2, 1]) == 2 && intern(&tuples, [1, 2]) == 1)
    #expect(tuples.tuples == [[0, 0], [1, 2], [2, 1]])
    #expect(tuples.flat == [0, 0, 1, 2, 2, 1] && tuples.count == 3)
    // A tuple with zeros in some fields is a tuple like any other.
    #expect(intern(&tuples, [0, 2]) == 3 && intern(&tuples, [2, 0]) == 4 && intern(&tuples, [0, 2]) == 3)
  }

  /// Random tuples over few values (so many share prefixes, hashes' low bits and index runs), far
  /// past several growths, against a dictionary; repeats in a row and after others.
  @Test(arguments: [(2, 0), (3, 1), (4, 2), (7, 3)])
  func agreesWithADictionary(width: Int, seed: Int) {
    var random = SplitMix64(seed: UInt64(seed) &* 7919 &+ 3)
    var interner = IDTupleInterner(width: width)
    var expected: [[UInt32]: UInt32] = [:]
    var order: [[UInt32]] = [Array(repeating: 0, count: width)]
    for _ in 0..<20_000 {
      let range = width == 2 ? 60 : width == 3 ? 16 : 6
      var tuple = (0..<width).map { _ in UInt32(random.below(range)) }
      if tuple.allSatisfy({ $0 == 0 }) { tuple[0] = 1 }
      let id = intern(&interner, tuple)
      if let known = expected[tuple] {
        #expect(id == known, "\(tuple)")
      } else {
        #expect(id == UInt32(order.count), "\(tuple)")
        expected[tuple] = id
        order.append(tuple)
      }
      #expect(intern(&interner, tuple) == id)
    }
    #expect(interner.tuples == order)
    #expect(order.count > 1_000, "the index grew several times: \(order.count) tuples")
  }

  /// A parallel worker's per-block interner: the handed-over tuples are the block's, and the next
  /// block numbers its own tuples from 1 again, finding none of the last block's.
  @Test func handsOverABlockAndStartsAgain() {
    var interner = IDTupleInterner(width: 3)
    for v in 1...300 { _ = intern(&interner, [UInt32(v), 0, UInt32(v % 7)]) }
    let block = interner.takeTuples()
    #expect(block.count == 301 * 3 && block[0..<3] == [0, 0, 0] && block[3..<6] == [1, 0, 1])
    #expect(interner.count == 1 && interner.flat == [0, 0, 0])
    #expect(intern(&interner, [5, 0, 5]) == 1)
    #expect(intern(&interner, [1, 0, 1]) == 2)
    #expect(interner.tuples == [[0, 0, 0], [5, 0, 5], [1, 0, 1]])
  }
}
