/// The bytes of every `dedupe` value the ingest read, each under the input order of its event, so
/// that the engine can tell exactly whether two of a user's events carry the same value.
///
/// An event keeps only a 32-bit hash of its value (``EventRecord/dedupe``, ``hash(_:)``): the
/// engine compares hashes per user, and only when two are equal looks both values up here by their
/// events' input order and compares the bytes. Equal values have equal hashes, so nothing is
/// missed; a collision of different values costs a comparison, never a dropped event.
///
/// Unlike an interner this keeps every occurrence (its bytes, 8 bytes of order and 8 of offset) and
/// finds nothing by content: appending costs a hash and a copy, and a parallel ingest hands its
/// blocks' logs over by concatenation, with no table of every distinct value to probe. Message ids
/// are nearly all distinct, so an interner held about as many values anyway.
public struct DedupeLog: Sendable {
  /// The input order of each entry's event (``EventRecord/order``).
  package private(set) var orders: [UInt64] = []
  /// Entry i's bytes are value i + 1.
  private var values = InternedValues()
  /// Whether ``orders`` ascends; a log appended out of input order is sorted by ``sorted()``.
  package private(set) var isSorted = true

  package init() {}

  /// Number of entries.
  package var count: Int { orders.count }

  /// The 32-bit hash an event keeps for its value: never 0 (0 is no value).
  @inline(__always) package static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    let h = ByteInterner.hash(bytes)
    let folded = UInt32(truncatingIfNeeded: h ^ (h >> 32))
    return folded == 0 ? 1 : folded
  }

  /// Logs `bytes` (not empty) as the value of the event of input order `order`; returns its hash.
  @inline(__always) package mutating func append(_ bytes: UnsafeRawBufferPointer, order: UInt64) -> UInt32 {
    if let last = orders.last, last >= order { isSorted = false }
    orders.append(order)
    values.append(bytes)
    return Self.hash(bytes)
  }

  /// Appends the entries of `other` (a block's log, handed over in input order), adding
  /// `orderBase` to their orders (a block numbers its events from 0).
  package mutating func append(contentsOf other: DedupeLog, orderBase: UInt64 = 0) {
    guard !other.orders.isEmpty else { return }
    if !other.isSorted { isSorted = false }
    if let last = orders.last, last >= orderBase &+ other.orders[0] { isSorted = false }
    // No reserveCapacity here: it would allocate exactly, block after block, instead of doubling.
    if orderBase == 0 {
      orders.append(contentsOf: other.orders)
    } else {
      orders.append(contentsOf: other.orders.lazy.map { orderBase &+ $0 })
    }
    let base = values.arena.count
    values.arena.append(contentsOf: other.values.arena)
    values.offsets.append(contentsOf: other.values.offsets.dropFirst(2).lazy.map { base + $0 })
  }

  /// Hands over the entries logged so far and starts again (a worker's block), keeping capacity.
  package mutating func take() -> DedupeLog {
    var taken = DedupeLog()
    swap(&taken, &self)
    orders.reserveCapacity(taken.orders.count)
    values.arena.reserveCapacity(taken.values.arena.count)
    values.offsets.reserveCapacity(taken.values.offsets.count)
    return taken
  }

  /// This log with its entries in input order (itself when they are): the engine's lookups need it.
  package func sorted() -> DedupeLog {
    if isSorted { return self }
    let permutation = orders.indices.sorted { orders[$0] < orders[$1] }
    var log = DedupeLog()
    log.orders.reserveCapacity(orders.count)
    for index in permutation {
      let order = orders[index]
      values.withBytes(of: UInt32(index + 1)) { bytes in
        log.orders.append(order)
        log.values.append(bytes)
      }
    }
    log.isSorted = true
    return log
  }

  /// The entry of the event of input order `order`, nil when none was logged.
  /// - Complexity: O(log *n*) (a sorted log).
  package func entry(of order: UInt64) -> Int? {
    precondition(isSorted, "DedupeLog: look up entries in a sorted() log")
    var low = 0
    var high = orders.count
    orders.withUnsafeBufferPointer { orders in
      while low < high {
        let middle = (low + high) / 2
        if orders[middle] < order { low = middle + 1 } else { high = middle }
      }
    }
    return low < orders.count && orders[low] == order ? low : nil
  }

  /// Calls `body` with the bytes logged for the event of input order `order` (empty when none).
  package func withValue<R>(of order: UInt64, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    guard let entry = entry(of: order) else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
    return try values.withBytes(of: UInt32(entry + 1), body)
  }

  /// Whether the events of input orders `a` and `b` carry the same value; false when either
  /// has none logged.
  package func sameValue(_ a: UInt64, _ b: UInt64) -> Bool {
    guard let first = entry(of: a), let second = entry(of: b) else { return false }
    return values.withBytes(of: UInt32(second + 1)) { bytes in
      !bytes.isEmpty && values.equals(first + 1, bytes)
    }
  }
}
