/// A map for the few keys of one unit (its distinct (stage, touchpoint) pairs, its distinct
/// touchpoints): keys and values in two arrays searched linearly, plus a dictionary index once it
/// holds more than ``linearLimit`` keys. Emptied per unit keeping its storage, so a typical unit
/// costs no hashing and no allocation; iterated in insertion order.
/// - Complexity: O(min(*n*, ``linearLimit``)) per update, O(1) expected past the limit.
struct SmallMap<Key: Hashable, Value> {
  static var linearLimit: Int { 16 }

  private(set) var keys: [Key] = []
  private(set) var values: [Value] = []
  /// Key → position, filled only past ``linearLimit`` keys.
  private var positions: [Key: Int] = [:]

  var isEmpty: Bool { keys.isEmpty }
  var count: Int { keys.count }

  /// The position of `key`, nil when absent.
  @inline(__always) func position(of key: Key) -> Int? {
    if keys.count > Self.linearLimit { return positions[key] }
    for index in keys.indices where keys[index] == key { return index }
    return nil
  }

  /// Sets `key`'s value to `value`.
  @inline(__always) mutating func set(_ key: Key, _ value: Value) {
    if let index = position(of: key) {
      values[index] = value
    } else {
      append(key, value)
    }
  }

  /// Applies `update` to `key`'s value, inserting `initial` first when the key is absent.
  @inline(__always) mutating func update(_ key: Key, initial: Value, _ update: (inout Value) -> Void) {
    if let index = position(of: key) {
      update(&values[index])
    } else {
      var value = initial
      update(&value)
      append(key, value)
    }
  }

  private mutating func append(_ key: Key, _ value: Value) {
    keys.append(key)
    values.append(value)
    if keys.count == Self.linearLimit + 1 {
      for index in keys.indices { positions[keys[index]] = index }
    } else if keys.count > Self.linearLimit + 1 {
      positions[key] = keys.count - 1
    }
  }

  /// Empties the map, keeping its storage.
  mutating func removeAll() {
    keys.removeAll(keepingCapacity: true)
    values.removeAll(keepingCapacity: true)
    if !positions.isEmpty { positions.removeAll(keepingCapacity: true) }
  }
}
