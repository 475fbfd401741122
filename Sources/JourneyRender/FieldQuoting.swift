/// Quoting of one value for the line-oriented outputs: a JSON string literal, or a CSV field.
///
/// Works on UTF-8 bytes (the rows of `journey sessions` are written as bytes); the `String` forms
/// are for the renderers and `journey classify`.
package enum FieldQuoting {
  private static let hex = Array("0123456789abcdef".utf8)

  /// `"…"` with `\"`, `\\`, `\n`, `\r`, `\t` and `\u00XX` for other control bytes; everything else,
  /// non-ASCII included, as it is.
  package static func appendJSONString(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
      case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
      case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
      case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
      case 0..<0x20:
        out.append(contentsOf: "\\u00".utf8)
        out.append(hex[Int(byte >> 4)])
        out.append(hex[Int(byte & 0xF)])
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  /// The field as it is, or quoted with `"` doubled when it holds `,`, `"`, CR or LF (RFC 4180).
  package static func appendCSVField(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
    let special = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
    guard special else { return out.append(contentsOf: bytes) }
    out.append(UInt8(ascii: "\""))
    for byte in bytes {
      out.append(byte)
      if byte == UInt8(ascii: "\"") { out.append(byte) }
    }
    out.append(UInt8(ascii: "\""))
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
