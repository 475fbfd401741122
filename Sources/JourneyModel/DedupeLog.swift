/// The bytes of every `dedupe` value the ingest read, each under the input order of its event, so
/// that the engine can tell exactly whether two of a user's events carry the same value.
///
/// An event keeps only a 32-bit hash of its value (``EventRecord/dedupe``, ``hash(_:)``): the
/// engine compares hashes per user, and only when two are equal looks both values up here by their
/// events' input order and compares the bytes. Equal values have equal hashes, so nothing is
/// missed; a collision of different values costs a comparison, never a dropped event.
///
/// Unlike an interner this keeps every occurrence (its bytes, and 4 bytes of order and 4 of offset:
/// ``Chunk``) and finds nothing by content: appending costs a hash and a copy. The entries are held
/// in chunks: a parallel ingest's block log is handed over as chunks of its own (their orders
/// relative to a base), so the commit copies no bytes, and no array of all the run's values is
/// ever regrown (a doubling copy of one log of 5M message ids held the old 128 MB and the new at
/// once).
public struct DedupeLog: Sendable {
  /// The entries, in the order appended: the chunks handed over or filled (none empty), then the
  /// one being filled (``open``).
  private var chunks: [Chunk] = []
  private var open = Chunk()
  /// Number of entries.
  package private(set) var count = 0
  /// Whether the entries' orders ascend; a log appended out of input order is sorted by ``sorted()``.
  package private(set) var isSorted = true
  /// The capacity a new chunk starts with: that of the last chunk handed over by ``take()``, so a
  /// worker's block log does not regrow for every block.
  private var reserve = (entries: 0, bytes: 0)

  /// Where an entry is: a chunk and the entry's index in it.
  package struct Entry: Equatable, Sendable {
    let chunk: Int
    let index: Int
  }

  /// The open chunk grows to this many entries, then the next one starts.
  let chunkEntries: Int

  package init() { self.init(chunkEntries: 1 << 20) }

  /// A log whose chunks (as one thread fills it) hold at most `chunkEntries` entries.
  package init(chunkEntries: Int) {
    precondition(chunkEntries > 0)
    self.chunkEntries = chunkEntries
  }

  /// Every chunk with entries, the open one last.
  private var allChunks: [Chunk] { open.orders.isEmpty ? chunks : chunks + [open] }

  /// Every entry's order, in the order appended (for tests and diagnostics).
  package var orders: [UInt64] { allChunks.flatMap { chunk in (0..<chunk.count).map { chunk.order($0) } } }

  /// Number of chunks with entries (for tests).
  package var chunkCount: Int { allChunks.count }

  /// The 32-bit hash an event keeps for its value: never 0 (0 is no value).
  @inline(__always) package static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    let h = ByteInterner.hash(bytes)
    let folded = UInt32(truncatingIfNeeded: h ^ (h >> 32))
    return folded == 0 ? 1 : folded
  }

  /// Logs `bytes` (not empty) as the value of the event of input order `order`; returns its hash.
  @inline(__always) package mutating func append(_ bytes: UnsafeRawBufferPointer, order: UInt64) -> UInt32 {
    if open.count >= chunkEntries || !open.fits(order: order, length: bytes.count) { seal() }
    if count > 0, lastOrder >= order { isSorted = false }
    open.append(bytes, order: order)
    count += 1
    return Self.hash(bytes)
  }

  /// The order of the last entry (the log is not empty).
  private var lastOrder: UInt64 { open.isEmpty ? chunks[chunks.count - 1].last : open.last }

  /// Moves the open chunk (if it has entries) to ``chunks`` and opens another with the reserved
  /// capacity.
  private mutating func seal() {
    guard !open.isEmpty else { return }
    var next = Chunk()
    next.reserve(entries: reserve.entries, bytes: reserve.bytes)
    swap(&next, &open)
    chunks.append(next)
  }

  /// Appends the entries of `other` (a block's log, handed over in input order) as they are, adding
  /// `orderBase` to their orders (a block numbers its events from 0): no bytes are copied.
  package mutating func append(contentsOf other: DedupeLog, orderBase: UInt64 = 0) {
    seal()
    for var chunk in other.allChunks {
      chunk.base = chunk.base &+ orderBase
      if count > 0, lastOrder >= chunk.first { isSorted = false }
      chunks.append(chunk)
      count += chunk.count
    }
    if !other.isSorted { isSorted = false }
  }

  /// Hands over the entries logged so far and starts again (a worker's block); the next chunk
  /// starts with the capacity of the last one handed over.
  package mutating func take() -> DedupeLog {
    reserve = (open.count, open.arena.count)
    var taken = DedupeLog(chunkEntries: chunkEntries)
    seal()
    swap(&taken.chunks, &chunks)
    taken.count = count
    taken.isSorted = isSorted
    count = 0
    isSorted = true
    return taken
  }

  /// This log with its entries in input order (itself when they are): the engine's lookups need it.
  package func sorted() -> DedupeLog {
    if isSorted {
      var log = self
      log.seal()
      return log
    }
    var entries: [(order: UInt64, chunk: Int, index: Int)] = []
    entries.reserveCapacity(count)
    let chunks = allChunks
    for (c, chunk) in chunks.enumerated() {
      for i in 0..<chunk.count { entries.append((chunk.order(i), c, i)) }
    }
    entries.sort { $0.order < $1.order }
    var log = DedupeLog(chunkEntries: chunkEntries)
    for entry in entries {
      chunks[entry.chunk].withBytes(entry.index) { _ = log.append($0, order: entry.order) }
    }
    log.seal()
    return log
  }

  /// The entry of the event of input order `order`, nil when none was logged.
  /// - Complexity: O(log *n*) (a sorted log; one made by ``sorted()`` has no open chunk to add).
  package func entry(of order: UInt64) -> Entry? {
    precondition(isSorted, "DedupeLog: look up entries in a sorted() log")
    let chunks = allChunks
    // The first chunk whose last order is at least `order`: the only one that can hold it.
    var low = 0
    var high = chunks.count
    while low < high {
      let middle = (low + high) / 2
      if chunks[middle].last < order { low = middle + 1 } else { high = middle }
    }
    guard low < chunks.count, let index = chunks[low].index(of: order) else { return nil }
    return Entry(chunk: low, index: index)
  }

  /// Calls `body` with the bytes logged for the event of input order `order` (empty when none).
  package func withValue<R>(of order: UInt64, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    guard let entry = entry(of: order) else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
    return try allChunks[entry.chunk].withBytes(entry.index, body)
  }

  /// Whether the events of input orders `a` and `b` carry the same value; false when either
  /// has none logged.
  package func sameValue(_ a: UInt64, _ b: UInt64) -> Bool {
    guard let first = entry(of: a), let second = entry(of: b) else { return false }
    let chunks = allChunks
    return chunks[second.chunk].withBytes(second.index) { bytes in
      !bytes.isEmpty && chunks[first.chunk].equals(first.index, bytes)
    }
  }
}
