/// A regex that is nothing but literal alternatives (`bot|crawler|spider`, optionally `(?i)`),
/// matched as plain substring searches on the bytes, without calling the regex engine.
///
/// Only used where the answer is exactly the regex's: every literal is printable ASCII, and a
/// value with any non-ASCII byte is left to the regex (RE2 folds case by Unicode rules: `(?i)k`
/// also matches the Kelvin sign; on ASCII text a printable literal matches exactly where its bytes
/// occur, in either case under `(?i)`).
struct LiteralAlternation: Sendable {
  /// The alternatives' bytes, lowercased when ``caseInsensitive``.
  let alternatives: [[UInt8]]
  let caseInsensitive: Bool

  /// Nil when `pattern` uses anything but literals, `\`-escaped punctuation, `|` and a leading `(?i)`.
  init?(pattern: String) {
    var bytes = Array(pattern.utf8)
    var caseInsensitive = false
    if bytes.starts(with: Array("(?i)".utf8)) {
      caseInsensitive = true
      bytes.removeFirst(4)
    }
    var alternatives: [[UInt8]] = [[]]
    var i = 0
    while i < bytes.count {
      let byte = bytes[i]
      guard byte >= 0x20 && byte <= 0x7E else { return nil }
      switch byte {
      case UInt8(ascii: "|"):
        alternatives.append([])
      case UInt8(ascii: "\\"):
        // An escaped punctuation character is itself; `\d`, `\b`, `\n`, `\1`… are not literals.
        guard i + 1 < bytes.count, Self.isPunctuation(bytes[i + 1]) else { return nil }
        alternatives[alternatives.count - 1].append(bytes[i + 1])
        i += 1
      case UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "."), UInt8(ascii: "?"), UInt8(ascii: "*"),
        UInt8(ascii: "+"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"),
        UInt8(ascii: "{"), UInt8(ascii: "}"):
        return nil
      default:
        alternatives[alternatives.count - 1].append(byte)
      }
      i += 1
    }
    self.caseInsensitive = caseInsensitive
    self.alternatives = caseInsensitive ? alternatives.map { $0.map(Self.lowercased) } : alternatives
  }

  private static func isPunctuation(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: true
    default: false
    }
  }

  @inline(__always) static func lowercased(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
  }

  /// Whether some alternative occurs in `value`; nil when `value` has a non-ASCII byte (ask the regex).
  func matches(_ value: ArraySlice<UInt8>) -> Bool? {
    for byte in value where byte >= 0x80 { return nil }
    for alternative in alternatives where Self.occurs(alternative, in: value, caseInsensitive: caseInsensitive) {
      return true
    }
    return false
  }

  private static func occurs(_ needle: [UInt8], in haystack: ArraySlice<UInt8>, caseInsensitive: Bool) -> Bool {
    guard let first = needle.first else { return true }
    guard haystack.count >= needle.count else { return false }
    var start = haystack.startIndex
    let last = haystack.endIndex - needle.count
    while start <= last {
      let byte = caseInsensitive ? lowercased(haystack[start]) : haystack[start]
      if byte == first {
        var k = 1
        while k < needle.count {
          let b = caseInsensitive ? lowercased(haystack[start + k]) : haystack[start + k]
          if b != needle[k] { break }
          k += 1
        }
        if k == needle.count { return true }
      }
      start += 1
    }
    return false
  }
}
