/// The breakdown values of events: one `UInt32` per event names a tuple of value ids, one per
/// breakdown field (id 0, "", is no value; tuple 0 has no values).
///
/// Tuples are stored flat (``width`` ids each), so reading a value costs no array retain.
public struct AttributeTable: Sendable {
  /// Value ids per field of every tuple: tuple t is `flat[t * width ..< (t + 1) * width]`.
  private var flat: [UInt32] = []
  /// Values per tuple (the number of breakdown fields); 0 until the first tuple.
  public private(set) var width = 0
  /// The text of each value id, index 0 is "".
  package private(set) var valueStrings: [String] = [""]
  // For ``intern(_:)`` only (tables built value by value, as tests do).
  private var ids: [[UInt32]: UInt32] = [[]: 0]
  private var valueIDs: [String: UInt32] = ["": 0]

  public init() {}

  /// A table over `values` (index 0 "") whose tuple t is `flat[t * width ..< (t + 1) * width]`
  /// (tuple 0 all zeros). Built at the end of an ingest: no dictionaries.
  public init(flat: [UInt32], width: Int, values: [String]) {
    precondition(width > 0 || flat.isEmpty)
    self.flat = flat
    self.width = width
    valueStrings = values
    ids = [:]
    valueIDs = [:]
  }

  /// Number of tuples, including the empty tuple 0.
  package var count: Int { width == 0 ? 1 : flat.count / width }

  /// The id of the tuple of `values` (one per breakdown field; "" when empty); 0 when all are empty.
  /// Only for tables built with ``init()``.
  package mutating func intern(_ fieldValues: [String]) -> UInt32 {
    precondition(width == 0 || width == fieldValues.count, "one value per breakdown field")
    if fieldValues.allSatisfy(\.isEmpty) { return 0 }
    let tuple = fieldValues.map { value -> UInt32 in
      if let id = valueIDs[value] { return id }
      let id = UInt32(valueStrings.count)
      valueStrings.append(value)
      valueIDs[value] = id
      return id
    }
    if let id = ids[tuple] { return id }
    if width == 0 {
      width = tuple.count
      flat = [UInt32](repeating: 0, count: width)
    }
    let id = UInt32(count)
    flat.append(contentsOf: tuple)
    ids[tuple] = id
    return id
  }

  /// The value id of breakdown field `field` in tuple `tuple` (0: no value).
  @inlinable public func valueID(_ tuple: UInt32, field: Int) -> UInt32 {
    guard tuple != 0, field < width else { return 0 }
    return flatValue(Int(tuple) * width + field)
  }

  @usableFromInline func flatValue(_ index: Int) -> UInt32 { flat[index] }

  /// The text of value id `id`.
  package func valueName(_ id: UInt32) -> String { valueStrings[Int(id)] }
}
