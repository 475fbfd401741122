/// What a field of a record holds, as far as the parser could tell.
public enum FieldKind: UInt8, Sendable {
  /// The record has no such field (or column).
  case missing
  /// JSON `null`, or a value the input declares empty (`NA`, `-` in access logs).
  case null
  case string
  case number
  case bool
  /// A JSON object or array, kept as its source text.
  case composite
}

/// The values of the fields one configuration asks for, for one record: the parser's output.
///
/// Fields are addressed by slot (their index in the ``FieldSchema``). Values are stored decoded
/// (JSON escapes resolved) in one reusable byte buffer, so filling a record allocates nothing once
/// the buffer has grown.
public struct RecordFields: Sendable {
  public private(set) var storage: [UInt8] = []
  @usableFromInline var starts: [Int32]
  @usableFromInline var ends: [Int32]
  @usableFromInline var kinds: [FieldKind]

  public init(slotCount: Int) {
    starts = Array(repeating: 0, count: slotCount)
    ends = Array(repeating: 0, count: slotCount)
    kinds = Array(repeating: .missing, count: slotCount)
    storage.reserveCapacity(256)
  }

  public var slotCount: Int { kinds.count }

  /// Forgets every value, keeping capacity.
  public mutating func reset() {
    storage.removeAll(keepingCapacity: true)
    for i in kinds.indices { kinds[i] = .missing }
  }

  /// Stores a value for `slot`, replacing any earlier one.
  public mutating func set(_ slot: Int, kind: FieldKind, bytes: UnsafeRawBufferPointer) {
    let start = storage.count
    storage.append(contentsOf: bytes)
    starts[slot] = Int32(start)
    ends[slot] = Int32(storage.count)
    kinds[slot] = kind
  }

  public mutating func set(_ slot: Int, kind: FieldKind, bytes: some Sequence<UInt8>) {
    let start = storage.count
    storage.append(contentsOf: bytes)
    starts[slot] = Int32(start)
    ends[slot] = Int32(storage.count)
    kinds[slot] = kind
  }

  public mutating func set(_ slot: Int, string: String) {
    var s = string
    s.withUTF8 { set(slot, kind: .string, bytes: UnsafeRawBufferPointer($0)) }
  }

  /// Marks `slot` as present but empty-valued (`null`).
  public mutating func setNull(_ slot: Int) {
    starts[slot] = Int32(storage.count)
    ends[slot] = Int32(storage.count)
    kinds[slot] = .null
  }

  /// Appends bytes to the value of `slot`, which must be the last one set (for values decoded piecewise).
  public mutating func append(_ slot: Int, bytes: some Sequence<UInt8>) {
    precondition(ends[slot] == Int32(storage.count), "append only to the last value set")
    storage.append(contentsOf: bytes)
    ends[slot] = Int32(storage.count)
  }

  @inlinable public func kind(_ slot: Int) -> FieldKind { kinds[slot] }

  /// True when the field holds a non-null value with at least one byte.
  @inlinable public func hasValue(_ slot: Int) -> Bool {
    let k = kinds[slot]
    return k != .missing && k != .null && ends[slot] > starts[slot]
  }

  /// The raw bytes of a value (decoded for JSON strings), or nil when missing or null.
  public func bytes(_ slot: Int) -> ArraySlice<UInt8>? {
    let k = kinds[slot]
    guard k != .missing, k != .null else { return nil }
    return storage[Int(starts[slot])..<Int(ends[slot])]
  }

  /// The value as text, or nil when missing or null. Invalid UTF-8 is repaired.
  public func string(_ slot: Int) -> String? {
    bytes(slot).map { String(decoding: $0, as: UTF8.self) }
  }

  /// Calls `body` with the bytes of a value; nil when missing or null. The pointer must not escape.
  @inlinable
  public func withBytes<R>(_ slot: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R? {
    let k = kinds[slot]
    guard k != .missing, k != .null else { return nil }
    return try storage.withUnsafeBytes { all in
      try body(UnsafeRawBufferPointer(rebasing: all[Int(starts[slot])..<Int(ends[slot])]))
    }
  }
}
