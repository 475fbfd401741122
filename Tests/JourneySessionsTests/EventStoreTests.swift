import Foundation
import JourneyModel
import JourneySessions
import JourneyTestSupport
import Testing

/// Every user's events as the store hands them out (batches joined), keyed by user; no batch is
/// longer than the store's `batchLimit`.
private func collect(_ store: EventStore, threads: Int = 1) throws -> [UInt32: [EventRecord]] {
  struct Collected {
    var users: [UInt32: [EventRecord]] = [:]
    var current: [EventRecord] = []
  }
  let limit = store.batchLimit
  let parts = try store.forEachUser(threads: threads, makeAccumulator: { Collected() }) {
    accumulator, events, endsUser in
    #expect(events.count <= limit, "a batch holds at most batchLimit events")
    #expect(endsUser || !events.isEmpty, "only a user's last batch may be empty")
    #expect(events.allSatisfy { $0.user == (accumulator.current.first ?? events[0]).user }, "a batch is one user's")
    accumulator.current.append(contentsOf: events)
    guard endsUser else { return }
    let user = accumulator.current[0].user
    #expect(accumulator.users[user] == nil, "each user comes exactly once")
    accumulator.users[user] = accumulator.current
    accumulator.current.removeAll()
  }
  for part in parts { #expect(part.current.isEmpty, "every user ends") }
  return parts.reduce(into: [:]) { $0.merge($1.users) { a, _ in a } }
}

private func sample(count: Int, users: UInt32) -> [EventRecord] {
  var generator = SplitMix64(seed: 7)
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

  /// One user with far more events than a batch (a bot, an `anonymous` id) comes in batches of at
  /// most `batchLimit` events, in memory (compact and wide events) and merged from spilled runs,
  /// so the store never gathers a whole user.
  @Test(arguments: [false, true], [false, true])
  func aHugeUserComesInBoundedBatches(spill: Bool, wide: Bool) throws {
    var records = sample(count: 5_000, users: 3)
    for index in 0..<20_000 {
      records.append(
        EventRecord(time: Int64(index % 977) * 1_000, order: UInt64(5_000 + index), user: 99, dedupe: wide ? 1 : 0))
    }
    let reference = EventStore(partitions: 4)
    reference.append(contentsOf: records)
    let folder = NSTemporaryDirectory() + "journey-store-test-\(UInt64.random(in: 0...UInt64.max))"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = EventStore(partitions: 4, memoryLimit: spill ? 40 * 1_000 : nil, temporaryDirectory: folder)
    store.batchLimit = 100
    store.append(contentsOf: records)
    #expect((store.spilledRuns > 0) == spill)
    let expected = try collect(reference)
    #expect(expected[99]?.count == 20_000)
    #expect(try collect(store, threads: 2) == expected)
    var batches = 0
    var largest = 0
    try store.forEachUserInOrder { events, _ in
      batches += 1
      largest = max(largest, events.count)
    }
    #expect(largest == 100)
    #expect(batches >= 200)
  }

  /// `journey sessions` streams a user bigger than a batch: the sessions (numbered across batches)
  /// are those of the user held whole, with and without dedupe; export sessions gather the user.
  @Test(arguments: [SessionPolicy(timeout: 3_000_000), SessionPolicy(timeout: 3_000_000, dedupe: true),
    SessionPolicy(useExportSessions: true)])
  func sessionizedUsersStreamInBatchesWithTheSameSessions(policy: SessionPolicy) throws {
    let records = sample(count: 2_000, users: 3).enumerated().map { index, event in
      var event = event
      event.dedupe = UInt32(index % 700)
      event.session = UInt32(index % 5)
      return event
    }
    func sessions(batchLimit: Int) throws -> [[UInt32: [[EventRecord]]]] {
      let store = EventStore(partitions: 2)
      store.batchLimit = batchLimit
      store.append(contentsOf: records)
      var result: [UInt32: [[EventRecord]]] = [:]
      try store.forEachSessionizedUser(policy: policy) { user in
        let id = user.events[0].user
        for (index, range) in user.ranges.enumerated() {
          let number = user.firstSession + index
          if number == result[id, default: []].count { result[id, default: []].append([]) }
          result[id]![number].append(contentsOf: user.sessionEvents[range])
        }
      }
      return [result]
    }
    let whole = try sessions(batchLimit: 100_000)
    #expect(whole[0].count == 3)
    #expect(try sessions(batchLimit: 7) == whole)
  }

  /// `journey sessions` with export sessions: a user bigger than a batch is regrouped (in memory, or
  /// spilled and merged in passes under a memory limit), never held whole: it comes in calls of at
  /// most two batches, with the sessions of the user held whole (ids interleaved in time, 0 among
  /// them, numbered across calls), with and without dedupe.
  @Test(arguments: [false, true], [false, true])
  func aHugeExportSessionUserIsRegroupedInBoundedCalls(spill: Bool, dedupe: Bool) throws {
    var records = sample(count: 3_000, users: 4).enumerated().map { index, event in
      var event = event
      event.session = UInt32(index % 6)
      return event
    }
    var random = SplitMix64(seed: 11)
    for index in 0..<20_000 {
      records.append(
        EventRecord(
          time: Int64(random.next() % 5_000) * 1_000, order: UInt64(3_000 + index), user: 99,
          session: index % 17 == 0 ? 0 : UInt32(random.next() % 40) + 1,
          dedupe: dedupe ? UInt32(random.next() % 15_000) : 0))
    }
    let policy = SessionPolicy(useExportSessions: true, dedupe: dedupe)
    let folder = NSTemporaryDirectory() + "journey-store-test-\(UInt64.random(in: 0...UInt64.max))"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    /// Sessions per user; the most events in one call; the most spill folders seen during a call.
    func sessions(of store: EventStore) throws -> (sessions: [UInt32: [[EventRecord]]], largest: Int, folders: Int) {
      var result: [UInt32: [[EventRecord]]] = [:]
      var largest = 0
      var folders = 0
      try store.forEachSessionizedUser(policy: policy) { user in
        largest = max(largest, user.sessionEvents.count)
        folders = max(folders, (try? FileManager.default.contentsOfDirectory(atPath: folder).count) ?? 0)
        let id = user.events[0].user
        for (index, range) in user.ranges.enumerated() {
          let number = user.firstSession + index
          if number == result[id, default: []].count { result[id, default: []].append([]) }
          result[id]![number].append(contentsOf: user.sessionEvents[range])
        }
      }
      return (result, largest, folders)
    }
    let reference = EventStore(partitions: 2)
    reference.append(contentsOf: records)
    let whole = try sessions(of: reference)
    #expect(whole.largest > 10_000 && whole.sessions[99]?.count == 41)
    let store = EventStore(partitions: 2, memoryLimit: spill ? 40 * 4_000 : nil, temporaryDirectory: folder)
    store.batchLimit = 100
    store.append(contentsOf: records)
    #expect((store.spilledRuns > 0) == spill)
    let streamed = try sessions(of: store)
    #expect(streamed.sessions == whole.sessions)
    #expect(streamed.largest < 200, "a huge user comes in calls of at most two batches")
    // The store's own spill folder, and the regrouper's while the huge user is handed out.
    #expect(streamed.folders == (spill ? 2 : 0))
    store.removeTemporaryFiles()
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
