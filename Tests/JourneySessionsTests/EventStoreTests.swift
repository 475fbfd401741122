import Foundation
import JourneyModel
import JourneySessions
import Testing

/// Every user's events as the store hands them out, keyed by user.
private func collect(_ store: EventStore, threads: Int = 1) throws -> [UInt32: [EventRecord]] {
  let parts = try store.forEachUser(threads: threads, makeAccumulator: { [UInt32: [EventRecord]]() }) {
    accumulator, events in
    #expect(accumulator[events[0].user] == nil, "each user comes exactly once")
    accumulator[events[0].user] = Array(events)
  }
  return parts.reduce(into: [:]) { $0.merge($1) { a, _ in a } }
}

private func sample(count: Int, users: UInt32) -> [EventRecord] {
  var generator = SplitMix(seed: 7)
  return (0..<count).map { index in
    EventRecord(
      time: Int64(generator.next() % 50) * 1_000_000, order: UInt64(index), user: UInt32(generator.next() % UInt64(users)) + 1)
  }
}

struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

@Suite struct EventStoreTests {
  @Test func eachUserComesOnceSortedByTimeThenInputOrder() throws {
    let store = EventStore(partitions: 4)
    store.append(contentsOf: [
      EventRecord(time: 5, order: 3, user: 1), EventRecord(time: 5, order: 1, user: 1),
      EventRecord(time: 2, order: 9, user: 2), EventRecord(time: 1, order: 8, user: 1),
    ])
    let users = try collect(store)
    #expect(users[1]?.map(\.order) == [8, 1, 3])
    #expect(users[2]?.map(\.order) == [9])
    #expect(store.count == 4)
    #expect(store.timeRange == 1...5)
  }

  @Test func emptyStoreCallsNothing() throws {
    let store = EventStore()
    #expect(try collect(store).isEmpty)
    #expect(store.timeRange == nil)
  }

  @Test func bytesPerEventIsTheRecordStride() {
    #expect(EventStore().bytesPerEvent == MemoryLayout<EventRecord>.stride)
    #expect(EventStore().bytesPerEvent <= 40)
  }

  @Test func spillingToDiskGivesTheSameUsersAndCleansUp() throws {
    let records = sample(count: 500, users: 37)
    let memory = EventStore(partitions: 8)
    memory.append(contentsOf: records)
    let folder = NSTemporaryDirectory() + "journey-store-test-\(UInt64.random(in: 0...UInt64.max))"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var spilled: EventStore? = EventStore(partitions: 8, memoryLimit: 40 * 30, temporaryDirectory: folder)
    spilled!.append(contentsOf: records)
    #expect(spilled!.spilledRuns > 10)
    #expect(try collect(spilled!, threads: 2) == collect(memory))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).count == 1)
    spilled = nil
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
  }

  @Test func threadsDoNotChangeTheResult() throws {
    let store = EventStore(partitions: 16)
    store.append(contentsOf: sample(count: 300, users: 20))
    #expect(try collect(store, threads: 1) == collect(store, threads: 2))
  }

  @Test func sessionizedUsersStreamInADeterministicOrder() throws {
    let store = EventStore(partitions: 4)
    store.append(contentsOf: sample(count: 100, users: 9))
    var first: [UInt32] = []
    var second: [UInt32] = []
    try store.forEachSessionizedUser(policy: SessionPolicy()) { first.append($0.events[0].user) }
    try store.forEachSessionizedUser(policy: SessionPolicy()) { second.append($0.events[0].user) }
    #expect(first == second)
    #expect(Set(first).count == first.count)
  }
}
