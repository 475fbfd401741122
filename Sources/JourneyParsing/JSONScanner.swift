import CJSONSkip
import JourneyModel

/// Why a JSON record failed to scan, and where.
struct JSONScanError: Error, Sendable {
  enum Code: Sendable {
    case unexpectedEnd, expectedColon, expectedCommaOrBrace, expectedCommaOrBracket, expectedKey,
      expectedValue, badEscape, badUnicodeEscape, controlCharacter, badNumber, badLiteral, trailing,
      tooDeep, unterminatedString, invalidUTF8,
      /// `\u0000`: it would put a NUL byte into a value, which raw input may not hold either.
      nulEscape
  }
  var code: Code
  var position: Int
}

/// A cursor over the bytes of one JSON text: validates as it skips, and decodes strings on demand.
///
/// Works on a pointer that must not escape the `parse` call that made the scanner. Reading at the
/// end yields 0, which never occurs inside a record (NUL bytes are rejected before scanning).
struct JSONScanner {
  static let maxDepth = 512

  let p: UnsafePointer<UInt8>
  let end: Int
  var pos = 0
  /// The last member key seen (raw, between the quotes), for error messages.
  var lastKeyStart = 0
  var lastKeyEnd = -1
  /// Taking a value again after ``skipValue(depth:)``'s C loop found it invalid: its
  /// nested containers are skipped here too (the C loop would fail on each again, and a deep line
  /// would cost its depth times its length).
  var slowSkip = false

  init(_ bytes: UnsafeRawBufferPointer) {
    // An empty buffer may have no base address; point at a static zero byte instead.
    p = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? JSONScanner.emptyPointer
    end = bytes.count
  }

  nonisolated(unsafe) private static let emptyPointer: UnsafePointer<UInt8> = {
    let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return UnsafePointer(pointer)
  }()

  @inline(__always) var peek: UInt8 { pos < end ? p[pos] : 0 }
  @inline(__always) var atEnd: Bool { pos >= end }

  @inline(__always) mutating func skipWhitespace() {
    while pos < end {
      let b = p[pos]
      guard b == ASCII.space || b == ASCII.newline || b == ASCII.carriageReturn || b == ASCII.tab else { return }
      pos += 1
    }
  }

  @inline(__always) func fail(_ code: JSONScanError.Code) -> JSONScanError {
    JSONScanError(code: code, position: pos)
  }

  // MARK: Strings

  /// Scans a string at `pos` (which holds `"`); returns the raw content range and whether it has escapes.
  @inline(__always)
  mutating func scanString() throws(JSONScanError) -> (start: Int, end: Int, escaped: Bool) {
    pos += 1
    let start = pos
    var escaped = false
    while true {
      // Sixteen bytes per step while none is special; at a vector that holds one, jump straight to
      // the first such byte. Fewer than 16 left: a word, then a byte at a time.
      if pos + 16 <= end {
        let hits = Self.specialBytes(UnsafeRawPointer(p + pos).loadUnaligned(as: SIMD16<UInt8>.self))
        let low = hits[0]
        let high = hits[1]
        guard low | high != 0 else { pos += 16; continue }
        pos += low != 0 ? low.trailingZeroBitCount >> 3 : 8 + high.trailingZeroBitCount >> 3
      } else if pos + 8 <= end {
        let mask = Self.specialMask(UnsafeRawPointer(p + pos).loadUnaligned(as: UInt64.self))
        guard mask != 0 else { pos += 8; continue }
        pos += mask.trailingZeroBitCount >> 3
      } else {
        guard pos < end else { break }
        let b = p[pos]
        guard b == ASCII.quote || b == ASCII.backslash || b < 0x20 || b >= 0x80 else { pos += 1; continue }
      }
      // `pos` is at a quote, a backslash, a control byte or a non-ASCII byte.
      let b = p[pos]
      if b == ASCII.quote { pos += 1; return (start, pos - 1, escaped) }
      if b >= 0x80 {
        // Strings are where a line's non-ASCII bytes are: checked here, so the line needs no
        // separate UTF-8 pass (``NDJSONRecordParser``).
        guard let length = RecordBytes.sequenceLength(p, at: pos, count: end) else { throw fail(.invalidUTF8) }
        pos += length
        continue
      }
      guard b == ASCII.backslash else { throw fail(.controlCharacter) }
      escaped = true
      try scanEscape()
    }
    throw JSONScanError(code: .unterminatedString, position: start - 1)
  }

  /// The high bit of each byte of `v` that is `"`, `\\`, below 0x20 or above 0x7F, as two
  /// little-endian words.
  ///
  /// Byte-wise arithmetic only (Swift's SIMD comparisons compile to scalar loops; `&-`, `^`, `&`
  /// are single SSE2 instructions), and exact for every byte: `(x &- 1) & ~x` has its high bit
  /// set only for x == 0, `(b &- 0x20) & ~b` only for b < 0x20.
  @inline(__always) static func specialBytes(_ v: SIMD16<UInt8>) -> SIMD2<UInt64> {
    let quote = v ^ SIMD16(repeating: ASCII.quote)
    let backslash = v ^ SIMD16(repeating: ASCII.backslash)
    let one = SIMD16<UInt8>(repeating: 1)
    let hits = ((quote &- one) & ~quote) | ((backslash &- one) & ~backslash) | ((v &- SIMD16(repeating: 0x20)) & ~v) | v
    return unsafeBitCast(hits & SIMD16(repeating: 0x80), to: SIMD2<UInt64>.self)
  }

  private static let ones: UInt64 = 0x0101_0101_0101_0101
  private static let highs: UInt64 = 0x8080_8080_8080_8080

  /// The high bit of each byte of `word` that is `"`, `\`, below 0x20 or above 0x7F, at least for
  /// the first such byte: a borrow can mark a byte only above a true match, so the lowest set bit
  /// is exact.
  @inline(__always) static func specialMask(_ word: UInt64) -> UInt64 {
    let quote = word ^ (ones &* UInt64(ASCII.quote))
    let backslash = word ^ (ones &* UInt64(ASCII.backslash))
    let zeroQuote = (quote &- ones) & ~quote
    let zeroBackslash = (backslash &- ones) & ~backslash
    let control = (word &- ones &* 0x20) & ~word
    return (zeroQuote | zeroBackslash | control | word) & highs
  }

  /// Validates one escape at `pos` (the backslash), including surrogate pairs.
  private mutating func scanEscape() throws(JSONScanError) {
    guard pos + 1 < end else { throw fail(.unterminatedString) }
    switch p[pos + 1] {
    case ASCII.quote, ASCII.backslash, ASCII.slash, ASCII.lowercaseB, ASCII.lowercaseF, ASCII.lowercaseN, ASCII.lowercaseR,
      ASCII.lowercaseT:
      pos += 2
    case ASCII.lowercaseU:
      guard let unit = hex4(at: pos + 2) else { throw fail(.badUnicodeEscape) }
      if unit == 0 { throw fail(.nulEscape) }
      pos += 6
      if unit >= 0xD800 && unit <= 0xDBFF {
        guard pos + 1 < end, p[pos] == ASCII.backslash, p[pos + 1] == ASCII.lowercaseU, let low = hex4(at: pos + 2),
          low >= 0xDC00 && low <= 0xDFFF
        else { throw fail(.badUnicodeEscape) }
        pos += 6
      } else if unit >= 0xDC00 && unit <= 0xDFFF {
        pos -= 6
        throw fail(.badUnicodeEscape)
      }
    default: throw fail(.badEscape)
    }
  }

  @inline(__always) func hex4(at index: Int) -> UInt32? {
    guard index + 4 <= end else { return nil }
    var value: UInt32 = 0
    for i in index..<(index + 4) {
      let b = p[i]
      let digit: UInt8
      switch b {
      case ASCII.zero...ASCII.nine: digit = b - ASCII.zero
      case ASCII.uppercaseA...ASCII.uppercaseF: digit = b - ASCII.uppercaseA + 10
      case ASCII.lowercaseA...ASCII.lowercaseF: digit = b - ASCII.lowercaseA + 10
      default: return nil
      }
      value = value << 4 | UInt32(digit)
    }
    return value
  }

  /// Appends the decoded UTF-8 of a validated raw string range to `out`.
  func decodeString(start: Int, end stringEnd: Int, into out: inout [UInt8]) {
    var i = start
    var runStart = start
    while i < stringEnd {
      guard p[i] == ASCII.backslash else { i += 1; continue }
      if i > runStart { out.append(contentsOf: UnsafeBufferPointer(start: p + runStart, count: i - runStart)) }
      let e = p[i + 1]
      switch e {
      case ASCII.lowercaseB: out.append(ASCII.backspace); i += 2
      case ASCII.lowercaseF: out.append(ASCII.formFeed); i += 2
      case ASCII.lowercaseN: out.append(ASCII.newline); i += 2
      case ASCII.lowercaseR: out.append(ASCII.carriageReturn); i += 2
      case ASCII.lowercaseT: out.append(ASCII.tab); i += 2
      case ASCII.lowercaseU:
        var scalar = hex4(at: i + 2) ?? 0xFFFD
        i += 6
        if scalar >= 0xD800 && scalar <= 0xDBFF, i + 6 <= stringEnd, let low = hex4(at: i + 2) {
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          i += 6
        }
        JSONScanner.appendUTF8(scalar, to: &out)
      default: out.append(e); i += 2  // \" \\ \/
      }
      runStart = i
    }
    if stringEnd > runStart {
      out.append(contentsOf: UnsafeBufferPointer(start: p + runStart, count: stringEnd - runStart))
    }
  }

  static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
    switch scalar {
    case 0..<0x80: out.append(UInt8(scalar))
    case 0x80..<0x800:
      out.append(UInt8(0xC0 | (scalar >> 6)))
      out.append(UInt8(0x80 | (scalar & 0x3F)))
    case 0x800..<0x10000:
      out.append(UInt8(0xE0 | (scalar >> 12)))
      out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
      out.append(UInt8(0x80 | (scalar & 0x3F)))
    default:
      out.append(UInt8(0xF0 | (scalar >> 18)))
      out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
      out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
      out.append(UInt8(0x80 | (scalar & 0x3F)))
    }
  }

  /// True when the raw range equals `key` once decoded (`scratch` is clobbered for escaped keys).
  func keyEquals(start: Int, end keyEnd: Int, escaped: Bool, _ key: [UInt8], scratch: inout [UInt8]) -> Bool {
    if !escaped {
      guard keyEnd - start == key.count else { return false }
      return key.withUnsafeBytes { k in
        k.count == 0 || bytesEqual(p + start, k.baseAddress!, count: k.count)
      }
    }
    scratch.removeAll(keepingCapacity: true)
    decodeString(start: start, end: keyEnd, into: &scratch)
    return scratch == key
  }

  // MARK: Scalars

  /// Scans a number at `pos` by the JSON grammar; returns its source range.
  mutating func scanNumber() throws(JSONScanError) -> Range<Int> {
    let start = pos
    if peek == ASCII.minus { pos += 1 }
    switch peek {
    case ASCII.zero: pos += 1
    case ASCII.one...ASCII.nine: while case ASCII.zero...ASCII.nine = peek { pos += 1 }
    default: throw fail(.badNumber)
    }
    if peek == ASCII.period {
      pos += 1
      guard case ASCII.zero...ASCII.nine = peek else { throw fail(.badNumber) }
      while case ASCII.zero...ASCII.nine = peek { pos += 1 }
    }
    if peek == ASCII.lowercaseE || peek == ASCII.uppercaseE {
      pos += 1
      if peek == ASCII.plus || peek == ASCII.minus { pos += 1 }
      guard case ASCII.zero...ASCII.nine = peek else { throw fail(.badNumber) }
      while case ASCII.zero...ASCII.nine = peek { pos += 1 }
    }
    return start..<pos
  }

  /// Scans `true`, `false` or `null` at `pos`.
  mutating func scanLiteral() throws(JSONScanError) -> FieldLiteral {
    func matches(_ text: StaticString) -> Bool {
      let n = text.utf8CodeUnitCount
      guard pos + n <= end else { return false }
      let t = text.utf8Start
      for i in 0..<n where p[pos + i] != t[i] { return false }
      return true
    }
    switch peek {
    case ASCII.lowercaseT where matches("true"): pos += 4; return .true
    case ASCII.lowercaseF where matches("false"): pos += 5; return .false
    case ASCII.lowercaseN where matches("null"): pos += 4; return .null
    default: throw fail(.badLiteral)
    }
  }

  enum FieldLiteral { case `true`, `false`, null }

  // MARK: Skipping

  /// Skips (and validates) one value at `pos`, nested in `depth` containers: by the C loop
  /// (``CJSONSkip_value``, the same grammar without recursion; a member no field reads is most often
  /// a string or a number, else an object or array), and when that finds it invalid by the Swift
  /// scan (``skipObject(depth:)``, ``skipArray(depth:)``, ``scanString()`` …), which says what is
  /// wrong and where.
  mutating func skipValue(depth: Int) throws(JSONScanError) {
    if !slowSkip {
      if fastSkip(depth: depth) { return }
      slowSkip = true
      defer { slowSkip = false }
      return try skipValueInSwift(depth: depth)
    }
    try skipValueInSwift(depth: depth)
  }

  /// ``skipValue(depth:)`` by the recursive scan that says what is wrong.
  mutating func skipValueInSwift(depth: Int) throws(JSONScanError) {
    switch peek {
    case ASCII.quote: _ = try scanString()
    case ASCII.leftBrace, ASCII.leftBracket: try skipInSwift(depth: depth)
    case ASCII.lowercaseT, ASCII.lowercaseF, ASCII.lowercaseN: _ = try scanLiteral()
    case ASCII.minus, ASCII.zero...ASCII.nine: _ = try scanNumber()
    case 0: throw fail(.unexpectedEnd)
    default: throw fail(.expectedValue)
    }
  }

  /// Skips the value at `pos` by the C loop and returns true, leaving the last key it scanned in
  /// ``lastKeyStart``/``lastKeyEnd``; returns false (changing nothing) when it finds it invalid.
  @inline(__always) mutating func fastSkip(depth: Int) -> Bool {
    var keyStart = lastKeyStart
    var keyEnd = lastKeyEnd
    let next = CJSONSkip_value(p, end, pos, depth, &keyStart, &keyEnd)
    guard next >= 0 else { return false }
    pos = next
    lastKeyStart = keyStart
    lastKeyEnd = keyEnd
    return true
  }

  /// The object or array at `pos`, by the recursive scan that says what is wrong.
  mutating func skipInSwift(depth: Int) throws(JSONScanError) {
    if peek == ASCII.leftBrace { try skipObject(depth: depth + 1) } else { try skipArray(depth: depth + 1) }
  }

  mutating func skipObject(depth: Int) throws(JSONScanError) {
    guard depth <= JSONScanner.maxDepth else { throw fail(.tooDeep) }
    pos += 1
    skipWhitespace()
    if peek == ASCII.rightBrace { pos += 1; return }
    while true {
      _ = try memberKey()
      skipWhitespace()
      try skipValue(depth: depth)
      skipWhitespace()
      switch peek {
      case ASCII.comma: pos += 1; skipWhitespace()
      case ASCII.rightBrace: pos += 1; return
      case 0: throw fail(.unexpectedEnd)
      default: throw fail(.expectedCommaOrBrace)
      }
    }
  }

  /// Scans `"key"` `:` at `pos`, leaving `pos` after the colon; returns the raw key.
  @inline(__always)
  mutating func memberKey() throws(JSONScanError) -> (start: Int, end: Int, escaped: Bool) {
    guard peek == ASCII.quote else { throw fail(peek == 0 ? .unexpectedEnd : .expectedKey) }
    let key = try scanString()
    lastKeyStart = key.start
    lastKeyEnd = key.end
    skipWhitespace()
    guard peek == ASCII.colon else { throw fail(peek == 0 ? .unexpectedEnd : .expectedColon) }
    pos += 1
    return key
  }

  mutating func skipArray(depth: Int) throws(JSONScanError) {
    guard depth <= JSONScanner.maxDepth else { throw fail(.tooDeep) }
    pos += 1
    skipWhitespace()
    if peek == ASCII.rightBracket { pos += 1; return }
    while true {
      try skipValue(depth: depth)
      skipWhitespace()
      switch peek {
      case ASCII.comma: pos += 1; skipWhitespace()
      case ASCII.rightBracket: pos += 1; return
      case 0: throw fail(.unexpectedEnd)
      default: throw fail(.expectedCommaOrBracket)
      }
    }
  }

  // MARK: Messages

  /// A short description: `expected ':' after "userId" at byte 17`.
  func describe(_ error: JSONScanError) -> String {
    let what: String
    switch error.code {
    case .unexpectedEnd: what = "unexpected end of line"
    case .expectedColon: what = "expected ':'"
    case .expectedCommaOrBrace: what = "expected ',' or '}'"
    case .expectedCommaOrBracket: what = "expected ',' or ']'"
    case .expectedKey: what = "expected a quoted key"
    case .expectedValue: what = "expected a value"
    case .badEscape: what = "invalid escape in string"
    case .badUnicodeEscape: what = "invalid \\u escape in string"
    case .controlCharacter: what = "control character in string"
    case .badNumber: what = "invalid number"
    case .badLiteral: what = "invalid literal"
    case .trailing: what = "unexpected text after the object"
    case .tooDeep: what = "nesting deeper than \(JSONScanner.maxDepth)"
    case .unterminatedString: what = "unterminated string"
    case .invalidUTF8: what = "invalid UTF-8 in string"
    case .nulEscape: what = "\\u0000 (a NUL byte) in string"
    }
    var text = what
    if lastKeyEnd >= lastKeyStart, error.code != .trailing {
      let length = min(lastKeyEnd - lastKeyStart, 40)
      let key = String(decoding: UnsafeBufferPointer(start: p + lastKeyStart, count: length), as: UTF8.self)
      text += " after \"\(key)\""
    }
    return text + " at byte \(error.position)"
  }
}
