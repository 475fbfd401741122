import Foundation
import JourneyReports
import Testing

/// ``JSONValueEncoder`` gives what `JSONEncoder` and then `JSONDecoder` into ``JSONValue`` give.
@Suite struct JSONValueEncoderTests {
  /// The round trip through JSON text that the encoder replaces.
  static func throughText<Value: Encodable>(_ value: Value) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: try JSONEncoder().encode(value))
  }

  struct Inner: Encodable, Equatable {
    var name: String
    var tags: [String]
    var weight: Double?
  }

  struct Outer: Encodable {
    var count: Int
    var big: Int64
    var small: UInt8
    var ratio: Double
    var single: Float
    var flag: Bool
    var missing: String?
    var inners: [Inner]
    var byName: [String: [Int]]
    var nested: [[Bool]]

    enum CodingKeys: String, CodingKey {
      case count, big, small, ratio, single, flag, missing, inners, byName = "by_name", nested, explicitNull = "explicit_null"
      case manual
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(count, forKey: .count)
      try container.encode(big, forKey: .big)
      try container.encode(small, forKey: .small)
      try container.encode(ratio, forKey: .ratio)
      try container.encode(single, forKey: .single)
      try container.encode(flag, forKey: .flag)
      try container.encodeIfPresent(missing, forKey: .missing)
      try container.encode(inners, forKey: .inners)
      try container.encode(byName, forKey: .byName)
      try container.encode(nested, forKey: .nested)
      try container.encode(missing, forKey: .explicitNull)
      var manual = container.nestedUnkeyedContainer(forKey: .manual)
      try manual.encode("a")
      try manual.encodeNil()
      var inner = manual.nestedContainer(keyedBy: CodingKeys.self)
      try inner.encode(-0.0, forKey: .ratio)
    }
  }

  static let outer = Outer(
    count: 20, big: 9_007_199_254_740_993, small: 7, ratio: 0.1, single: 0.1, flag: true, missing: nil,
    inners: [Inner(name: "é\"\\/\u{1}", tags: [], weight: nil), Inner(name: "", tags: ["x", "y"], weight: -3.5e-7)],
    byName: ["b": [1, -2], "a": []], nested: [[true, false], []])

  @Test func matchesTheRoundTripThroughJSONText() throws {
    #expect(try JSONValueEncoder().encode(Self.outer) == Self.throughText(Self.outer))
  }

  @Test func keepsNullsThatAreEncodedAndLeavesOutThoseThatAreNot() throws {
    guard case .object(let members) = try JSONValueEncoder().encode(Self.outer) else {
      Issue.record("not an object")
      return
    }
    #expect(members["explicit_null"] == .null)
    #expect(members["missing"] == nil)
    #expect(members["big"] == .number(9_007_199_254_740_992))
    #expect(members["single"] == .number(0.1))
  }

  @Test(arguments: [0.0, -0.0, 1e300, 5e-324, 123_456_789.125, Double.pi])
  func numbersMatch(_ value: Double) throws {
    #expect(try JSONValueEncoder().encode([value]) == Self.throughText([value]))
    #expect(try JSONValueEncoder().encode(value) == .number(value))
  }

  @Test func topLevelValuesOfEveryShape() throws {
    #expect(try JSONValueEncoder().encode("text") == .string("text"))
    #expect(try JSONValueEncoder().encode(true) == .bool(true))
    #expect(try JSONValueEncoder().encode(Optional<Int>.none) == .null)
    #expect(try JSONValueEncoder().encode([Int]()) == .array([]))
    #expect(try JSONValueEncoder().encode([String: Int]()) == .object([:]))
    let value = JSONValue.object(["a": .array([.null, .bool(false), .number(2), .string("s")])])
    #expect(try JSONValueEncoder().encode(value) == value)
  }

  @Test func nonFiniteNumbersAreErrorsAsInJSONEncoder() {
    #expect(throws: EncodingError.self) { try JSONValueEncoder().encode([Double.nan]) }
    #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(["x": Float.infinity]) }
    #expect(throws: EncodingError.self) { try JSONEncoder().encode([Double.nan]) }
  }
}
