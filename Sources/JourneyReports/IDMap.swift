import CPrefetch

/// A hash map keyed by integer ids (touchpoint ids, `stage << 32 | touchpoint` pairs), for the
/// counts a journey map adds up once per unit and per breakdown value.
///
/// `Dictionary` hashes every key with SipHash (about as long as the rest of a count's update, and
/// a unit updates a dozen of them per map); ids are small dense integers, so one multiply
/// (Fibonacci hashing) spreads them as well. Keys and values are kept in two arrays in insertion
/// order, with an open-addressing index of positions (load ≤ 1/2): iteration and merging walk
/// the arrays. Insertion order depends on the units' order, so what reads a map in order sorts
/// it first (as with a dictionary); equality ignores the order.
/// - Complexity: O(1) expected per lookup and update.
struct IDMap<Key: FixedWidthInteger & UnsignedInteger, Value> {
  private(set) var keys: [Key] = []
  private(set) var values: [Value] = []
  /// 0: empty, else the key's position in ``keys`` + 1. Empty until the first key.
  private var slots: [UInt32] = []
  /// 64 − log2(slots.count): the top bits of the product pick the slot.
  private var shift: UInt64 = 64

  init() {}

  var count: Int { keys.count }
  var isEmpty: Bool { keys.isEmpty }

  @inline(__always) private func home(_ key: Key) -> Int {
    Int(truncatingIfNeeded: (UInt64(truncatingIfNeeded: key) &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  /// The position of `key` in ``keys``, or nil.
  @inline(__always) func position(of key: Key) -> Int? {
    guard !slots.isEmpty else { return nil }
    return slots.withUnsafeBufferPointer { slots in
      let mask = slots.count - 1
      var index = home(key)
      while true {
        let slot = slots[index]
        if slot == 0 { return nil }
        if keys[Int(slot) - 1] == key { return Int(slot) - 1 }
        index = (index + 1) & mask
      }
    }
  }

  /// Asks the processor for `key`'s home slot of the index, ahead of a lookup of it.
  @inline(__always) func prefetch(_ key: Key) {
    guard !slots.isEmpty else { return }
    slots.withUnsafeBufferPointer { CPrefetch_read($0.baseAddress.unsafelyUnwrapped + home(key)) }
  }

  /// The position of `key`, appending it with `initial` when absent: one probe either way.
  @inline(__always) mutating func position(of key: Key, inserting initial: @autoclosure () -> Value) -> Int {
    if keys.count * 2 >= slots.count { grow() }
    let mask = slots.count - 1
    var index = home(key)
    while true {
      let slot = slots[index]
      if slot == 0 { break }
      if keys[Int(slot) - 1] == key { return Int(slot) - 1 }
      index = (index + 1) & mask
    }
    keys.append(key)
    values.append(initial())
    slots[index] = UInt32(keys.count)
    return keys.count - 1
  }

  private mutating func grow() {
    let size = Swift.max(16, slots.count * 2)
    shift = UInt64(64 - size.trailingZeroBitCount)
    slots = Array(repeating: 0, count: size)
    let mask = size - 1
    for position in keys.indices {
      var index = home(keys[position])
      while slots[index] != 0 { index = (index + 1) & mask }
      slots[index] = UInt32(position + 1)
    }
  }

  subscript(key: Key) -> Value? {
    position(of: key).map { values[$0] }
  }

  /// `key`'s value, `initial` (inserted on a write) when absent: as `Dictionary`'s.
  subscript(key: Key, default initial: @autoclosure () -> Value) -> Value {
    get { position(of: key).map { values[$0] } ?? initial() }
    _modify {
      let position = position(of: key, inserting: initial())
      yield &values[position]
    }
  }

  /// The value at `position` of ``keys`` (from ``position(of:)``), updated in place.
  subscript(valueAt position: Int) -> Value {
    get { values[position] }
    _modify { yield &values[position] }
  }

  /// Adds `other`'s entries: a key of both gets `combine(&mine, theirs)`, a key only in `other`
  /// its value.
  mutating func merge(_ other: IDMap, _ combine: (inout Value, Value) -> Void) {
    for index in other.keys.indices {
      let before = count
      let position = position(of: other.keys[index], inserting: other.values[index])
      if count == before { combine(&values[position], other.values[index]) }
    }
  }
}

extension IDMap: Sequence {
  func makeIterator() -> Zip2Sequence<[Key], [Value]>.Iterator { zip(keys, values).makeIterator() }
}

extension IDMap: Equatable where Value: Equatable {
  /// The same keys with the same values, in any order.
  static func == (a: IDMap, b: IDMap) -> Bool {
    guard a.count == b.count else { return false }
    for index in a.keys.indices where b[a.keys[index]] != a.values[index] { return false }
    return true
  }
}

extension IDMap where Value == Int {
  /// Adds `other`'s counts.
  mutating func merge(_ other: IDMap) {
    merge(other) { $0 += $1 }
  }
}
