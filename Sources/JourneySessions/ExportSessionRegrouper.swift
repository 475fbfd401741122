import JourneyModel

/// Regroups the events of one user too big for a batch by export session (`fields.session`)
/// without holding them whole: the sessions of ``Sessionizer``'s export grouping, in the same order.
///
/// The user's events are added in (time, input order), in batches. `dedupe` drops an event whose
/// non-zero dedupe id was seen before; each new export session id (0, none, included) gets the next
/// number, so numbers follow the sessions' first events. Each event goes, with its `user`
/// replaced by its session's number, into a one-partition ``EventStore``, whose order (user, time,
/// input order) is then (session number, time, input order): the store sorts, spills sorted runs
/// under a `memoryLimit` and merges them, and hands out one session after the other in batches.
///
/// Holds the distinct export session ids of the user (8 bytes each, besides the run's id table
/// that has them anyway) and, with `dedupe`, its distinct dedupe ids; events only up to
/// `memoryLimit` (none: all of them, in memory).
package final class ExportSessionRegrouper {
  private let store: EventStore
  private var cutter: SessionCutter
  /// Export session id → its number among the user's sessions.
  private var numbers: [UInt32: UInt32] = [:]
  private var user: UInt32 = 0
  private var scratch: [EventRecord] = []
  /// Events dropped by `dedupe` so far.
  package private(set) var duplicates = 0

  /// - Parameters:
  ///   - memoryLimit: bytes of events buffered before a sorted run is written; nil: never.
  ///   - batchLimit: most events of one session handed out at once.
  package init(sessionizer: Sessionizer, memoryLimit: Int?, batchLimit: Int, temporaryDirectory: String?) {
    store = EventStore(partitions: 1, memoryLimit: memoryLimit, temporaryDirectory: temporaryDirectory)
    store.batchLimit = batchLimit
    cutter = sessionizer.makeCutter()
  }

  /// Sessions of the user so far.
  package var sessionCount: Int { numbers.count }

  /// Runs written to disk so far.
  package var spilledRuns: Int { store.spilledRuns }

  /// Adds the user's next events, in (time, input order).
  package func add(_ events: UnsafeBufferPointer<EventRecord>) {
    for var event in events {
      if cutter.isDuplicate(event) {
        duplicates += 1
        continue
      }
      user = event.user
      if let number = numbers[event.session] {
        event.user = number
      } else {
        event.user = UInt32(truncatingIfNeeded: numbers.count)
        numbers[event.session] = event.user
      }
      store.append(event)
    }
  }

  /// Calls `body` with the user's sessions in the order of their first event, each session's
  /// events in (time, input order) in batches of at most `batchLimit`: `endsSession` on a
  /// session's last batch. Throws a run that could not be written or read (path and reason).
  /// Call once, after the last ``add(_:)``; the buffer is valid only during the call.
  package func forEachSession(
    _ body: (UnsafeBufferPointer<EventRecord>, _ endsSession: Bool) throws -> Void
  ) throws {
    defer { store.removeTemporaryFiles() }
    try store.forEachUserInOrder { events, endsSession in
      scratch.removeAll(keepingCapacity: true)
      scratch.append(contentsOf: events)
      for index in scratch.indices { scratch[index].user = user }
      try scratch.withUnsafeBufferPointer { try body($0, endsSession) }
    }
  }
}
