import CPrefetch

/// Gives each distinct byte string a small number, looked up by its bytes: a value seen before
/// costs one hash, one index slot and one comparison with its bytes, no `String`, no allocation.
///
/// The open-addressing index holds 8 bytes per slot (32 bits of the hash and the id), so a
/// distinct value costs its bytes, an 8-byte offset and 11–21 bytes of index; a lookup of a new
/// value almost never touches the arena (the hash bits differ). Text is decoded only when asked
/// for. Id 0 is the empty value.
/// - Complexity: O(length) per lookup, amortised.
public struct ByteInterner: Sendable {
  /// The bytes of every id.
  public private(set) var values = InternedValues()
  /// 0 is an empty slot, else `hash bits << 32 | id`.
  private var slots: [UInt64]
  private var mask: Int
  /// The id most recently interned or found: runs of one value (a user's consecutive events) skip
  /// the index.
  private var lastID: UInt32 = 0

  package init() {
    slots = Array(repeating: 0, count: 64)
    mask = 63
  }

  /// Number of ids handed out, including 0.
  package var count: Int { values.count }

  /// The text of `id`, decoded on each call.
  package subscript(id: UInt32) -> String { values[id] }

  /// The text of every id, index 0 is "".
  public var strings: [String] { values.strings }

  /// Calls `body` with the bytes of `id` (empty for 0); the pointer must not escape.
  public func withBytes<R>(of id: UInt32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    try values.withBytes(of: id, body)
  }

  /// FNV-style over 8-byte words (the last one zero-padded), then a final mix.
  @inline(__always) static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    let n = bytes.count
    var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(n)
    guard let base = bytes.baseAddress else { return h }
    var at = 0
    while at + 8 <= n {
      h = mix(h, base.loadUnaligned(fromByteOffset: at, as: UInt64.self))
      at += 8
    }
    if at < n {
      var tail: UInt64 = 0
      if n >= 8 {
        // The last 8 bytes, shifted so the bytes already hashed fall out.
        tail = base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) >> UInt64(8 * (8 - (n - at)))
      } else {
        for i in 0..<n { tail |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << UInt64(8 * i) }
      }
      h = mix(h, tail)
    }
    h = h &* 0x9E37_79B9_7F4A_7C15
    return h ^ (h >> 32)
  }

  @inline(__always) static func mix(_ h: UInt64, _ word: UInt64) -> UInt64 {
    let m = (h ^ word) &* 0x0000_0100_0000_01B3
    return m ^ (m >> 29)
  }

  /// The id of `bytes`, adding it when new; 0 for no bytes.
  package mutating func intern(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    if bytes.isEmpty { return 0 }
    if lastID != 0 && values.equals(Int(lastID), bytes) { return lastID }
    return intern(bytes, hash: Self.hash(bytes))
  }

  @inline(__always) private mutating func intern(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> UInt32 {
    switch Self.probe(slots, mask: mask, values: values, bytes, hash: hash) {
    case .found(let id):
      lastID = id
      return id
    case .free(let index):
      let id = UInt32(values.count)
      values.append(bytes)
      slots[index] = (hash >> 32) << 32 | UInt64(id)
      lastID = id
      if values.count * 4 > slots.count * 3 { grow() }  // load factor ≤ 3/4
      return id
    }
  }

  enum Probe {
    case found(UInt32)
    case free(Int)
  }

  @inline(__always) private static func probe(
    _ slots: [UInt64], mask: Int, values: InternedValues, _ bytes: UnsafeRawBufferPointer, hash: UInt64
  ) -> Probe {
    let tag = hash >> 32
    return slots.withUnsafeBufferPointer { slots in
      var index = Int(truncatingIfNeeded: hash) & mask
      while true {
        let slot = slots[index]
        if slot == 0 { return .free(index) }
        let id = UInt32(truncatingIfNeeded: slot)
        if slot >> 32 == tag && values.equals(Int(id), bytes) { return .found(id) }
        index = (index + 1) & mask
      }
    }
  }

  /// The ids of all of `other`'s values, in its id order (values new here get ids in that order),
  /// as if each were passed to ``intern(_:)``; index 0 maps to 0.
  ///
  /// Faster for a big index than one call per value: all hashes are computed first, then the
  /// memory a probe reads is prefetched in three stages ahead of it (``prefetchDistance`` values
  /// apart): the home slot, then the offset of the id found there, then that id's bytes. The cache
  /// misses of tables much larger than the caches then overlap instead of coming one after another.
  package mutating func internAll(_ other: InternedValues) -> [UInt32] {
    let count = other.count
    var ids = [UInt32](repeating: 0, count: count)
    guard count > 1 else { return ids }
    var hashes = [UInt64](repeating: 0, count: count)
    for id in 1..<count { hashes[id] = other.withBytes(of: UInt32(id)) { Self.hash($0) } }
    let d = Self.prefetchDistance
    // Stage 1 for the first 3d values, stage 2 for the first 2d, stage 3 for the first d.
    for id in 1..<min(count, 1 + 3 * d) { prefetchSlot(hashes[id]) }
    for id in 1..<min(count, 1 + 2 * d) { prefetchOffset(hashes[id]) }
    for id in 1..<min(count, 1 + d) { prefetchBytes(hashes[id]) }
    for id in 1..<count {
      if id + 3 * d < count { prefetchSlot(hashes[id + 3 * d]) }
      if id + 2 * d < count { prefetchOffset(hashes[id + 2 * d]) }
      if id + d < count { prefetchBytes(hashes[id + d]) }
      ids[id] = other.withBytes(of: UInt32(id)) { $0.isEmpty ? 0 : intern($0, hash: hashes[id]) }
    }
    return ids
  }

  /// How many values apart the prefetch stages of ``internAll(_:)`` run.
  static let prefetchDistance = 12

  /// The id in the home slot of `hash` (0 when empty or another value's).
  @inline(__always) private func homeID(_ hash: UInt64) -> Int {
    slots.withUnsafeBufferPointer { slots in
      let slot = slots[Int(truncatingIfNeeded: hash) & mask]
      return slot >> 32 == hash >> 32 ? Int(UInt32(truncatingIfNeeded: slot)) : 0
    }
  }

  @inline(__always) private func prefetchSlot(_ hash: UInt64) {
    slots.withUnsafeBufferPointer { CPrefetch_read($0.baseAddress! + (Int(truncatingIfNeeded: hash) & mask)) }
  }

  @inline(__always) private func prefetchOffset(_ hash: UInt64) {
    let id = homeID(hash)
    guard id != 0 else { return }
    values.offsets.withUnsafeBufferPointer { CPrefetch_read($0.baseAddress! + id) }
  }

  @inline(__always) private func prefetchBytes(_ hash: UInt64) {
    let id = homeID(hash)
    guard id != 0 else { return }
    let start = values.offsets[id]
    values.arena.withUnsafeBufferPointer { CPrefetch_read($0.baseAddress! + start) }
  }

  /// The id of `bytes` when already interned, like ``lookup(_:)``, but remembering the id found
  /// so a repeat of the same value costs one comparison.
  package mutating func lookupRemembering(_ bytes: UnsafeRawBufferPointer) -> UInt32? {
    if bytes.isEmpty { return 0 }
    if lastID != 0 && values.equals(Int(lastID), bytes) { return lastID }
    guard let id = lookup(bytes) else { return nil }
    lastID = id
    return id
  }

  /// The id of `bytes` when already interned.
  package func lookup(_ bytes: UnsafeRawBufferPointer) -> UInt32? {
    if bytes.isEmpty { return 0 }
    if case .found(let id) = Self.probe(slots, mask: mask, values: values, bytes, hash: Self.hash(bytes)) { return id }
    return nil
  }

  /// Hands over the values interned so far and starts again from id 1, keeping the index's
  /// capacity (cleared), so a worker's per-block interner does not regrow for every block.
  package mutating func takeValues() -> InternedValues {
    var taken = InternedValues()
    swap(&taken, &values)
    values.arena.reserveCapacity(taken.arena.count)
    values.offsets.reserveCapacity(taken.offsets.count)
    slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    lastID = 0
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
