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
/// Events are partitioned by a hash of the interned user id; each partition is sorted by
/// (user, time, input order). With a `memoryLimit` (bytes), when the buffered events exceed it
/// every partition's buffer is sorted and written as a run (raw `EventRecord`s) to a temporary
/// folder; ``forEachUser(threads:makeAccumulator:body:)`` then k-way merges a partition's runs
/// and buffer, one user at a time. The temporary folder is removed by ``removeTemporaryFiles()``
/// and on deinit.
///
/// Not thread-safe: append from one thread. Results never depend on the order of appends.
public final class EventStore {
  public let partitionCount: Int
  public let memoryLimit: Int?
  private let temporaryDirectory: String?
  private var buffers: [[EventRecord]]
  private var bufferedCount = 0
  /// Run files per partition.
  private var runs: [[String]]
  private var spillDirectory: String?
  private var spillCount = 0
  public private(set) var count = 0
  /// Earliest and latest event time appended, nil when empty.
  public private(set) var timeRange: ClosedRange<Microseconds>?

  public init(partitions: Int = 64, memoryLimit: Int? = nil, temporaryDirectory: String? = nil) {
    partitionCount = max(1, partitions)
    self.memoryLimit = memoryLimit
    self.temporaryDirectory = temporaryDirectory
    buffers = Array(repeating: [], count: partitionCount)
    runs = Array(repeating: [], count: partitionCount)
  }

  deinit { removeTemporaryFiles() }

  /// Bytes one buffered event takes (the array element stride; arrays grow geometrically on top).
  public var bytesPerEvent: Int { MemoryLayout<EventRecord>.stride }

  /// Number of sorted runs written to disk so far.
  public var spilledRuns: Int { runs.reduce(0) { $0 + $1.count } }

  @inline(__always) func partition(of user: UInt32) -> Int {
    Int(truncatingIfNeeded: (UInt64(user) &* 0x9E37_79B9_7F4A_7C15) >> 32) % partitionCount
  }

  public func append(_ event: EventRecord) {
    buffers[partition(of: event.user)].append(event)
    bufferedCount += 1
    count += 1
    if let range = timeRange {
      if event.time < range.lowerBound {
        timeRange = event.time...range.upperBound
      } else if event.time > range.upperBound {
        timeRange = range.lowerBound...event.time
      }
    } else {
      timeRange = event.time...event.time
    }
    if let memoryLimit, bufferedCount * bytesPerEvent > memoryLimit {
      spill()
    }
  }

  public func append(contentsOf events: some Sequence<EventRecord>) {
    for event in events { append(event) }
  }

  @inline(__always) static func storeOrder(_ a: EventRecord, _ b: EventRecord) -> Bool {
    if a.user != b.user { return a.user < b.user }
    if a.time != b.time { return a.time < b.time }
    return a.order < b.order
  }

  /// Writes every partition's buffer as a sorted run. Failures to write keep the events in memory.
  private func spill() {
    guard let directory = ensureSpillDirectory() else { return }
    for partition in buffers.indices where !buffers[partition].isEmpty {
      buffers[partition].sort(by: Self.storeOrder)
      let path = "\(directory)/run-\(partition)-\(spillCount).bin"
      let written = buffers[partition].withUnsafeBytes { bytes -> Bool in
        guard let file = fopen(path, "wb") else { return false }
        defer { fclose(file) }
        return fwrite(bytes.baseAddress, 1, bytes.count, file) == bytes.count
      }
      guard written else { unlink(path); continue }
      runs[partition].append(path)
      bufferedCount -= buffers[partition].count
      buffers[partition] = []
    }
    spillCount += 1
  }

  private func ensureSpillDirectory() -> String? {
    if let spillDirectory { return spillDirectory }
    let base = temporaryDirectory ?? FileManager.default.temporaryDirectory.path
    let path = "\(base)/journey-spill-\(getpid())-\(UUID().uuidString)"
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      return nil
    }
    spillDirectory = path
    return path
  }

  /// Deletes the spilled runs; the events in them are gone afterwards.
  public func removeTemporaryFiles() {
    guard let spillDirectory else { return }
    try? FileManager.default.removeItem(atPath: spillDirectory)
    self.spillDirectory = nil
    runs = Array(repeating: [], count: partitionCount)
  }

  /// Calls `body` once per user with that user's events sorted by (time, input order).
  ///
  /// Partitions are processed on `threads` threads; partition `p` always goes to
  /// `accumulators[p]`, created up front by `makeAccumulator` on the calling thread, and within a
  /// partition users come in ascending interned id. The returned array is in partition order, so
  /// merging it front to back is deterministic. `body` must touch only its accumulator.
  /// The buffer passed to `body` is valid only during the call and must not escape.
  ///
  /// - Complexity: O(*n* log *n*) to sort, plus O(*n* · *r*) to merge *r* runs of a partition.
  public func forEachUser<Accumulator>(
    threads: Int, makeAccumulator: () -> Accumulator,
    body: (inout Accumulator, UnsafeBufferPointer<EventRecord>) -> Void
  ) throws -> [Accumulator] {
    var accumulators = (0..<partitionCount).map { _ in makeAccumulator() }
    var errors = [(any Error)?](repeating: nil, count: partitionCount)
    let workers = max(1, min(threads, partitionCount))
    withoutActuallyEscaping(body) { body in
      buffers.withUnsafeMutableBufferPointer { buffers in
        accumulators.withUnsafeMutableBufferPointer { accumulators in
          errors.withUnsafeMutableBufferPointer { errors in
            let (buffers, accumulators, errors) = (buffers, accumulators, errors)
            // Each partition (buffer, accumulator, error slot) is touched by exactly one worker.
            let work = UncheckedSendable { (worker: Int) in
              for partition in stride(from: worker, to: self.partitionCount, by: workers) {
                do {
                  try self.process(
                    partition: partition, buffer: &buffers[partition], runs: self.runs[partition],
                    body: { body(&accumulators[partition], $0) })
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

  /// Calls `body` once per user, on the calling thread, partition by partition and within a
  /// partition by ascending interned user id: a deterministic order for streaming output.
  public func forEachUserInOrder(_ body: (UnsafeBufferPointer<EventRecord>) throws -> Void) throws {
    for partition in 0..<partitionCount {
      var failure: (any Error)?
      try process(partition: partition, buffer: &buffers[partition], runs: runs[partition]) { events in
        guard failure == nil else { return }
        do { try body(events) } catch { failure = error }
      }
      if let failure { throw failure }
    }
  }

  private func process(
    partition: Int, buffer: inout [EventRecord], runs: [String],
    body: (UnsafeBufferPointer<EventRecord>) -> Void
  ) throws {
    buffer.sort(by: Self.storeOrder)
    if runs.isEmpty {
      buffer.withUnsafeBufferPointer { events in
        var start = 0
        while start < events.count {
          let user = events[start].user
          var end = start + 1
          while end < events.count, events[end].user == user { end += 1 }
          body(UnsafeBufferPointer(rebasing: events[start..<end]))
          start = end
        }
      }
      return
    }
    try mergeRuns(runs, buffer: buffer, body: body)
  }

  /// K-way merge of sorted runs and the sorted in-memory buffer, gathering one user at a time.
  private func mergeRuns(
    _ paths: [String], buffer: [EventRecord], body: (UnsafeBufferPointer<EventRecord>) -> Void
  ) throws {
    var readers: [RunReader] = []
    for path in paths { readers.append(try RunReader(path: path)) }
    var bufferIndex = 0
    var user: [EventRecord] = []
    while true {
      // Pick the smallest head; the in-memory buffer counts as one more source.
      var best: EventRecord?
      var bestSource = -1
      for (source, reader) in readers.enumerated() {
        if let head = reader.head, best == nil || Self.storeOrder(head, best!) {
          best = head
          bestSource = source
        }
      }
      if bufferIndex < buffer.count, best == nil || Self.storeOrder(buffer[bufferIndex], best!) {
        best = buffer[bufferIndex]
        bestSource = readers.count
      }
      guard let event = best else { break }
      if bestSource == readers.count { bufferIndex += 1 } else { try readers[bestSource].advance() }
      if let last = user.last, last.user != event.user {
        user.withUnsafeBufferPointer(body)
        user.removeAll(keepingCapacity: true)
      }
      user.append(event)
    }
    if !user.isEmpty { user.withUnsafeBufferPointer(body) }
  }
}

/// Reads a run file of raw `EventRecord`s in chunks.
final class RunReader {
  private let file: UnsafeMutablePointer<FILE>
  private var chunk: [EventRecord] = []
  private var index = 0
  private(set) var head: EventRecord?
  private static let chunkSize = 4096

  init(path: String) throws {
    guard let file = fopen(path, "rb") else {
      throw JourneyError(kind: .input, location: path, message: "cannot read a spilled run")
    }
    self.file = file
    try refill()
  }

  deinit { fclose(file) }

  func advance() throws {
    index += 1
    if index < chunk.count { head = chunk[index] } else { try refill() }
  }

  private func refill() throws {
    chunk = [EventRecord](unsafeUninitializedCapacity: Self.chunkSize) { buffer, initialized in
      let read = fread(buffer.baseAddress, MemoryLayout<EventRecord>.stride, Self.chunkSize, file)
      initialized = read
    }
    if chunk.isEmpty, ferror(file) != 0 {
      throw JourneyError(kind: .input, message: "error reading a spilled run")
    }
    index = 0
    head = chunk.first
  }
}

/// Hands a closure to `concurrentPerform` whose workers touch disjoint memory (checked by hand).
struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
