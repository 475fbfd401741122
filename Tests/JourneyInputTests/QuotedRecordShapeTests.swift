import Testing

@testable import JourneyInput

/// The RFC 4180 rule the framer applies to quoted records over several lines, and the header's
/// field count it is checked against.
@Suite struct QuotedRecordShapeTests {
  static func wellFormed(_ text: String, fields: Int?) -> Bool {
    Array(text.utf8).withUnsafeBytes {
      QuotedRecordShape.isWellFormed($0, separator: UInt8(ascii: ","), quote: UInt8(ascii: "\""), expectedFields: fields)
    }
  }

  @Test(arguments: [
    ("a,b,c", 3, true), ("a,\"b\nc\",d", 3, true), ("\"a\"\"b\",c", 2, true), ("a,\"\",c", 3, true),
    ("a,b", 3, false), ("a,b,c,d", 3, false), ("\"a\"x,b", 2, false), ("\"open,b", 2, false),
    ("a,b\"c,d", 3, true), ("\"a\"\r", 1, true), ("", 1, true), ("", 2, false),
  ])
  func checksClosingQuotesAndTheFieldCount(text: String, fields: Int, expected: Bool) {
    #expect(Self.wellFormed(text, fields: fields) == expected)
  }

  @Test func acceptsAnyFieldCountBeforeTheHeader() {
    #expect(Self.wellFormed("a,b,c,d,e", fields: nil))
    #expect(!Self.wellFormed("\"a\"x", fields: nil))
  }

  @Test func joinsTheCarryAndTheRestOfTheRecord() {
    let carry = Array("a,\"b\n".utf8)
    let tail = Array("c\",d".utf8)
    let joined = tail.withUnsafeBytes {
      QuotedRecordShape.isWellFormed(carry: carry, $0, separator: UInt8(ascii: ","), quote: UInt8(ascii: "\""), expectedFields: 3)
    }
    #expect(joined)
    #expect(QuotedRecordShape.isWellFormed(carry: carry, separator: UInt8(ascii: ","), quote: UInt8(ascii: "\""), expectedFields: 2) == false)
  }

  @Test(arguments: [
    ("a,b,c", 3 as Int?), ("\"a,b\",c", 2), ("x\"y,z\",w", 2), ("   \t\r", nil), ("a,\"open", nil), ("single", 1),
  ])
  func countsTheHeaderFieldsAsTheParserSplitsThem(text: String, expected: Int?) {
    #expect(QuotedRecordShape.headerFieldCount(Array(text.utf8), separator: UInt8(ascii: ","), quote: UInt8(ascii: "\"")) == expected)
  }
}
