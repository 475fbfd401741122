import Foundation
import JourneyModel
import JourneySessions
import JourneyTestSupport
import Testing

@testable import JourneyReports

/// Users streamed through ``UnitAggregator`` in batches give exactly the counts of users held whole,
/// and a huge user never makes the aggregator hold more than a batch and bounded per-unit lists.
@Suite struct UnitAggregatorTests {
  /// A few huge users (thousands of alternating visits: more than the pending transitions a unit
  /// keeps, longer than `max_path_length`) and many small ones, each sorted by (time, input order).
  private static func users(seed: UInt64, attributes: inout AttributeTable) -> [[EventRecord]] {
    var random = SplitMix64(seed: seed)
    // Tuples (source, page): the page is the touchpoint field (index 1); "" is no value.
    let pages = ["/", "/a", "/b", "/c", "/d", ""]
    let sources = ["google", "bing", "ads", ""].flatMap { source in pages.map { attributes.intern([source, $0]) } }
    var users: [[EventRecord]] = []
    for user in 1...40 {
      let count = user <= 3 ? 12_000 : Int(random.next() % 30) + 1
      var time: Int64 = 1_774_700_000_000_000
      var events: [EventRecord] = []
      for index in 0..<count {
        time += Int64(random.next() % (user <= 3 ? 40 : 200)) * 1_000_000
        let stage = random.next() % 4
        events.append(
          EventRecord(
            time: time, order: UInt64(index), user: UInt32(user), change: UInt32(random.next() % 3),
            attributes: index < 5 && user % 2 == 0 ? 0 : sources[Int(random.next() % UInt64(sources.count))],
            dedupe: UInt32(random.next() % 5_000), stage: stage == 3 ? EventRecord.noStage : UInt16(stage)))
      }
      users.append(events)
    }
    return users
  }

  /// `window` applies with `scope: user` only: there the unit's staged events are kept, not its events.
  @Test(arguments: [FunnelOrder.ordered, .strict, .any], [FunnelScope.session, .user, nil])
  func streamedUsersCountExactlyAsWholeUsers(order: FunnelOrder, scope: FunnelScope?) {
    let window: Microseconds? = scope == nil ? 90_000_000 : nil
    let scope = scope ?? .user
    var attributes = AttributeTable()
    let users = Self.users(seed: UInt64(order.rawValue.count * 7 + scope.rawValue.count), attributes: &attributes)
    let settings = ReportSettings(
      stages: ["a", "b", "c"], scope: scope, order: order, window: window, topPaths: 50, maxPathLength: 6,
      breakdowns: [.init(field: "source", top: 3)])
    for (dedupe, touchpoint) in [(false, false), (true, false), (false, true), (true, true)] {
      var settings = settings
      settings.touchpointAttribute = touchpoint ? 1 : nil
      settings.liftMinUnits = 2
      let policy = SessionPolicy(timeout: 600_000_000, newOnChange: dedupe, maxDuration: dedupe ? 7_200_000_000 : nil, dedupe: dedupe)
      let sessionizer = Sessionizer(policy: policy)
      let lastTime = users.flatMap { $0 }.map(\.time).max()!
      var whole = UnitAggregator(
        settings: settings, sessionizer: sessionizer, attributes: attributes, lastTime: lastTime, streaming: false)
      var streamed = UnitAggregator(
        settings: settings, sessionizer: sessionizer, attributes: attributes, lastTime: lastTime)
      #expect(streamed.streams && !whole.streams)
      var largestPending = 0
      var folded = false
      for events in users {
        events.withUnsafeBufferPointer { buffer in
          whole.add(batch: buffer, endsUser: true)
          for start in stride(from: 0, to: buffer.count, by: 97) {
            let end = min(start + 97, buffer.count)
            streamed.add(batch: UnsafeBufferPointer(rebasing: buffer[start..<end]), endsUser: end == buffer.count)
            #expect(streamed.whole.isEmpty, "a streamed user is never gathered")
            if window == nil { #expect(streamed.stagedStages.isEmpty && streamed.visitStages.isEmpty) }
            // The map's per-unit state: no per-event lists without a window; distinct pairs and
            // touchpoints only; visits wait only until the unit's source is known (the first 5 events
            // of even users have none, and a quarter of the others an empty one: a few visits).
            if window == nil { #expect(streamed.stagedPositions.isEmpty && streamed.heldTimes.isEmpty) }
            #expect(streamed.unitMap.pairs.count <= 4 * 6 && streamed.unitTouchpointTimes.count <= 5)
            #expect(streamed.pendingVisits.map(\.count).reduce(0, +) <= 16)
            largestPending = max(largestPending, streamed.unitCells.count)
            folded = folded || !streamed.unitCellCounts.isEmpty
            #expect(streamed.visits.count <= settings.maxPathLength)
          }
        }
      }
      #expect(largestPending <= UnitAggregator.pendingCellLimit)
      if !dedupe { #expect(folded, "long units fold their transitions into counts") }
      #expect(streamed.users == users.count)
      let expected = JourneyEngine.build(whole, settings: settings, attributes: attributes)
      let actual = JourneyEngine.build(streamed, settings: settings, attributes: attributes)
      #expect(actual == expected, "order \(order), scope \(scope), window \(String(describing: window)), dedupe \(dedupe)")
      #expect(streamed.inProgress == whole.inProgress)
      #expect(streamed.map == whole.map)
      if touchpoint {
        // The map is not empty: the test compares something.
        #expect(whole.map.touchpoints.count > 10)
        #expect(whole.map.next.contains { !$0.isEmpty } || whole.depths.dropFirst().dropLast().allSatisfy { $0 == 0 })
        #expect(whole.map.liftSuccesses.count + whole.map.liftFailures.count > 0)
      }
    }
  }

  /// Export sessions (`fields.session`): a user bigger than a batch is never gathered whole. With
  /// `scope: user` it streams in time order; with `scope: session` it is regrouped (spilled under a
  /// memory limit, read back one session at a time). Session ids are interleaved in time (0, none,
  /// among them), with and without dedupe, in every order and both scopes: exactly the counts of
  /// users held whole.
  @Test(arguments: [FunnelOrder.ordered, .strict, .any], [FunnelScope.session, .user, nil])
  func exportSessionUsersCountExactlyAsWholeUsers(order: FunnelOrder, scope: FunnelScope?) throws {
    let window: Microseconds? = scope == nil ? 90_000_000 : nil
    let scope = scope ?? .user
    var attributes = AttributeTable()
    let users = Self.users(seed: UInt64(order.rawValue.count * 5 + scope.rawValue.count), attributes: &attributes)
      .map { events in
        events.enumerated().map { index, event in
          var event = event
          // Interleaved: runs of a few events, ids coming back after others; every 13th has none.
          event.session = index % 13 == 0 ? 0 : UInt32((index / 3 + index % 4) % 23 + 1)
          return event
        }
      }
    let settings = ReportSettings(
      stages: ["a", "b", "c"], scope: scope, order: order, window: window, topPaths: 50, maxPathLength: 6,
      breakdowns: [.init(field: "source", top: 3)])
    var settingsWithTouchpoint = settings
    settingsWithTouchpoint.touchpointAttribute = 1
    settingsWithTouchpoint.liftMinUnits = 2
    let folder = NSTemporaryDirectory() + "journey-aggregator-test-\(UInt64.random(in: 0...UInt64.max))"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for (dedupe, touchpoint) in [(false, false), (true, true)] {
      let settings = touchpoint ? settingsWithTouchpoint : settings
      let policy = SessionPolicy(useExportSessions: true, dedupe: dedupe)
      let sessionizer = Sessionizer(policy: policy)
      let lastTime = users.flatMap { $0 }.map(\.time).max()!
      var whole = UnitAggregator(
        settings: settings, sessionizer: sessionizer, attributes: attributes, lastTime: lastTime, streaming: false)
      var streamed = UnitAggregator(
        settings: settings, sessionizer: sessionizer, attributes: attributes, lastTime: lastTime,
        regroupMemoryLimit: 40 * 150, temporaryDirectory: folder)
      streamed.regroupBatchLimit = 61
      var spilled = 0
      for events in users {
        // The lists a small user held whole leaves behind (a huge one streams without them).
        streamed.stagedStages.removeAll()
        streamed.visitStages.removeAll()
        streamed.visits.removeAll()
        events.withUnsafeBufferPointer { buffer in
          whole.add(batch: buffer, endsUser: true)
          for start in stride(from: 0, to: buffer.count, by: 97) {
            let end = min(start + 97, buffer.count)
            streamed.add(batch: UnsafeBufferPointer(rebasing: buffer[start..<end]), endsUser: end == buffer.count)
            #expect(streamed.whole.count == 0, "a user bigger than a batch is never gathered")
            if buffer.count > 97 {
              if window == nil { #expect(streamed.stagedStages.isEmpty && streamed.visitStages.isEmpty) }
              #expect(streamed.visits.count <= settings.maxPathLength)
            }
            spilled = max(spilled, streamed.regrouper?.spilledRuns ?? 0)
          }
        }
      }
      #expect(streamed.failure == nil)
      if scope == .session { #expect(spilled > (dedupe ? 20 : 64), "a regrouped user spills under its memory limit (merged in passes)") }
      #expect(streamed.users == whole.users && streamed.users == users.count)
      #expect(streamed.sessionCount == whole.sessionCount)
      #expect(streamed.units == whole.units)
      #expect(streamed.duplicates == whole.duplicates)
      #expect(streamed.unclassified == whole.unclassified)
      #expect(!dedupe || whole.duplicates > 0)
      let expected = JourneyEngine.build(whole, settings: settings, attributes: attributes)
      let actual = JourneyEngine.build(streamed, settings: settings, attributes: attributes)
      #expect(actual == expected, "order \(order), scope \(scope), window \(String(describing: window)), dedupe \(dedupe)")
      #expect(streamed.inProgress == whole.inProgress)
      #expect(streamed.map == whole.map)
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "no run is left behind")
  }

  /// A regrouped user whose runs cannot be written (here the folder for them cannot be made: a file
  /// is in the way) leaves the aggregator's failure set, with the path, for the engine to throw.
  @Test func aRegroupedUserThatCannotSpillIsAFailure() throws {
    let blocker = NSTemporaryDirectory() + "journey-aggregator-blocker-\(UInt64.random(in: 0...UInt64.max))"
    #expect(FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8)))
    defer { try? FileManager.default.removeItem(atPath: blocker) }
    let settings = ReportSettings(stages: ["a", "b"], scope: .session, order: .ordered)
    let sessionizer = Sessionizer(policy: SessionPolicy(useExportSessions: true))
    var aggregator = UnitAggregator(
      settings: settings, sessionizer: sessionizer, attributes: AttributeTable(), lastTime: 0,
      regroupMemoryLimit: 40 * 16, temporaryDirectory: blocker)
    let events = (0..<200).map { EventRecord(time: Int64($0), order: UInt64($0), user: 1, session: UInt32($0 % 3 + 1), stage: 0) }
    events.withUnsafeBufferPointer { buffer in
      aggregator.add(batch: UnsafeBufferPointer(rebasing: buffer[0..<100]), endsUser: false)
      aggregator.add(batch: UnsafeBufferPointer(rebasing: buffer[100...]), endsUser: true)
    }
    let failure = try #require(aggregator.failure as? JourneyError)
    #expect(failure.kind == .input)
    #expect(failure.location?.hasPrefix(blocker) == true, "\(failure)")
    var total = UnitAggregator(settings: settings, sessionizer: sessionizer, attributes: AttributeTable(), lastTime: 0)
    total.merge(aggregator)
    #expect(total.failure != nil, "a failure survives the merge")
  }
}
