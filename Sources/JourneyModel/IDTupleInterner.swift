/// Interns tuples of `width` small ids (the attribute values of one event: breakdown values and the
/// touchpoint) by their content: a tuple seen before costs one hash of `width` words, one index slot
/// and one comparison of the tuple's ids, with no allocation.
///
/// Tuples are stored flat, `width` ids each, tuple t at `flat[t * width ..< (t + 1) * width]`;
/// tuple 0 is all zeros (no value in any field) and never looked up. The open-addressing index
/// holds 8 bytes per slot (32 bits of the hash and the id), at most half full.
/// - Complexity: O(width) per lookup, amortised.
package struct IDTupleInterner: Sendable {
  /// Ids per tuple.
  package let width: Int
  /// Every tuple's ids back to back; tuple 0 first, all zeros.
  package private(set) var flat: [UInt32]
  /// 0 is an empty slot, else `hash bits << 32 | id`.
  private var slots: [UInt64]
  private var mask: Int
  /// The id most recently interned or found: a user's consecutive events often share a tuple.
  private var lastID: UInt32 = 0

  package init(width: Int) {
    precondition(width >= 0)
    self.width = width
    flat = [UInt32](repeating: 0, count: width)
    slots = Array(repeating: 0, count: 64)
    mask = 63
  }

  /// Number of tuples, including the all-zero tuple 0.
  package var count: Int { width == 0 ? 1 : flat.count / width }

  /// Every tuple as an array, index 0 the all-zero one (for tests and diagnostics).
  package var tuples: [[UInt32]] {
    (0..<count).map { t in width == 0 ? [] : Array(flat[t * width..<(t + 1) * width]) }
  }

  @inline(__always) static func hash(_ ids: UnsafeBufferPointer<UInt32>) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(ids.count)
    for id in ids {
      h = (h ^ UInt64(id)) &* 0xFF51_AFD7_ED55_8CCD
      h ^= h >> 29
    }
    h = h &* 0xC4CE_B9FE_1A85_EC53
    return h ^ (h >> 32)
  }

  /// The id of `ids` (`width` of them, not all zero), adding the tuple when new.
  package mutating func intern(_ ids: UnsafeBufferPointer<UInt32>) -> UInt32 {
    precondition(ids.count == width && width > 0, "one id per attribute field")
    let width = width
    if lastID != 0 && equals(lastID, ids) { return lastID }
    let hash = Self.hash(ids)
    let tag = (hash >> 32) << 32
    let found: UInt32? = slots.withUnsafeBufferPointer { slots in
      flat.withUnsafeBufferPointer { flat in
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
          let slot = slots[index]
          if slot == 0 { return nil }
          if slot & 0xFFFF_FFFF_0000_0000 == tag {
            let id = UInt32(truncatingIfNeeded: slot)
            let start = Int(id) * width
            var i = 0
            while i < width && flat[start + i] == ids[i] { i += 1 }
            if i == width { return id }
          }
          index = (index + 1) & mask
        }
      }
    }
    if let found {
      lastID = found
      return found
    }
    let id = UInt32(count)
    flat.append(contentsOf: ids)
    if count * 2 > slots.count { grow() }
    insert(tag | UInt64(id), hash: hash)
    lastID = id
    return id
  }

  @inline(__always) private func equals(_ id: UInt32, _ ids: UnsafeBufferPointer<UInt32>) -> Bool {
    flat.withUnsafeBufferPointer { flat in
      let start = Int(id) * width
      for i in 0..<width where flat[start + i] != ids[i] { return false }
      return true
    }
  }

  @inline(__always) private mutating func insert(_ entry: UInt64, hash: UInt64) {
    let mask = mask
    slots.withUnsafeMutableBufferPointer { slots in
      var index = Int(truncatingIfNeeded: hash) & mask
      while slots[index] != 0 { index = (index + 1) & mask }
      slots[index] = entry
    }
  }

  private mutating func grow() {
    slots = [UInt64](repeating: 0, count: slots.count * 2)
    mask = slots.count - 1
    let width = width
    for id in 1..<count {
      let hash = flat.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[id * width..<(id + 1) * width])) }
      insert((hash >> 32) << 32 | UInt64(id), hash: hash)
    }
  }

  /// Hands over the tuples interned so far (flat, tuple 0 first) and starts again from id 1,
  /// keeping the capacity of the storage and the index (cleared), so a worker's per-block interner
  /// does not regrow for every block.
  package mutating func takeTuples() -> [UInt32] {
    var taken = [UInt32](repeating: 0, count: width)
    taken.reserveCapacity(flat.capacity)
    swap(&taken, &flat)
    slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    lastID = 0
    return taken
  }
}
