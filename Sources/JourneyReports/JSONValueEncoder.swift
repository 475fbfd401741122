/// Encodes any `Encodable` straight into a ``JSONValue``: the value `JSONEncoder` and then
/// `JSONDecoder` into ``JSONValue`` give, without the text in between.
///
/// As after that round trip, every number is a `Double` (an `Int` rounds as the decoder would read
/// its digits; a `Float` is read from its shortest text), `encode(nil)` is `.null` and
/// `encodeIfPresent(nil)` leaves the key out. Non-finite numbers are an error, as in `JSONEncoder`.
/// Types `JSONEncoder` special-cases (`Date`, `Data`, `URL`, `Decimal`) are encoded by their own
/// `encode(to:)` here; the config has none.
package struct JSONValueEncoder {
  package init() {}

  package func encode<Value: Encodable>(_ value: Value) throws -> JSONValue {
    let root = Slot()
    try value.encode(to: Writer(slot: root, codingPath: []))
    return root.value
  }
}

/// One value being built: a container fills its members or elements, a single value sets `scalar`.
private final class Slot {
  var scalar: JSONValue?
  var members: [String: Slot]?
  var elements: [Slot]?

  /// A value that encoded nothing is an empty object.
  var value: JSONValue {
    if let scalar { return scalar }
    if let elements { return .array(elements.map(\.value)) }
    return .object((members ?? [:]).mapValues(\.value))
  }

  func member(_ key: String) -> Slot {
    let slot = Slot()
    if members == nil { members = [:] }
    members![key] = slot
    return slot
  }

  func appendElement() -> Slot {
    let slot = Slot()
    if elements == nil { elements = [] }
    elements!.append(slot)
    return slot
  }
}

private struct IndexKey: CodingKey {
  var intValue: Int?
  var stringValue: String { "\(intValue!)" }
  init(_ index: Int) { intValue = index }
  init?(stringValue: String) { nil }
  init?(intValue: Int) { self.intValue = intValue }
}

private struct Writer: Encoder {
  let slot: Slot
  let codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    if slot.members == nil { slot.members = [:] }
    return KeyedEncodingContainer(KeyedWriter<Key>(slot: slot, codingPath: codingPath))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    if slot.elements == nil { slot.elements = [] }
    return UnkeyedWriter(slot: slot, codingPath: codingPath)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer { SingleWriter(slot: slot, codingPath: codingPath) }

  /// The value of a number, as `JSONDecoder` reads back what `JSONEncoder` wrote for it.
  static func number<Number: BinaryFloatingPoint & LosslessStringConvertible>(
    _ value: Number, _ codingPath: [any CodingKey]
  ) throws -> JSONValue {
    guard value.isFinite else {
      throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "\(value) is not valid in JSON"))
    }
    return .number(Number.self == Double.self ? Double(value) : Double(value.description) ?? Double(value))
  }

  static func encode<Value: Encodable>(_ value: Value, into slot: Slot, codingPath: [any CodingKey]) throws {
    switch value {
    case let value as Double: slot.scalar = try number(value, codingPath)
    case let value as Float: slot.scalar = try number(value, codingPath)
    case let value as String: slot.scalar = .string(value)
    case let value as Bool: slot.scalar = .bool(value)
    case let value as any BinaryInteger: slot.scalar = .number(Double(value))
    default: try value.encode(to: Writer(slot: slot, codingPath: codingPath))
    }
  }
}

private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let slot: Slot
  let codingPath: [any CodingKey]

  mutating func encodeNil(forKey key: Key) throws { slot.member(key.stringValue).scalar = .null }
  mutating func encode(_ value: Bool, forKey key: Key) throws { slot.member(key.stringValue).scalar = .bool(value) }
  mutating func encode(_ value: String, forKey key: Key) throws { slot.member(key.stringValue).scalar = .string(value) }
  mutating func encode(_ value: Int, forKey key: Key) throws { slot.member(key.stringValue).scalar = .number(Double(value)) }
  mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws {
    try Writer.encode(value, into: slot.member(key.stringValue), codingPath: codingPath + [key])
  }

  mutating func nestedContainer<NestedKey: CodingKey>(
    keyedBy keyType: NestedKey.Type, forKey key: Key
  ) -> KeyedEncodingContainer<NestedKey> {
    Writer(slot: slot.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    Writer(slot: slot.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
  }

  mutating func superEncoder() -> any Encoder {
    Writer(slot: slot.member("super"), codingPath: codingPath)
  }

  mutating func superEncoder(forKey key: Key) -> any Encoder {
    Writer(slot: slot.member(key.stringValue), codingPath: codingPath + [key])
  }
}

private struct UnkeyedWriter: UnkeyedEncodingContainer {
  let slot: Slot
  let codingPath: [any CodingKey]
  var count: Int { slot.elements?.count ?? 0 }

  private var nextPath: [any CodingKey] { codingPath + [IndexKey(count)] }

  mutating func encodeNil() throws { slot.appendElement().scalar = .null }
  mutating func encode(_ value: Bool) throws { slot.appendElement().scalar = .bool(value) }
  mutating func encode(_ value: String) throws { slot.appendElement().scalar = .string(value) }
  mutating func encode(_ value: Int) throws { slot.appendElement().scalar = .number(Double(value)) }
  mutating func encode<Value: Encodable>(_ value: Value) throws {
    let path = nextPath
    try Writer.encode(value, into: slot.appendElement(), codingPath: path)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
    let path = nextPath
    return Writer(slot: slot.appendElement(), codingPath: path).container(keyedBy: keyType)
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    let path = nextPath
    return Writer(slot: slot.appendElement(), codingPath: path).unkeyedContainer()
  }

  mutating func superEncoder() -> any Encoder {
    let path = nextPath
    return Writer(slot: slot.appendElement(), codingPath: path)
  }
}

private struct SingleWriter: SingleValueEncodingContainer {
  let slot: Slot
  let codingPath: [any CodingKey]

  mutating func encodeNil() throws { slot.scalar = .null }
  mutating func encode(_ value: Bool) throws { slot.scalar = .bool(value) }
  mutating func encode(_ value: String) throws { slot.scalar = .string(value) }
  mutating func encode(_ value: Int) throws { slot.scalar = .number(Double(value)) }
  mutating func encode<Value: Encodable>(_ value: Value) throws {
    try Writer.encode(value, into: slot, codingPath: codingPath)
  }
}
