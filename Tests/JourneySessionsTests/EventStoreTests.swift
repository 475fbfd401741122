import Foundation
import JourneyModel
import JourneySessions
import JourneyTestSupport
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
  var generator = SeededRandom(seed: 7)
  return (0..<count).map { index in
    EventRecord(
      time: Int64(generator.next() % 50) * 1_000_000, order: UInt64(index), user: UInt32(generator.next() % UInt64(users)) + 1)
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

  @Test func bytesPerEventIsCompactUntilAnEventNeedsTheWideRecord() {
    let store = EventStore()
    #expect(store.bytesPerEvent == 28)
    store.append(EventRecord(time: 1, order: 0, user: 1, attributes: 3, stage: 2))
    #expect(store.bytesPerEvent == 28)
    store.append(EventRecord(time: 2, order: 1, user: 1, dedupe: 5))
    #expect(store.bytesPerEvent == MemoryLayout<EventRecord>.stride)
    #expect(store.bytesPerEvent <= 40)
  }

  @Test func retainedMemoryStaysWithinOneChunkPerPartitionOfTheEvents() throws {
    let store = EventStore(partitions: 8)
    let records = sample(count: 200_000, users: 5_000)
    store.append(contentsOf: records)
    let exact = records.count * store.bytesPerEvent
    #expect(store.reservedBytes >= exact)
    #expect(store.reservedBytes <= exact + 8 * 4096 * store.bytesPerEvent)
    _ = try collect(store)
    #expect(store.reservedBytes == exact, "sorted partitions are exact-size buffers")
  }

  @Test func widenedStoreKeepsEveryFieldAndOrder() throws {
    var records = sample(count: 20_000, users: 300)
    records[15_000].session = 7
    records[15_001].change = 9
    records[15_002].dedupe = 11
    for index in records.indices where index % 3 == 0 { records[index].attributes = UInt32(index % 5) }
    for index in records.indices where index % 4 == 0 { records[index].stage = UInt16(index % 6) }
    let store = EventStore(partitions: 8)
    store.append(contentsOf: records)
    var expected: [UInt32: [EventRecord]] = [:]
    for record in records { expected[record.user, default: []].append(record) }
    for user in expected.keys { expected[user]!.sort(by: EventRecord.precedes) }
    #expect(try collect(store, threads: 2) == expected)
  }

  @Test func negativeTimesSortBeforePositiveOnes() throws {
    let store = EventStore(partitions: 2)
    store.append(contentsOf: [
      EventRecord(time: 5, order: 1, user: 1), EventRecord(time: -5_000_000_000_000, order: 2, user: 1),
      EventRecord(time: -1, order: 3, user: 1), EventRecord(time: 0, order: UInt64(3) << 44, user: 1),
    ])
    #expect(try collect(store)[1]?.map(\.time) == [-5_000_000_000_000, -1, 0, 5])
  }

  @Test func manyRunsMergeInPassesWithTheSameResult() throws {
    let records = sample(count: 3_000, users: 50)
    let memory = EventStore(partitions: 2)
    memory.append(contentsOf: records)
    let folder = NSTemporaryDirectory() + "journey-store-test-\(UInt64.random(in: 0...UInt64.max))"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let spilled = EventStore(partitions: 2, memoryLimit: 28 * 20, temporaryDirectory: folder)
    spilled.append(contentsOf: records)
    #expect(spilled.spilledRuns > 2 * 64 * 2, "more than one merge pass per partition")
    let expected = try collect(memory)
    #expect(try collect(spilled, threads: 2) == expected)
    #expect(try collect(spilled, threads: 1) == expected, "a second pass reads the merged runs")
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
