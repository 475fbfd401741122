import JourneyModel
import JourneyTestSupport
import Testing

@testable import JourneyStages

/// The literal fast path of regex tests answers exactly as Swift's `Regex`, or not at all.
@Suite struct LiteralAlternationTests {
  static let literalPatterns = [
    "bot|crawler|spider", "(?i)bot|crawler|spider", "(?i)GoogleBot", "a\\.b|c\\-d", "/admin|/internal",
    "x|", "", "a b", "#tag|@home", "(?i)\\(compatible;",
  ]

  @Test(arguments: [
    "^bot", "bot$", "b.t", "(bot)", "\\d+", "[ab]", "é", "(?i)(a|b)", "a{2}", "bo?t", "a*", "\\bbot", "a\\n",
    "x(?i)y",
  ])
  func patternsWithRegexSyntaxHaveNoLiteralPath(pattern: String) {
    #expect(LiteralAlternation(pattern: pattern) == nil)
  }

  @Test(arguments: literalPatterns)
  func literalMatchesEqualTheRegexOnASCIIValues(pattern: String) throws {
    let literals = try #require(LiteralAlternation(pattern: pattern))
    let regex = try Regex(pattern)
    var random = SplitMix64(seed: UInt64(pattern.utf8.count) + 3)
    // Pieces the values are made of: parts of the literals in both cases, CRLF, punctuation.
    let pieces = [
      "bot", "BOT", "Bo", "t", "crawl", "er", "SPIDER", "googlebot", "GoogleBot", "a.b", "a-b", "c-d", "/admin",
      "/Internal", "x", " ", "a b", "#tag", "@home", "(compatible;", "\r\n", "\r", "\n", "Mozilla/5.0 ", "", "ab",
    ]
    for _ in 0..<2_000 {
      var text = ""
      for _ in 0..<Int.random(in: 0...5, using: &random) { text += pieces.randomElement(using: &random)! }
      let expected = (try regex.firstMatch(in: text)) != nil
      #expect(literals.matches(ArraySlice(text.utf8)) == expected, "\(pattern) on \(text.debugDescription)")
    }
  }

  @Test func valuesWithNonASCIIBytesAreLeftToTheRegex() throws {
    let literals = try #require(LiteralAlternation(pattern: "(?i)k"))
    #expect(literals.matches(ArraySlice("\u{212A}".utf8)) == nil)  // KELVIN SIGN folds to k
    #expect(literals.matches(ArraySlice("café bot".utf8)) == nil)
    #expect(literals.matches(ArraySlice("KiloBot".utf8)) == true)
  }
}
