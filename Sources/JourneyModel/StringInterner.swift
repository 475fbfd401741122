/// Gives each distinct string a small number, starting at 1 (0 means "empty").
///
/// - Complexity: O(1) amortised per lookup.
public struct StringInterner: Sendable {
  public private(set) var strings: [String] = [""]
  private var ids: [String: UInt32] = ["": 0]

  public init() {}

  public mutating func intern(_ string: String) -> UInt32 {
    if let id = ids[string] { return id }
    let id = UInt32(strings.count)
    strings.append(string)
    ids[string] = id
    return id
  }

  public mutating func intern(bytes: some Collection<UInt8>) -> UInt32 {
    intern(String(decoding: bytes, as: UTF8.self))
  }

  public func lookup(_ string: String) -> UInt32? { ids[string] }

  public subscript(id: UInt32) -> String { strings[Int(id)] }

  /// Number of ids handed out, including 0.
  public var count: Int { strings.count }
}

/// Interns tuples of interned breakdown values: one `UInt32` per event for all breakdown fields.
public struct AttributeTable: Sendable {
  public private(set) var tuples: [[UInt32]] = [[]]
  private var ids: [[UInt32]: UInt32] = [[]: 0]
  public private(set) var values = StringInterner()

  public init() {}

  /// The id of the tuple of `values` (one per breakdown field; "" when empty); 0 when all are empty.
  public mutating func intern(_ fieldValues: [String]) -> UInt32 {
    if fieldValues.allSatisfy(\.isEmpty) { return 0 }
    let tuple = fieldValues.map { values.intern($0) }
    if let id = ids[tuple] { return id }
    let id = UInt32(tuples.count)
    tuples.append(tuple)
    ids[tuple] = id
    return id
  }

  /// The value of breakdown field `field` in tuple `id`, or nil when empty.
  public func value(_ id: UInt32, field: Int) -> String? {
    guard id != 0 else { return nil }
    let tuple = tuples[Int(id)]
    guard field < tuple.count, tuple[field] != 0 else { return nil }
    return values[tuple[field]]
  }
}

extension StringInterner {
  /// An interner holding `strings` with ids 0, 1, …; `strings[0]` must be "" and the strings distinct.
  /// Ids stay the indices of `strings` even when two of them compare equal as `String`s.
  public init(strings: [String]) {
    self.init()
    guard strings.count > 1 else { return }
    self.strings = strings
    for (id, string) in strings.enumerated() where ids[string] == nil { ids[string] = UInt32(id) }
  }
}

extension AttributeTable {
  /// A table with the given tuples (index 0 the empty tuple) over the given values (index 0 "").
  public init(tuples: [[UInt32]], values: [String]) {
    self.init()
    self.values = StringInterner(strings: values)
    for tuple in tuples.dropFirst() {
      let id = UInt32(self.tuples.count)
      self.tuples.append(tuple)
      ids[tuple] = id
    }
  }
}
