import JourneyModel
import JourneyTestSupport
import PropertyBased
import Testing

@testable import JourneyReports

/// ``IDMap`` against `Dictionary` on the same updates: the journey map's counts must not change
/// with the map that holds them.
@Suite struct IDMapTests {
  /// Random keys from a few clusters (small ids, ids near the top, `stage << 32 | id` pairs, the
  /// `(exit)` id), so keys collide in the index and the index grows several times.
  private static func key(_ random: inout SplitMix64, spread: UInt64) -> UInt64 {
    switch random.next() % 4 {
    case 0: random.next() % spread
    case 1: UInt64.max - random.next() % 4
    case 2: (random.next() % 5) << 32 | random.next() % spread
    default: UInt64(UInt32.max) - random.next() % 3
    }
  }

  @Test func updatesAndLookupsAgreeWithADictionary() async {
    await propertyCheck(count: 80, input: Gen.uint64(in: 0...UInt64.max)) { seed in
      var random = SplitMix64(seed: seed)
      var map = IDMap<UInt64, Int>()
      var reference: [UInt64: Int] = [:]
      let spread = [3, 40, 5_000][Int(random.next() % 3)]
      for _ in 0..<Int(random.next() % 3_000) {
        let key = Self.key(&random, spread: UInt64(spread))
        let amount = Int(random.next() % 7) - 3
        map[key, default: 0] += amount
        reference[key, default: 0] += amount
      }
      #expect(map.count == reference.count)
      #expect(Dictionary(uniqueKeysWithValues: Array(map)) == reference)
      for _ in 0..<200 {
        let key = Self.key(&random, spread: UInt64(spread) * 2)
        #expect(map[key] == reference[key])
        #expect(map[key, default: -99] == reference[key, default: -99])
      }
      // A read with a default does not insert.
      #expect(map.count == reference.count)
    }
  }

  @Test func keysKeepTheirFirstInsertionOrder() {
    var map = IDMap<UInt32, Int>()
    for key: UInt32 in [7, 0, UInt32.max, 7, 3, 0] { map[key, default: 0] += 1 }
    #expect(map.keys == [7, 0, UInt32.max, 3])
    #expect(map.values == [2, 2, 1, 1])
    #expect(Array(map).map(\.0) == map.keys)
  }

  /// A position found stays the key's until the next insertion; updates through it are the key's.
  @Test func updatesInPlaceThroughAPosition() {
    var map = IDMap<UInt32, [Int]>()
    for key in UInt32(0)..<100 { #expect(map.position(of: key, inserting: [Int(key)]) == Int(key)) }
    #expect(map.position(of: 7, inserting: []) == 7, "a key in the map keeps its position and value")
    for key in UInt32(0)..<100 {
      let position = map.position(of: key)!
      map[valueAt: position].append(1)
    }
    #expect(map.position(of: 100) == nil)
    #expect((0..<100).allSatisfy { map[UInt32($0)] == [$0, 1] })
  }

  @Test func mergeAddsAndEqualityIgnoresOrder() async {
    await propertyCheck(count: 40, input: Gen.uint64(in: 0...UInt64.max)) { seed in
      var random = SplitMix64(seed: seed)
      var parts = [IDMap<UInt32, Int>(), IDMap<UInt32, Int>()]
      var reference: [UInt32: Int] = [:]
      for _ in 0..<Int(random.next() % 500) {
        let key = UInt32(random.next() % 200)
        parts[Int(random.next() % 2)][key, default: 0] += 1
        reference[key, default: 0] += 1
      }
      var ab = parts[0]
      ab.merge(parts[1])
      var ba = parts[1]
      ba.merge(parts[0])
      #expect(Dictionary(uniqueKeysWithValues: Array(ab)) == reference)
      #expect(ab == ba, "the same counts inserted in another order")
      if let key = ab.keys.first {
        var changed = ba
        changed[key, default: 0] += 1
        #expect(changed != ab)
        var extra = ab
        extra[UInt32.max, default: 0] += 0
        #expect(extra != ab, "one more key, even with a zero count")
      }
    }
  }

  @Test func mergeCombinesValuesOfKeysInBothAndCopiesTheOthers() {
    typealias Touchpoint = JourneyMapCounts.Touchpoint
    var a = IDMap<UInt64, Touchpoint>()
    a[1, default: Touchpoint()].add(events: 3)
    var b = IDMap<UInt64, Touchpoint>()
    b[1, default: Touchpoint()].add(events: 2)
    b[2 << 32, default: Touchpoint()].add(events: 5)
    a.merge(b) {
      $0.events += $1.events
      $0.units += $1.units
    }
    #expect(a[1] == Touchpoint(events: 5, units: 2))
    #expect(a[2 << 32] == Touchpoint(events: 5, units: 1))
    #expect(a.count == 2)
  }
}
