import Foundation
import JourneyTestSupport
import Testing

@testable import JourneyRender

/// JSON strings read back as the text they quote; CSV fields are quoted exactly when they must be.
@Suite struct FieldQuotingTests {
  static let pieces = ["a", "é", "☕", "\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1F}", "\u{7F}", ",", " ", "\r\n", ""]

  @Test func jsonStringsDecodeToTheirText() throws {
    var random = SeededRandom(seed: 3)
    for _ in 0..<500 {
      let text = (0..<Int(random.next() % 8)).map { _ in Self.pieces[Int(random.next() % UInt64(Self.pieces.count))] }.joined()
      let quoted = FieldQuoting.jsonString(text)
      #expect(try JSONDecoder().decode(String.self, from: Data(quoted.utf8)) == text)
      #expect(!quoted.unicodeScalars.dropFirst().dropLast().contains { $0.value < 0x20 })
    }
    #expect(FieldQuoting.jsonString("a\u{01}\"b") == #""a\u0001\"b""#)
  }

  @Test(arguments: [
    ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
    ("cr\r", "\"cr\r\""), ("", ""), ("é ☕", "é ☕"),
  ])
  func csvFieldsAreQuotedWhenTheyMust(text: String, expected: String) {
    #expect(FieldQuoting.csvField(text) == expected)
  }
}
