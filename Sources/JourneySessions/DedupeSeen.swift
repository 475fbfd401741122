public import JourneyModel

/// The `dedupe` values one user has shown so far: whether an event repeats one of them.
///
/// Keyed by the event's 32-bit ``EventRecord/dedupe`` hash. With a ``DedupeLog`` (a run's ingest),
/// equal hashes are confirmed by comparing the two values' bytes, found by the events' input order:
/// exact, and per event only a probe of this small table. Without one (events made with ids that
/// are exact already, as tests do), equal ids are equal values.
///
/// An open-addressing table of (hash, input order) pairs; it is cleared per user, and shrinks
/// back when a large user made it big, so that clearing costs little for each of many small users.
package struct DedupeSeen: Sendable {
  private var hashes: [UInt32]
  private var orders: [UInt64]
  private var mask: Int
  private var count = 0

  package init() {
    hashes = Array(repeating: 0, count: Self.initialSlots)
    orders = Array(repeating: 0, count: Self.initialSlots)
    mask = Self.initialSlots - 1
  }

  static let initialSlots = 64

  /// Forgets every value (the next user's first event).
  package mutating func removeAll() {
    guard count != 0 else { return }
    count = 0
    if hashes.count > 4 * Self.initialSlots {
      self = DedupeSeen()
    } else {
      hashes.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
  }

  /// Whether `event` carries a value seen before for this user; remembers it when not. An event
  /// without a value (`dedupe` 0) repeats nothing.
  @inline(__always) package mutating func isRepeat(_ event: EventRecord, log: DedupeLog?) -> Bool {
    let hash = event.dedupe
    guard hash != 0 else { return false }
    var index = Int(hash) & mask
    while true {
      let slot = hashes[index]
      if slot == 0 { break }
      if slot == hash && (log.map { $0.sameValue(orders[index], event.order) } ?? true) { return true }
      index = (index + 1) & mask
    }
    hashes[index] = hash
    orders[index] = event.order
    count += 1
    if count * 4 > hashes.count * 3 { grow() }
    return false
  }

  private mutating func grow() {
    let size = hashes.count * 2
    var newHashes = [UInt32](repeating: 0, count: size)
    var newOrders = [UInt64](repeating: 0, count: size)
    let newMask = size - 1
    for i in hashes.indices where hashes[i] != 0 {
      var index = Int(hashes[i]) & newMask
      while newHashes[index] != 0 { index = (index + 1) & newMask }
      newHashes[index] = hashes[i]
      newOrders[index] = orders[i]
    }
    hashes = newHashes
    orders = newOrders
    mask = newMask
  }
}
