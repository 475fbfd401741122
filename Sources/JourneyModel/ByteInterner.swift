import CPrefetch

/// Gives each distinct byte string a small number, like ``StringInterner``, but looks values up by
/// their bytes: a value seen before costs one hash and, for values of up to 24 bytes, one slot of
/// the hash index (a single cache line), no `String`, no allocation.
///
/// Each slot of the open-addressing index holds the id, 16 bits of the hash, the length and the
/// first 24 bytes of the value, so most lookups never touch the arena of ``values``. Text is
/// decoded only when asked for. Id 0 is the empty value.
/// - Complexity: O(length) per lookup, amortised.
public struct ByteInterner: Sendable {
  /// The bytes of every id.
  public private(set) var values = InternedValues()
  private var slots: [Slot]
  private var mask: Int
  /// The value most recently interned or found: runs of one value (a user's consecutive events)
  /// skip the index.
  private var last = Key()
  private var lastID: UInt32 = 0

  /// An index entry: 32 bytes, two per cache line. `id == 0` is an empty slot.
  struct Slot {
    var id: UInt32 = 0
    var key = Key()
  }

  /// What a lookup compares in the index: the tag (16 hash bits, 16 length bits) and the first
  /// 24 bytes of the value, zero-padded.
  struct Key: Equatable {
    var tag: UInt32 = 0
    var w0: UInt64 = 0
    var w1: UInt64 = 0
    var w2: UInt64 = 0
  }

  public init() {
    slots = Array(repeating: Slot(), count: 64)
    mask = 63
  }

  /// Number of ids handed out, including 0.
  public var count: Int { values.count }

  /// The text of `id`, decoded on each call.
  public subscript(id: UInt32) -> String { values[id] }

  /// The text of every id, index 0 is "".
  public var strings: [String] { values.strings }

  /// Calls `body` with the bytes of `id` (empty for 0); the pointer must not escape.
  public func withBytes<R>(of id: UInt32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    try values.withBytes(of: id, body)
  }

  /// The 8 bytes of `base[at..<count]` from `at` on, zero-padded, little-endian.
  @inline(__always) static func word(_ base: UnsafeRawPointer, _ count: Int, _ at: Int) -> UInt64 {
    if at + 8 <= count { return base.loadUnaligned(fromByteOffset: at, as: UInt64.self) }
    if at >= count { return 0 }
    let remaining = count - at  // 1...7
    if count >= 8 {
      // The last 8 bytes of the value, shifted so the bytes before `at` fall out.
      return base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) >> UInt64(8 * (8 - remaining))
    }
    var word: UInt64 = 0
    var i = 0
    while i < remaining {
      word |= UInt64(base.load(fromByteOffset: at + i, as: UInt8.self)) << UInt64(8 * i)
      i += 1
    }
    return word
  }

  @inline(__always) static func mix(_ h: UInt64, _ word: UInt64) -> UInt64 {
    let m = (h ^ word) &* 0x0000_0100_0000_01B3
    return m ^ (m >> 29)
  }

  /// The hash of `bytes` (FNV-style over zero-padded 8-byte words, then a final mix) and its key.
  @inline(__always) static func key(_ bytes: UnsafeRawBufferPointer) -> (hash: UInt64, key: Key) {
    let n = bytes.count
    let base = bytes.baseAddress!
    let w0 = word(base, n, 0)
    let w1 = word(base, n, 8)
    let w2 = word(base, n, 16)
    var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(n)
    h = mix(h, w0)
    if n > 8 { h = mix(h, w1) }
    if n > 16 { h = mix(h, w2) }
    var at = 24
    while at < n {
      h = mix(h, word(base, n, at))
      at += 8
    }
    h = h &* 0x9E37_79B9_7F4A_7C15
    h ^= h >> 32
    let tag = UInt32(truncatingIfNeeded: h >> 48) << 16 | UInt32(min(n, 0xFFFF))
    return (h, Key(tag: tag, w0: w0, w1: w1, w2: w2))
  }

  /// The id of `bytes`, adding it when new; 0 for no bytes.
  public mutating func intern(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    if bytes.isEmpty { return 0 }
    let (hash, key) = Self.key(bytes)
    return intern(bytes, hash: hash, key: key)
  }

  /// The ids of all of `other`'s values, in its id order (values new here get ids in that order),
  /// as if each were passed to ``intern(_:)``; index 0 maps to 0.
  ///
  /// Faster for a big index than one call per value: all hashes are computed first, then each
  /// value's slot is prefetched ``prefetchDistance`` values ahead of its probe, so the cache misses
  /// of a table much larger than the caches overlap instead of coming one after another.
  public mutating func internAll(_ other: InternedValues) -> [UInt32] {
    let count = other.count
    var ids = [UInt32](repeating: 0, count: count)
    guard count > 1 else { return ids }
    var hashes = [UInt64](repeating: 0, count: count)
    var keys = [Key](repeating: Key(), count: count)
    other.arena.withUnsafeBytes { arena in
      other.offsets.withUnsafeBufferPointer { offsets in
        for id in 1..<count {
          let bytes = UnsafeRawBufferPointer(rebasing: arena[offsets[id]..<offsets[id + 1]])
          (hashes[id], keys[id]) = Self.key(bytes)
        }
      }
    }
    for id in 1..<min(count, 1 + Self.prefetchDistance) { prefetchSlot(hashes[id]) }
    for id in 1..<count {
      if id + Self.prefetchDistance < count { prefetchSlot(hashes[id + Self.prefetchDistance]) }
      ids[id] = other.withBytes(of: UInt32(id)) { intern($0, hash: hashes[id], key: keys[id]) }
    }
    return ids
  }

  /// How many values ahead ``internAll(_:)`` prefetches: enough to cover a memory access.
  static let prefetchDistance = 32

  @inline(__always) private func prefetchSlot(_ hash: UInt64) {
    slots.withUnsafeBufferPointer { slots in
      CPrefetch_read(slots.baseAddress! + (Int(truncatingIfNeeded: hash) & mask))
    }
  }

  @inline(__always) private mutating func intern(_ bytes: UnsafeRawBufferPointer, hash: UInt64, key: Key) -> UInt32 {
    switch find(bytes, hash: hash, key: key) {
    case .found(let id):
      return id
    case .free(let slot):
      let id = UInt32(values.count)
      values.append(bytes)
      slots[slot] = Slot(id: id, key: key)
      last = key
      lastID = id
      if values.count * 4 > slots.count * 3 { grow() }  // load factor ≤ 3/4
      return id
    }
  }

  enum Probe {
    case found(UInt32)
    case free(Int)
  }

  @inline(__always) private mutating func find(_ bytes: UnsafeRawBufferPointer, hash: UInt64, key: Key) -> Probe {
    if lastID != 0 && key == last && (bytes.count <= 24 || values.equals(Int(lastID), bytes, from: 24)) {
      return .found(lastID)
    }
    let probe = Self.probe(slots, mask: mask, values: values, bytes, hash: hash, key: key)
    if case .found(let id) = probe {
      last = key
      lastID = id
    }
    return probe
  }

  @inline(__always) private static func probe(
    _ slots: [Slot], mask: Int, values: InternedValues, _ bytes: UnsafeRawBufferPointer, hash: UInt64, key: Key
  ) -> Probe {
    slots.withUnsafeBufferPointer { slots in
      var index = Int(truncatingIfNeeded: hash) & mask
      while true {
        let slot = slots[index]
        if slot.id == 0 { return .free(index) }
        if slot.key == key && (bytes.count <= 24 || values.equals(Int(slot.id), bytes, from: 24)) {
          return .found(slot.id)
        }
        index = (index + 1) & mask
      }
    }
  }

  /// The id of `bytes` when already interned, like ``lookup(_:)``, but remembering the id found
  /// so a repeat of the same value costs one comparison.
  public mutating func lookupRemembering(_ bytes: UnsafeRawBufferPointer) -> UInt32? {
    if bytes.isEmpty { return 0 }
    let (hash, key) = Self.key(bytes)
    if case .found(let id) = find(bytes, hash: hash, key: key) { return id }
    return nil
  }

  /// The id of `bytes` when already interned.
  public func lookup(_ bytes: UnsafeRawBufferPointer) -> UInt32? {
    if bytes.isEmpty { return 0 }
    let (hash, key) = Self.key(bytes)
    if case .found(let id) = Self.probe(slots, mask: mask, values: values, bytes, hash: hash, key: key) { return id }
    return nil
  }

  /// Hands over the values interned so far and starts again from id 1, keeping the index's
  /// capacity (cleared), so a worker's per-block interner does not regrow for every block.
  public mutating func takeValues() -> InternedValues {
    var taken = InternedValues()
    swap(&taken, &values)
    values.arena.reserveCapacity(taken.arena.count)
    values.offsets.reserveCapacity(taken.offsets.count)
    slots.withUnsafeMutableBufferPointer { $0.update(repeating: Slot()) }
    last = Key()
    lastID = 0
    return taken
  }

  private mutating func grow() {
    let size = slots.count * 2
    var newSlots = [Slot](repeating: Slot(), count: size)
    let newMask = size - 1
    newSlots.withUnsafeMutableBufferPointer { newSlots in
      for id in 1..<values.count {
        values.withBytes(of: UInt32(id)) { bytes in
          let (hash, key) = Self.key(bytes)
          var index = Int(truncatingIfNeeded: hash) & newMask
          while newSlots[index].id != 0 { index = (index + 1) & newMask }
          newSlots[index] = Slot(id: UInt32(id), key: key)
        }
      }
    }
    slots = newSlots
    mask = newMask
  }
}

@inline(__always) func memoryEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
  var i = 0
  while i + 8 <= count {
    if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
      return false
    }
    i += 8
  }
  while i < count {
    if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
    i += 1
  }
  return true
}

/// Interns tuples of small ids (breakdown values of one event) by their content, without allocating
/// for tuples seen before. Id 0 is the all-empty tuple.
public struct IDTupleInterner: Sendable {
  public private(set) var tuples: [[UInt32]] = [[]]
  private var keys = ByteInterner()

  public init() {}

  /// The id of `ids` (as raw bytes), adding it when new.
  public mutating func intern(_ ids: UnsafeBufferPointer<UInt32>) -> UInt32 {
    let id = keys.intern(UnsafeRawBufferPointer(ids))
    if Int(id) == tuples.count { tuples.append(Array(ids)) }
    return id
  }
}
