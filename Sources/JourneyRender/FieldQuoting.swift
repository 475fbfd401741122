import JourneyModel

/// Quoting of one value for the line-oriented outputs: a JSON string literal, or a CSV field.
///
/// Works on UTF-8 bytes (the rows of `journey sessions` are written as bytes); the `String` forms
/// are for the renderers and `journey classify`.
package enum FieldQuoting {
  private static let hex = Array("0123456789abcdef".utf8)

  /// `"…"` with `\"`, `\\`, `\n`, `\r`, `\t` and `\u00XX` for other control bytes; DEL, the C1
  /// controls and the bidirectional formatting characters (``TerminalText/isUnsafe(_:)``) as
  /// `\uXXXX` too, so a row shown on a terminal cannot drive it; everything else, other non-ASCII
  /// text included, as it is. Escaping does not change the value a JSON reader gets.
  package static func appendJSONString<Bytes: Collection<UInt8>>(_ bytes: Bytes, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var index = bytes.startIndex
    while index != bytes.endIndex {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
      case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
      case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
      case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
      case 0..<0x20, 0x7F: appendUnicodeEscape(UInt32(byte), to: &out)
      case 0xC2, 0xD8, 0xE2:
        // Lead bytes of the two- and three-byte sequences that encode the unsafe scalars.
        if let (scalar, length) = unsafeScalar(in: bytes, at: index) {
          appendUnicodeEscape(scalar, to: &out)
          index = bytes.index(index, offsetBy: length)
          continue
        }
        out.append(byte)
      default: out.append(byte)
      }
      index = bytes.index(after: index)
    }
    out.append(UInt8(ascii: "\""))
  }

  /// The C1 control (`C2 80`…`C2 9F`) or bidirectional character (`D8 9C`, `E2 80 8E`…) that
  /// starts at `start`, with its length in bytes; nil for any other sequence.
  private static func unsafeScalar<Bytes: Collection<UInt8>>(in bytes: Bytes, at start: Bytes.Index) -> (UInt32, Int)? {
    let lead = bytes[start]
    let needed = lead >= 0xE0 ? 3 : 2
    var scalar = UInt32(lead & (needed == 3 ? 0x0F : 0x1F))
    var position = bytes.index(after: start)
    for _ in 1..<needed {
      guard position != bytes.endIndex, bytes[position] & 0xC0 == 0x80 else { return nil }
      scalar = scalar << 6 | UInt32(bytes[position] & 0x3F)
      position = bytes.index(after: position)
    }
    guard let value = Unicode.Scalar(scalar), TerminalText.isUnsafe(value) else { return nil }
    return (scalar, needed)
  }

  /// `\uXXXX` for a scalar below U+10000.
  private static func appendUnicodeEscape(_ scalar: UInt32, to out: inout [UInt8]) {
    out.append(contentsOf: "\\u".utf8)
    for shift in stride(from: 12, through: 0, by: -4) { out.append(hex[Int(scalar >> UInt32(shift) & 0xF)]) }
  }

  /// The field as it is, or quoted with `"` doubled when it holds `,`, `"`, CR or LF (RFC 4180).
  ///
  /// A field that a spreadsheet would run as a formula — starting with `=`, `+`, `-`, `@`, TAB or
  /// CR, and not a plain number such as `-12.5` — gets a leading `'` (the OWASP rule against CSV
  /// injection), so opening the file never executes what the data said.
  package static func appendCSVField(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
    let formula = startsFormula(bytes)
    let special = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
    guard special else {
      if formula { out.append(UInt8(ascii: "'")) }
      return out.append(contentsOf: bytes)
    }
    out.append(UInt8(ascii: "\""))
    if formula { out.append(UInt8(ascii: "'")) }
    for byte in bytes {
      out.append(byte)
      if byte == UInt8(ascii: "\"") { out.append(byte) }
    }
    out.append(UInt8(ascii: "\""))
  }

  /// Whether a spreadsheet would read `bytes` as a formula: a first byte of `=`, `+`, `-`, `@`,
  /// TAB or CR, unless the whole field is a plain decimal number (`-3`, `+1.5`, `-2e5`).
  package static func startsFormula(_ bytes: some Collection<UInt8>) -> Bool {
    guard let first = bytes.first else { return false }
    switch first {
    case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D: return true
    case UInt8(ascii: "+"), UInt8(ascii: "-"): return !isPlainNumber(bytes.dropFirst())
    default: return false
    }
  }

  /// Digits with at most one `.` and an optional exponent (`e`, sign, digits): nothing a
  /// spreadsheet could evaluate.
  private static func isPlainNumber(_ bytes: some Collection<UInt8>) -> Bool {
    var digits = 0
    var seenDot = false
    var iterator = bytes.makeIterator()
    while let byte = iterator.next() {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
      case UInt8(ascii: ".") where !seenDot: seenDot = true
      case UInt8(ascii: "e"), UInt8(ascii: "E"):
        guard digits > 0 else { return false }
        var exponentDigits = 0
        var first = true
        while let next = iterator.next() {
          if first, next == UInt8(ascii: "+") || next == UInt8(ascii: "-") { first = false; continue }
          first = false
          guard next >= UInt8(ascii: "0"), next <= UInt8(ascii: "9") else { return false }
          exponentDigits += 1
        }
        return exponentDigits > 0
      default: return false
      }
    }
    return digits > 0
  }

  /// ``appendJSONString(_:to:)`` as a `String`.
  package static func jsonString(_ text: String) -> String {
    var out: [UInt8] = []
    appendJSONString(text.utf8, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// ``appendCSVField(_:to:)`` as a `String`.
  package static func csvField(_ text: String) -> String {
    var out: [UInt8] = []
    appendCSVField(text.utf8, to: &out)
    return String(decoding: out, as: UTF8.self)
  }
}
