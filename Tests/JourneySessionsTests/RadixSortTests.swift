import JourneyModel
import JourneyTestSupport
import Testing

@testable import JourneySessions

/// The radix sort gives exactly the comparison order (user, time, input order), whatever the keys.
@Suite struct RadixSortTests {
  private func events(count: Int, seed: UInt64, users: UInt64, times: UInt64, timeBase: Int64) -> [EventRecord] {
    var random = SplitMix64(seed: seed)
    var result = (0..<count).map { index in
      EventRecord(
        time: timeBase + Int64(random.next() % times), order: UInt64(index) * 3 + 1,
        user: UInt32(truncatingIfNeeded: random.next() % users) &+ 1)
    }
    // Appends in a shuffled order: ties of (user, time) do not arrive in input order.
    result.shuffle(using: &random)
    return result
  }

  private func radixSorted<Element: StoredEvent>(_ input: [EventRecord], as type: Element.Type) -> [EventRecord] {
    var events = input.map { Element($0) }
    var scratch = events
    let inScratch = events.withUnsafeMutableBufferPointer { e in
      scratch.withUnsafeMutableBufferPointer { s in RadixSort.sort(e, scratch: s) }
    }
    return (inScratch ? scratch : events).map(\.record)
  }

  @Test(arguments: [
    (1, 1 as UInt64, 1 as UInt64, 0 as Int64), (2, 2, 2, 0), (700, 3, 5, -5_000),
    (5_000, 40, 1_000_000, 1_700_000_000_000_000), (20_000, 1 << 32, 1 << 44, -(1 << 50)),
    (3_000, 1, 1 << 63, Int64.min), (4_096, 70_000, 3, 0),
  ])
  func matchesTheComparisonSort(count: Int, users: UInt64, times: UInt64, timeBase: Int64) {
    let input = events(count: count, seed: UInt64(count), users: users, times: times, timeBase: timeBase)
    let expected = input.sorted(by: EventRecord.storeOrder)
    #expect(radixSorted(input, as: EventRecord.self) == expected)
    #expect(radixSorted(input, as: CompactEvent.self) == expected)
  }

  /// Appends as exports have them: mostly in time order with some late events, one user in
  /// reverse order (too many inversions for the insertion sort), one user with equal times.
  @Test func nearlySortedAndReversedRunsMatchTheComparisonSort() {
    var random = SplitMix64(seed: 5)
    var input: [EventRecord] = []
    for index in 0..<20_000 {
      var time = Int64(index) * 1_000
      if index % 50 == 7 { time -= Int64(random.next() % 5_000_000) }  // late
      input.append(EventRecord(time: time, order: UInt64(index), user: UInt32(random.next() % 300) + 2))
    }
    for index in 0..<3_000 {  // user 1: reversed
      input.append(EventRecord(time: Int64(3_000 - index), order: UInt64(20_000 + index), user: 1))
    }
    for index in 0..<700 {  // user 400: all at one instant
      input.append(EventRecord(time: 42, order: UInt64(23_000 + index), user: 400))
    }
    let expected = input.sorted(by: EventRecord.storeOrder)
    #expect(radixSorted(input, as: EventRecord.self) == expected)
    #expect(radixSorted(input, as: CompactEvent.self) == expected)
  }

  @Test func storeHandsOutLargePartitionsInOrder() throws {
    let input = events(count: 30_000, seed: 11, users: 50, times: 1_000, timeBase: 1_000_000)
    let store = EventStore(partitions: 2)
    store.append(contentsOf: input)
    var seen: [EventRecord] = []
    try store.forEachUserInOrder { events, _ in seen.append(contentsOf: events) }
    #expect(seen.count == input.count)
    let byUser = Dictionary(grouping: seen, by: \.user)
    for (user, events) in byUser {
      #expect(events == input.filter { $0.user == user }.sorted(by: EventRecord.precedes))
    }
  }
}
