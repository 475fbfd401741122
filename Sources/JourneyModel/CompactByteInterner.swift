import CPrefetch

/// Gives each distinct byte string a small number like ``ByteInterner``, with an index of 8 bytes
/// per slot (32 hash bits and the id) instead of 32: for values that are mostly seen once, such
/// as the message ids of `dedupe`, where memory per value matters more than the speed of a repeat.
///
/// A value costs its bytes, an 8-byte offset and 8–16 bytes of index. A repeat compares the
/// bytes in the arena (a lookup of a new value almost never does: the hash bits differ).
/// - Complexity: O(length) per lookup, amortised.
public struct CompactByteInterner: Sendable {
  /// The bytes of every id.
  public private(set) var values = InternedValues()
  /// Open addressing; 0 is an empty slot, else `hash bits << 32 | id`.
  private var slots: [UInt64]
  private var mask: Int

  public init() {
    slots = Array(repeating: 0, count: 64)
    mask = 63
  }

  /// Number of ids handed out, including 0.
  public var count: Int { values.count }

  /// The text of `id`, decoded on each call.
  public subscript(id: UInt32) -> String { values[id] }

  @inline(__always) static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    ByteInterner.key(bytes).hash
  }

  /// The id of `bytes`, adding it when new; 0 for no bytes.
  public mutating func intern(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    if bytes.isEmpty { return 0 }
    return intern(bytes, hash: Self.hash(bytes))
  }

  @inline(__always) private mutating func intern(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> UInt32 {
    let tag = hash >> 32
    var index = Int(truncatingIfNeeded: hash) & mask
    let found: UInt32? = slots.withUnsafeBufferPointer { slots in
      while true {
        let slot = slots[index]
        if slot == 0 { return nil }
        let id = UInt32(truncatingIfNeeded: slot)
        if slot >> 32 == tag && values.equals(Int(id), bytes, from: 0) { return id }
        index = (index + 1) & mask
      }
    }
    if let found { return found }
    let id = UInt32(values.count)
    values.append(bytes)
    slots[index] = tag << 32 | UInt64(id)
    if values.count * 4 > slots.count * 3 { grow() }  // load factor ≤ 3/4
    return id
  }

  /// The ids of all of `other`'s values, in its id order, as if each were passed to
  /// ``intern(_:)`` (see ``ByteInterner/internAll(_:)`` for the prefetching).
  public mutating func internAll(_ other: InternedValues) -> [UInt32] {
    let count = other.count
    var ids = [UInt32](repeating: 0, count: count)
    guard count > 1 else { return ids }
    var hashes = [UInt64](repeating: 0, count: count)
    for id in 1..<count { hashes[id] = other.withBytes(of: UInt32(id)) { Self.hash($0) } }
    let distance = ByteInterner.prefetchDistance
    for id in 1..<min(count, 1 + distance) { prefetchSlot(hashes[id]) }
    for id in 1..<count {
      if id + distance < count { prefetchSlot(hashes[id + distance]) }
      ids[id] = other.withBytes(of: UInt32(id)) { $0.isEmpty ? 0 : intern($0, hash: hashes[id]) }
    }
    return ids
  }

  @inline(__always) private func prefetchSlot(_ hash: UInt64) {
    slots.withUnsafeBufferPointer { CPrefetch_read($0.baseAddress! + (Int(truncatingIfNeeded: hash) & mask)) }
  }

  /// Hands over the values interned so far and starts again from id 1, keeping the index's
  /// capacity (cleared).
  public mutating func takeValues() -> InternedValues {
    var taken = InternedValues()
    swap(&taken, &values)
    values.arena.reserveCapacity(taken.arena.count)
    values.offsets.reserveCapacity(taken.offsets.count)
    slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    return taken
  }

  private mutating func grow() {
    let size = slots.count * 2
    var newSlots = [UInt64](repeating: 0, count: size)
    let newMask = size - 1
    newSlots.withUnsafeMutableBufferPointer { newSlots in
      for id in 1..<values.count {
        let hash = values.withBytes(of: UInt32(id)) { Self.hash($0) }
        var index = Int(truncatingIfNeeded: hash) & newMask
        while newSlots[index] != 0 { index = (index + 1) & newMask }
        newSlots[index] = (hash >> 32) << 32 | UInt64(id)
      }
    }
    slots = newSlots
    mask = newMask
  }
}
