public import JourneyModel
import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Collects events and hands them back one user at a time, sorted by (time, input order).
///
/// Events are partitioned by a hash of the interned user id. A partition is a list of fixed-size
/// chunks, so the memory held beyond the events themselves is at most one chunk per partition
/// (no geometric growth, no copy while growing). While no event uses `session`, `change` or
/// `dedupe`, events are kept as 28-byte ``CompactEvent``s, else as 40-byte ``EventRecord``s.
///
/// To hand users out, a partition is gathered into one contiguous buffer (its chunks freed as
/// they are copied) and sorted in place by (user, time, input order), with no scratch copy.
/// With a `memoryLimit` (bytes), when the buffered events exceed it every partition is sorted
/// and written as a run (raw `EventRecord`s) to a temporary folder;
/// ``forEachUser(threads:makeAccumulator:body:)`` then merges a partition's runs and buffer with
/// a heap, at most ``mergeFanIn`` files at a time, one user at a time. A user is handed out in
/// batches of at most ``batchLimit`` events, so one user of any size (a bot, an `anonymous` id)
/// never needs more than a batch of memory here. A spill that cannot be written (a full disk)
/// ends the buffering: the events are dropped and ``checkSpills()`` throws the path and the reason.
/// The temporary folder is removed by ``removeTemporaryFiles()`` and on deinit.
///
/// Not thread-safe: append from one thread. Results never depend on the order of appends.
public final class EventStore {
  package let partitionCount: Int
  package let memoryLimit: Int?
  /// Where spilled runs go (a folder of the run's), nil: the system's temporary folder.
  package let temporaryDirectory: String?
  /// Events per chunk: 4096, less when a small `memoryLimit` would be dominated by chunk slack.
  let chunkCapacity: Int
  /// Behind pointers, not stored `var`s: every access to a class's `var` is a dynamic
  /// exclusivity check, and `append` runs once per event.
  private let partitions: UnsafeMutableBufferPointer<Partition>
  private let tally: UnsafeMutablePointer<Tally>
  /// Whether the chunks hold ``EventRecord`` (true) or ``CompactEvent``.
  private(set) var isWide = false
  /// Run files per partition.
  private var runs: [[String]]
  private var spillDirectory: String?
  private var spillCount = 0
  /// The first spill that could not be written; events appended after it are dropped.
  private var spillFailure: JourneyError?
  /// Most events of one user handed to a `body` at once; larger users come in several batches.
  package var batchLimit = 65_536
  package var count: Int { tally.pointee.count }

  /// Bytes of events an ``ExportSessionRegrouper`` of this store's users buffers before it spills:
  /// a sixteenth of `memoryLimit`, at most 16 MiB and at least a batch; nil without a limit.
  package var regroupMemoryLimit: Int? {
    memoryLimit.map { max(batchLimit * MemoryLayout<EventRecord>.stride, min($0 / 16, 16 << 20)) }
  }
  /// Earliest and latest event time appended, nil when empty.
  package var timeRange: ClosedRange<Microseconds>? {
    tally.pointee.count == 0 ? nil : tally.pointee.earliest...tally.pointee.latest
  }

  struct Tally {
    var buffered = 0
    var count = 0
    var earliest = Microseconds.max
    var latest = Microseconds.min
  }

  /// Most run files open at once while merging one partition; more runs are merged in passes.
  static let mergeFanIn = 64

  public init(partitions: Int = 64, memoryLimit: Int? = nil, temporaryDirectory: String? = nil) {
    partitionCount = max(1, partitions)
    self.memoryLimit = memoryLimit
    self.temporaryDirectory = temporaryDirectory
    if let memoryLimit {
      // Keep the slack (≤ one chunk per partition) under a quarter of the limit.
      let fitting = memoryLimit / 4 / (partitionCount * MemoryLayout<EventRecord>.stride)
      chunkCapacity = min(4096, max(16, fitting))
    } else {
      chunkCapacity = 4096
    }
    self.partitions = .allocate(capacity: partitionCount)
    self.partitions.initialize(repeating: Partition())
    tally = .allocate(capacity: 1)
    tally.initialize(to: Tally())
    runs = Array(repeating: [], count: partitionCount)
  }

  deinit {
    for index in partitions.indices { partitions[index].free(wide: isWide) }
    _ = partitions.deinitialize()
    partitions.deallocate()
    tally.deinitialize(count: 1)
    tally.deallocate()
    removeTemporaryFiles()
  }

  /// Bytes one buffered event takes in memory (28 while events fit ``CompactEvent``, else 40).
  package var bytesPerEvent: Int {
    isWide ? MemoryLayout<EventRecord>.stride : MemoryLayout<CompactEvent>.stride
  }

  /// Bytes held by in-memory events, including unused room at the end of chunks.
  package var reservedBytes: Int { partitions.reduce(0) { $0 + $1.capacity } * bytesPerEvent }

  /// Number of sorted runs written to disk so far.
  package var spilledRuns: Int { runs.reduce(0) { $0 + $1.count } }

  @inline(__always) func partition(of user: UInt32) -> Int {
    Int(truncatingIfNeeded: (UInt64(user) &* 0x9E37_79B9_7F4A_7C15) >> 32) % partitionCount
  }

  public func append(_ event: EventRecord) {
    let index = partition(of: event.user)
    if isWide {
      partitions[index].append(event, chunkCapacity: chunkCapacity)
    } else if CompactEvent.fits(event) {
      partitions[index].append(CompactEvent(event), chunkCapacity: chunkCapacity)
    } else {
      widen()
      partitions[index].append(event, chunkCapacity: chunkCapacity)
    }
    tally.pointee.buffered += 1
    tally.pointee.count += 1
    if event.time < tally.pointee.earliest { tally.pointee.earliest = event.time }
    if event.time > tally.pointee.latest { tally.pointee.latest = event.time }
    if let memoryLimit, tally.pointee.buffered * bytesPerEvent > memoryLimit {
      spill()
    }
  }

  public func append(contentsOf events: some Sequence<EventRecord>) {
    for event in events { append(event) }
  }

  /// Switches every partition to ``EventRecord`` chunks, once, for the first event that needs it.
  private func widen() {
    for index in partitions.indices { partitions[index].widen() }
    isWide = true
  }

  /// Writes every partition's events as a sorted run.
  ///
  /// A run that cannot be written (a full disk, a file-size limit) is not retried: the failure is
  /// kept for ``checkSpills()``, and every buffered event is dropped now and at each later spill,
  /// so the rest of the input is read at full speed and the run then ends with the error.
  private func spill() {
    do throws(JourneyError) {
      if spillFailure != nil { throw spillFailure! }
      let directory = try ensureSpillDirectory()
      for partition in partitions.indices where partitions[partition].count > 0 {
        let path = "\(directory)/run-\(partition)-\(spillCount).bin"
        let sorted = partitions[partition].count
        do throws(JourneyError) {
          if isWide {
            try spill(partition, as: EventRecord.self, to: path)
          } else {
            try spill(partition, as: CompactEvent.self, to: path)
          }
        } catch {
          unlink(path)
          throw error
        }
        runs[partition].append(path)
        tally.pointee.buffered -= sorted
        partitions[partition].free(wide: isWide)
      }
      spillCount += 1
    } catch {
      if spillFailure == nil { spillFailure = error }
      for index in partitions.indices { partitions[index].free(wide: isWide) }
      tally.pointee.buffered = 0
    }
  }

  private func spill<Element: StoredEvent>(
    _ partition: Int, as type: Element.Type, to path: String
  ) throws(JourneyError) {
    let events = partitions[partition].sortedBuffer(as: type)
    var writer = try RunWriter(path: path)
    for event in events { writer.write(event.record) }
    try writer.finish()
  }

  private func ensureSpillDirectory() throws(JourneyError) -> String {
    if let spillDirectory { return spillDirectory }
    let base = temporaryDirectory ?? FileManager.default.temporaryDirectory.path
    let path = "\(base)/journey-spill-\(getpid())-\(UUID().uuidString)"
    // Through the registry (`mkdir -p` under its lock): no folder is made once a signal is ending the run.
    guard TemporaryFiles.createFolder(path) else {
      let code = errno
      throw JourneyError(
        kind: .input, location: path, message: "cannot create a folder for spilled events: \(String(cString: strerror(code)))")
    }
    spillDirectory = path
    return path
  }

  /// Throws the first spill that could not be written (its path and the system's reason):
  /// the events dropped since make any report wrong. Call after the last ``append(_:)``.
  package func checkSpills() throws(JourneyError) {
    if let spillFailure { throw spillFailure }
  }

  /// Deletes the spilled runs; the events in them are gone afterwards.
  package func removeTemporaryFiles() {
    guard let spillDirectory else { return }
    try? FileManager.default.removeItem(atPath: spillDirectory)
    self.spillDirectory = nil
    runs = Array(repeating: [], count: partitionCount)
  }

  /// Calls `body` with each user's events sorted by (time, input order), in batches of at most
  /// ``batchLimit`` events: `endsUser` is true on the user's last batch (which may be empty), and
  /// the next call starts the next user.
  ///
  /// Partitions are processed on `threads` threads, worker `w` taking partitions `w`, `w + threads`,
  /// … into its own accumulator (`accumulators[w]`, created up front by `makeAccumulator` on the
  /// calling thread); within a partition users come in ascending interned id. One accumulator per
  /// worker, not per partition: the aggregates of 64 partitions (dictionaries of touchpoints, runs
  /// of durations) would otherwise be held 64 times until merged. What a worker accumulates depends
  /// on the thread count, so accumulators must be order-independent (sums, multisets, dictionaries
  /// finalized in a total order). `body` must touch only its accumulator.
  /// The buffer passed to `body` is valid only during the call and must not escape.
  ///
  /// A partition stays sorted in one contiguous buffer afterwards, so a second call costs no sort.
  ///
  /// - Complexity: O(*n* log *n*) to sort, plus O(*n* log *r*) per merge pass over *r* runs.
  package func forEachUser<Accumulator>(
    threads: Int, makeAccumulator: () -> Accumulator,
    body: (inout Accumulator, UnsafeBufferPointer<EventRecord>, _ endsUser: Bool) -> Void
  ) throws -> [Accumulator] {
    try checkSpills()
    let workers = max(1, min(threads, partitionCount))
    var accumulators = (0..<workers).map { _ in makeAccumulator() }
    var errors = [(any Error)?](repeating: nil, count: partitionCount)
    let spillDirectory = spillDirectory
    withoutActuallyEscaping(body) { body in
      runs.withUnsafeMutableBufferPointer { runs in
        accumulators.withUnsafeMutableBufferPointer { accumulators in
          errors.withUnsafeMutableBufferPointer { errors in
            let (partitions, runs, accumulators, errors) = (self.partitions, runs, accumulators, errors)
            // Each partition (chunks, runs, error slot) and accumulator is touched by exactly one worker:
            // `concurrentPerform` may hand the closure to other threads.
            let work = UncheckedSendable { (worker: Int) in
              var scratch = [EventRecord]()
              for partition in stride(from: worker, to: self.partitionCount, by: workers) {
                do {
                  try self.process(
                    partition: &partitions[partition], runs: &runs[partition], number: partition,
                    spillDirectory: spillDirectory, scratch: &scratch,
                    body: { body(&accumulators[worker], $0, $1) })
                } catch {
                  errors[partition] = error
                }
              }
            }
            if workers == 1 {
              work.value(0)
            } else {
              DispatchQueue.concurrentPerform(iterations: workers) { work.value($0) }
            }
          }
        }
      }
    }
    if let error = errors.lazy.compactMap({ $0 }).first { throw error }
    return accumulators
  }

  /// Calls `body` with each user's events (in batches, as ``forEachUser(threads:makeAccumulator:body:)``),
  /// on the calling thread, partition by partition and within a partition by ascending interned
  /// user id: a deterministic order for streaming output.
  package func forEachUserInOrder(_ body: (UnsafeBufferPointer<EventRecord>, _ endsUser: Bool) throws -> Void) throws {
    try checkSpills()
    var scratch = [EventRecord]()
    for partition in 0..<partitionCount {
      var failure: (any Error)?
      try process(
        partition: &partitions[partition], runs: &runs[partition], number: partition,
        spillDirectory: spillDirectory, scratch: &scratch
      ) { events, endsUser in
        guard failure == nil else { return }
        do { try body(events, endsUser) } catch { failure = error }
      }
      if let failure { throw failure }
    }
  }

  private func process(
    partition: inout Partition, runs: inout [String], number: Int, spillDirectory: String?,
    scratch: inout [EventRecord], body: (UnsafeBufferPointer<EventRecord>, Bool) -> Void
  ) throws {
    let limit = max(1, batchLimit)
    if isWide {
      let events = UnsafeBufferPointer(partition.sortedBuffer(as: EventRecord.self, useScratch: memoryLimit == nil))
      if runs.isEmpty {
        Self.forEachUser(in: events) { user in
          var start = 0
          repeat {
            let end = min(start + limit, user.count)
            body(UnsafeBufferPointer(rebasing: user[start..<end]), end == user.count)
            start = end
          } while start < user.count
        }
      } else {
        try mergeRuns(
          &runs, number: number, spillDirectory: spillDirectory, memory: events, scratch: &scratch, body: body)
      }
    } else {
      let events = UnsafeBufferPointer(partition.sortedBuffer(as: CompactEvent.self, useScratch: memoryLimit == nil))
      if runs.isEmpty {
        Self.forEachUser(in: events) { user in
          var start = 0
          repeat {
            let end = min(start + limit, user.count)
            scratch.removeAll(keepingCapacity: true)
            for event in user[start..<end] { scratch.append(event.record) }
            scratch.withUnsafeBufferPointer { body($0, end == user.count) }
            start = end
          } while start < user.count
        }
      } else {
        try mergeRuns(
          &runs, number: number, spillDirectory: spillDirectory, memory: events, scratch: &scratch, body: body)
      }
    }
  }

  /// Calls `body` with each user's slice of `events` (sorted by ``StoredEvent/storeOrder(_:_:)``).
  @inline(__always) private static func forEachUser<Element: StoredEvent>(
    in events: UnsafeBufferPointer<Element>, _ body: (UnsafeBufferPointer<Element>) -> Void
  ) {
    var start = 0
    while start < events.count {
      let user = events[start].user
      var end = start + 1
      while end < events.count, events[end].user == user { end += 1 }
      body(UnsafeBufferPointer(rebasing: events[start..<end]))
      start = end
    }
  }

  /// Merges a partition's runs and its sorted in-memory events, gathering one user at a time.
  ///
  /// With more than ``mergeFanIn`` runs, groups of runs are first merged into longer runs (the
  /// partition's run list is updated), so no more than that many files are open at once.
  private func mergeRuns<Element: StoredEvent>(
    _ runs: inout [String], number: Int, spillDirectory: String?, memory: UnsafeBufferPointer<Element>,
    scratch: inout [EventRecord], body: (UnsafeBufferPointer<EventRecord>, Bool) -> Void
  ) throws {
    while runs.count > Self.mergeFanIn {
      var merged: [String] = []
      for start in stride(from: 0, to: runs.count, by: Self.mergeFanIn) {
        let paths = Array(runs[start..<min(start + Self.mergeFanIn, runs.count)])
        // Unique: the first input run exists until this merge consumes it.
        let path = paths[0] + ".m"
        do {
          var writer = try RunWriter(path: path)
          var merger = try RunMerger(paths: paths, memory: UnsafeBufferPointer<Element>(start: nil, count: 0))
          while let event = try merger.next() { writer.write(event) }
          try writer.finish()
        } catch {
          unlink(path)
          throw error
        }
        for old in paths { unlink(old) }
        merged.append(path)
      }
      runs = merged
    }
    var merger = try RunMerger(paths: runs, memory: memory)
    let limit = max(1, batchLimit)
    scratch.removeAll(keepingCapacity: true)
    // The user whose events are in `scratch` or were handed out last without `endsUser`.
    var current: UInt32?
    while let event = try merger.next() {
      if let user = current, user != event.user {
        scratch.withUnsafeBufferPointer { body($0, true) }
        scratch.removeAll(keepingCapacity: true)
      } else if scratch.count == limit {
        // A user bigger than a batch: hand this part over and go on with the same user.
        scratch.withUnsafeBufferPointer { body($0, false) }
        scratch.removeAll(keepingCapacity: true)
      }
      current = event.user
      scratch.append(event)
    }
    if current != nil { scratch.withUnsafeBufferPointer { body($0, true) } }
  }
}

