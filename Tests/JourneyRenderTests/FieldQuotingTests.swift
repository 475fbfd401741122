import Foundation
import JourneyModel
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

  @Test func jsonStringsEscapeC1AndBidirectionalCharactersWithoutChangingTheValue() throws {
    for text in ["a\u{9B}31mb", "evil\u{202E}txt", "\u{2066}\u{2069}\u{200E}\u{200F}\u{061C}", "del\u{7F}", "\u{85}\u{80}\u{9F}"] {
      let quoted = FieldQuoting.jsonString(text)
      #expect(!quoted.unicodeScalars.contains(where: TerminalText.isUnsafe), "\(quoted)")
      #expect(try JSONDecoder().decode(String.self, from: Data(quoted.utf8)) == text)
    }
    #expect(FieldQuoting.jsonString("x\u{202E}y\u{9B}") == #""x\u202ey\u009b""#)
    // Neighbours of the escaped sequences stay as they are.
    #expect(FieldQuoting.jsonString("\u{A0}\u{2010}\u{2070}é") == "\"\u{A0}\u{2010}\u{2070}é\"")
  }

  @Test(arguments: [
    ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""), ("+1+2", "'+1+2"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "\"'\rx\""), ("=1,2", "\"'=1,2\""), ("-", "'-"),
    ("-12.5", "-12.5"), ("+3", "+3"), ("-2e5", "-2e5"), ("-1.5E-3", "-1.5E-3"), ("a=b", "a=b"), ("1-2", "1-2"),
  ])
  func csvFormulaCellsAreNeutralised(text: String, expected: String) {
    #expect(FieldQuoting.csvField(text) == expected)
  }

  @Test(arguments: [
    ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
    ("cr\r", "\"cr\r\""), ("", ""), ("é ☕", "é ☕"),
  ])
  func csvFieldsAreQuotedWhenTheyMust(text: String, expected: String) {
    #expect(FieldQuoting.csvField(text) == expected)
  }
}
