import CRE2

/// A rule or `exclude:` regex compiled by RE2: a match takes time linear in the value, whatever the
/// pattern (no backtracking, so `(a+)+$` cannot hang a run).
///
/// Matches are unanchored searches on UTF-8 bytes, like `Regex.firstMatch(in:)`. Patterns use RE2's
/// syntax (Perl's without backreferences, lookaround, possessive quantifiers and atomic groups),
/// plus Swift's `(?<name>…)` groups and Unicode `\d \w \s` (see ``translated(_:)``); what RE2 cannot
/// run is refused by ``init(_:)`` with the reason in words. Matching is thread-safe (RE2 is), but RE2
/// keeps one lazily built automaton per regex behind a lock, so threads that match a lot should each
/// compile their own.
package final class RE2Regex: @unchecked Sendable {
  /// The pattern as written in the config.
  package let pattern: String
  /// Owned: freed once, in `deinit`.
  private let handle: OpaquePointer

  /// Longest pattern, in bytes: far above any real rule, low enough that no corner of RE2's parser
  /// (some are quadratic in the pattern) takes long.
  package static let maxPatternBytes = 32 << 10

  /// Compiles `pattern`, or throws why RE2 cannot run it.
  package init(_ pattern: String) throws(RE2Regex.Failure) {
    guard pattern.utf8.count <= Self.maxPatternBytes else {
      throw Failure(code: -2, reason: "the regex is too long: \(pattern.utf8.count) bytes, more than \(Self.maxPatternBytes)", argument: "")
    }
    var translated = Self.translated(pattern)
    // Each Unicode class costs RE2 milliseconds to build: 16,000 `\w` took 9 s before RE2 refused them.
    guard translated.utf8.count <= Self.maxPatternBytes else {
      throw Failure(
        code: -2,
        reason: "the regex is too long: \(translated.utf8.count) bytes with \\d \\w \\s spelled out as Unicode classes, more than \(Self.maxPatternBytes)",
        argument: "")
    }
    let compiled = translated.withUTF8 { bytes in
      bytes.withMemoryRebound(to: CChar.self) { CRE2_compile($0.baseAddress, $0.count) }
    }
    guard let compiled else { throw Failure(code: -1, reason: "out of memory compiling the regex", argument: "") }
    let code = CRE2_errorCode(compiled)
    guard code == 0 else {
      var argument = String(cString: CRE2_errorArgument(compiled))
      // RE2 stops lookbehind at `(?<`; the next character says which kind it was.
      if argument == "(?<", let kind = ["(?<=", "(?<!"].first(where: { translated.contains($0) }) { argument = kind }
      let failure = Failure(code: Int(code), reason: String(cString: CRE2_error(compiled)), argument: argument)
      CRE2_free(compiled)
      throw failure
    }
    self.pattern = pattern
    handle = compiled
  }

  deinit { CRE2_free(handle) }

  /// Whether the regex matches somewhere in `bytes` (UTF-8). `bytes` is only read during the call.
  @inline(__always)
  package func matches(_ bytes: UnsafeRawBufferPointer) -> Bool {
    CRE2_matches(handle, bytes.baseAddress, bytes.count) != 0
  }

  /// Whether the regex matches somewhere in the UTF-8 `value`.
  package func matches(_ value: ArraySlice<UInt8>) -> Bool {
    value.withUnsafeBytes { matches($0) }
  }

  /// Whether the regex matches somewhere in `text`.
  package func matches(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { matches(UnsafeRawBufferPointer($0)) }
  }

  /// `pattern` in RE2's dialect, meaning what it meant to Swift's `Regex`:
  /// - `(?<name>` groups become RE2's `(?P<name>` (RE2 before 2023 knows only the latter);
  /// - `\d \w \s` (and `\D \W \S` outside brackets) match Unicode digits, word characters and
  ///   spaces as in Swift, not only ASCII as in RE2 (`\w` matches the `é` of `café`);
  /// - so do `[:alpha:]`, `[:digit:]`, `[:alnum:]`, `[:space:]`, `[:upper:]` and `[:lower:]`;
  /// - `\Q…\E` and other escapes are copied as they are.
  ///
  /// Everything else is left for RE2 to accept or refuse.
  static func translated(_ pattern: String) -> String {
    let bytes = Array(pattern.utf8)
    guard bytes.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: "[") }) else {
      return pattern
    }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + 16)
    var i = 0
    var inClass = false
    func starts(_ text: StaticString, at index: Int) -> Bool {
      let count = text.utf8CodeUnitCount
      guard index + count <= bytes.count else { return false }
      for k in 0..<count where bytes[index + k] != text.utf8Start[k] { return false }
      return true
    }
    while i < bytes.count {
      let byte = bytes[i]
      if byte == UInt8(ascii: "\\"), i + 1 < bytes.count {
        let next = bytes[i + 1]
        if next == UInt8(ascii: "Q") {
          // Literal text up to `\E` (or the end), copied with its markers.
          var end = i + 2
          while end < bytes.count && !starts("\\E", at: end) { end += 1 }
          end = min(bytes.count, end + 2)
          out.append(contentsOf: bytes[i..<end])
          i = end
          continue
        }
        if let items = unicodeClassItems[next] {
          // Inside brackets the items join the class; outside, they become one.
          if inClass {
            out.append(contentsOf: items.utf8)
          } else {
            out.append(contentsOf: ("[" + items + "]").utf8)
          }
          i += 2
          continue
        }
        if !inClass, let items = unicodeClassItems[next | 0x20], next != next | 0x20 {
          out.append(contentsOf: ("[^" + items + "]").utf8)
          i += 2
          continue
        }
        out.append(byte)
        out.append(next)
        i += 2
        continue
      }
      if inClass {
        if byte == UInt8(ascii: "["), starts("[:", at: i) {
          // `[:name:]`. Names are short: a `[:` without `:]` soon after is a literal `[`, escaped, as
          // RE2 would search the rest of the pattern for `:]` at each one (2 minutes on `[[:[:[:…`).
          let isName = { (byte: UInt8) in (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "^") }
          guard let close = (i + 2..<min(bytes.count, i + 16)).first(where: { starts(":]", at: $0) }),
            bytes[(i + 2)..<close].allSatisfy(isName)
          else {
            out.append(contentsOf: "\\[".utf8)
            i += 1
            continue
          }
          let name = String(decoding: bytes[(i + 2)..<close], as: UTF8.self)
          out.append(contentsOf: (posixClassItems[name] ?? "[:\(name):]").utf8)
          i = close + 2
          continue
        }
        if byte == UInt8(ascii: "]") { inClass = false }
      } else if byte == UInt8(ascii: "[") {
        inClass = true
        out.append(byte)
        i += 1
        // `[]…]` and `[^]…]`: a `]` first in a class is a literal.
        if i < bytes.count, bytes[i] == UInt8(ascii: "^") { out.append(bytes[i]); i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { out.append(bytes[i]); i += 1 }
        continue
      } else if byte == UInt8(ascii: "("), i + 3 < bytes.count, bytes[i + 1] == UInt8(ascii: "?"),
        bytes[i + 2] == UInt8(ascii: "<"), bytes[i + 3] != UInt8(ascii: "="), bytes[i + 3] != UInt8(ascii: "!")
      {
        out.append(contentsOf: "(?P<".utf8)
        i += 3
        continue
      }
      out.append(byte)
      i += 1
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The class items of Swift's Unicode `\d`, `\w` and `\s` (numbers, as `Character.isNumber`;
  /// letters, marks, numbers, connector punctuation; White_Space), by the escape's letter.
  private static let unicodeClassItems: [UInt8: String] = [
    UInt8(ascii: "d"): "\\p{N}",
    UInt8(ascii: "w"): "\\p{L}\\p{M}\\p{N}\\p{Pc}",
    UInt8(ascii: "s"): "\\t-\\r\\x{85}\\p{Z}",
  ]

  /// Swift's Unicode meaning of the POSIX classes users write most (RE2's are ASCII only).
  private static let posixClassItems: [String: String] = [
    "alpha": "\\p{L}\\p{Nl}\\p{M}",
    "digit": "\\p{Nd}",
    "alnum": "\\p{L}\\p{M}\\p{N}",
    "space": "\\t-\\r\\x{85}\\p{Z}",
    // Uppercase and Lowercase also hold the Roman numerals and circled letters.
    "upper": "\\p{Lu}\\x{2160}-\\x{216F}\\x{24B6}-\\x{24CF}",
    "lower": "\\p{Ll}\\x{2170}-\\x{217F}\\x{24D0}-\\x{24E9}",
  ]
}

extension RE2Regex {
  /// Why RE2 refused a pattern: its error code and text, and the reason in words.
  package struct Failure: Error, Sendable, CustomStringConvertible {
    /// `RE2::ErrorCode`; -1 when memory ran out, -2 when the pattern is over ``RE2Regex/maxPatternBytes``.
    package var code: Int
    /// RE2's own text: "invalid escape sequence: \1".
    package var reason: String
    /// The part of the pattern RE2 stopped at: `\1`, `(?=`, `++`.
    package var argument: String

    /// What the user wrote that RE2 cannot do, in words, then RE2's own text.
    package var description: String {
      guard let unsupported else { return reason }
      return "\(unsupported), as journey runs every regex in time linear in the value (RE2: \(reason))"
    }

    /// The feature RE2 leaves out on purpose (it needs backtracking), when that is what failed.
    var unsupported: String? {
      let argument = self.argument
      switch code {
      case 2:  // ErrorBadEscape
        if argument.count == 2, let digit = argument.last, digit.isASCII, digit.isNumber {
          return "backreferences (\(argument)) are not supported"
        }
        if argument == "\\k" || argument.hasPrefix("\\k<") || argument.hasPrefix("\\g") {
          return "backreferences (\(argument)) are not supported"
        }
        if argument == "\\Z" { return "\\Z is not supported (use \\z, or $)" }
        return nil
      case 11:  // ErrorRepeatOp
        if argument.count == 2, argument.hasSuffix("+"), ["*", "+", "?", "}"].contains(argument.first!) {
          return "possessive quantifiers (\(argument)) are not supported"
        }
        return nil
      case 6, 12:  // ErrorMissingParen, ErrorBadPerlOp: `(?=` … are read as unknown group flags
        if argument.hasPrefix("(?=") || argument.hasPrefix("(?!") { return "lookahead (\(argument.prefix(3))…) is not supported" }
        if argument.hasPrefix("(?<=") || argument.hasPrefix("(?<!") { return "lookbehind (\(argument.prefix(4))…) is not supported" }
        if argument.hasPrefix("(?>") { return "atomic groups ((?>…)) are not supported" }
        if argument.hasPrefix("(?|") { return "branch reset groups ((?|…)) are not supported" }
        if argument.hasPrefix("(?R") || argument.hasPrefix("(?0") || argument.hasPrefix("(?&") {
          return "recursion (\(argument.prefix(3))…) is not supported"
        }
        if argument.hasPrefix("(?(") { return "conditionals ((?(…)…)) are not supported" }
        return nil
      case 10:  // ErrorRepeatSize
        return "a repetition count over 1000 (\(argument)) is not supported"
      case 15:  // ErrorPatternTooLarge
        return "the regex is too large"
      default:
        return nil
      }
    }
  }
}
