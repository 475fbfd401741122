import JourneyModel
import Testing

@testable import JourneyParsing

/// The C loop that skips the containers no field reads (``JSONScanner/fastSkip(depth:)``) accepts
/// exactly what the recursive Swift scan accepts, ends where it ends, and leaves the same last key
/// for messages: on random JSON, on mutants of it (a byte changed, inserted or dropped, the text cut),
/// and on the edges of the grammar (nesting limit, escapes, UTF-8, numbers, literals).
@Suite struct JSONSkipTests {
  /// Skips `text` from its first byte with both, nested in `depth` containers; records disagreement.
  static func agree(_ text: [UInt8], depth: Int = 1, sourceLocation: SourceLocation = #_sourceLocation) {
    text.withUnsafeBytes { bytes in
      var fast = JSONScanner(bytes)
      var swift = JSONScanner(bytes)
      let fastOK = fast.fastSkip(depth: depth)
      var swiftOK = true
      do { try swift.skipInSwift(depth: depth) } catch { swiftOK = false }
      let shown = String(decoding: text.prefix(120), as: UTF8.self)
      #expect(fastOK == swiftOK, "accepts: C \(fastOK), Swift \(swiftOK): \(shown)", sourceLocation: sourceLocation)
      if fastOK && swiftOK {
        #expect(fast.pos == swift.pos, "ends at \(fast.pos) vs \(swift.pos): \(shown)", sourceLocation: sourceLocation)
        #expect(
          fast.lastKeyStart == swift.lastKeyStart && fast.lastKeyEnd == swift.lastKeyEnd, "last key: \(shown)",
          sourceLocation: sourceLocation)
      }
      if !fastOK { #expect(fast.pos == 0 && fast.lastKeyEnd == -1, "a failed fast skip changes nothing") }
    }
  }

  static let strings: [String] = [
    "", "a", "userId", "Page Viewed", "with space", "é", "日本語", "😀 emoji", #"q\"uote"#, #"back\\slash"#, #"\/"#,
    #"\b\f\n\r\t"#, #"\u00e9"#, #"\uD83D\uDE00"#, #"\u20AC tail"#, String(repeating: "x", count: 17),
    String(repeating: "y", count: 33) + "é",
  ]
  static let scalars: [String] = [
    "0", "-0", "12", "-3.25", "1e5", "1E+2", "2.5e-3", "true", "false", "null", "123456789012345678901234567890",
  ]

  static func value(_ random: inout SplitMix64, depth: Int) -> String {
    let r = Int(random.next() % 10)
    if depth >= 5 || r < 4 {
      return r % 2 == 0 ? "\"" + strings[Int(random.next() % UInt64(strings.count))] + "\"" : scalars[Int(random.next() % UInt64(scalars.count))]
    }
    let count = Int(random.next() % 5)
    let space = [" ", "", "\n", "\t", "\r\n "][Int(random.next() % 5)]
    if r < 7 {
      let members = (0..<count).map { _ in
        "\"" + strings[Int(random.next() % UInt64(strings.count))] + "\"" + space + ":" + space + value(&random, depth: depth + 1)
      }
      return "{" + space + members.joined(separator: "," + space) + space + "}"
    }
    let elements = (0..<count).map { _ in value(&random, depth: depth + 1) }
    return "[" + space + elements.joined(separator: space + "," + space) + "]"
  }

  static let interesting: [UInt8] = [
    0x00, 0x01, 0x1F, 0x20, 0x22, 0x5C, 0x2C, 0x3A, 0x7B, 0x7D, 0x5B, 0x5D, 0x78, 0x80, 0xBF, 0xC0, 0xC2, 0xE0, 0xED,
    0xF0, 0xF4, 0xF5, 0xFF, 0x30, 0x2D, 0x2B, 0x65, 0x2E, 0x75, 0x6E, 0x74, 0x66, 0x09, 0x0A, 0x0D, 0x7F,
  ]

  @Test(arguments: 0..<8)
  func randomValuesAndTheirMutantsAgree(seed: Int) {
    var random = SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9 &+ 11)
    for _ in 0..<400 {
      var text = Array(Self.value(&random, depth: 0).utf8)
      if text.first != UInt8(ascii: "{") && text.first != UInt8(ascii: "[") { text = Array("[".utf8) + text + Array("]".utf8) }
      // Something after the value, as in a line: the skip must stop right after it.
      Self.agree(text + Array(#","next":1}"#.utf8))
      for _ in 0..<12 {
        var mutant = text
        let at = Int(random.next() % UInt64(mutant.count))
        let byte = Self.interesting[Int(random.next() % UInt64(Self.interesting.count))]
        switch random.next() % 4 {
        case 0: mutant[at] = byte
        case 1: mutant.insert(byte, at: at)
        case 2: mutant.remove(at: at)
        default: mutant = Array(mutant[..<at])
        }
        if mutant.first == UInt8(ascii: "{") || mutant.first == UInt8(ascii: "[") { Self.agree(mutant) }
      }
    }
  }

  @Test func theEdgesOfTheGrammarAgree() {
    let cases: [String] = [
      "{}", "[]", "{ }", "[ ]", "{", "[", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "[,1]", "{,}", "{\"a\" : 1 , \"b\" : [ ] }",
      "{\"a\":1 \"b\":2}", "[1 2]", "{\"a\":-}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":.5}", "{\"a\":+1}",
      "{\"a\":tru}", "{\"a\":nul}", "{\"a\":falsey}", "[true,false,null]", "{\"a\":\"\\u0000\"}", "{\"a\":\"\\u00\"}",
      "{\"a\":\"\\uD800\"}", "{\"a\":\"\\uDC00\"}", "{\"a\":\"\\uD800\\u0041\"}", "{\"a\":\"\\uD800\\uDBFF\"}", "{\"a\":\"\\x\"}",
      "{\"a\":\"\\", "{\"a\":\"abc", "{\"a\":\"\\uD83D\\uDE00\"}", "{\"\\u0041\":1}", "{\"a\":1}}", "[[[]]]", "[[[]]",
      "{\"k\":{\"inner\":[1,{\"deep\":\"v\"}]},\"last\":true}",
    ]
    for text in cases { Self.agree(Array(text.utf8)) }
    // UTF-8 at the edges: truncated sequences, overlongs, surrogates, above U+10FFFF, at the end.
    let utf8: [[UInt8]] = [[0xC3, 0xA9], [0xC3], [0xC0, 0x80], [0xE0, 0x9F, 0x80], [0xE0, 0xA0, 0x80], [0xED, 0xA0, 0x80],
      [0xED, 0x9F, 0xBF], [0xF0, 0x8F, 0x80, 0x80], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
      [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xFF], [0x80]]
    for sequence in utf8 {
      for pad in [0, 3, 15, 16, 30] {
        let prefix = Array(("{\"a\":\"" + String(repeating: "p", count: pad)).utf8)
        Self.agree(prefix + sequence + Array("\"}".utf8))
        Self.agree(prefix + sequence)
      }
    }
    // Nesting: the limit counts from the depth the value sits at.
    for depth in [0, 1, 5] {
      for levels in [510 - depth, 511 - depth, 512 - depth, 513 - depth] {
        Self.agree(Array((String(repeating: "[", count: levels) + String(repeating: "]", count: levels)).utf8), depth: depth)
        Self.agree(Array((String(repeating: "{\"k\":", count: levels) + "1" + String(repeating: "}", count: levels)).utf8), depth: depth)
      }
    }
  }
}
