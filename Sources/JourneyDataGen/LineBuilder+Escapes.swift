/// How a JSON writer escapes strings: real exports come from several serializers.
enum JSONEscapes {
  /// UTF-8 as is; only `"`, `\` and control characters escaped (JavaScript's `JSON.stringify`).
  case plain
  /// Everything beyond ASCII as `\uXXXX`, surrogate pairs above U+FFFF (Python's `json.dumps`).
  case ascii
  /// `ascii`, and `/` as `\/` (PHP's `json_encode`).
  case asciiAndSlashes
}

extension LineBuilder {
  /// A JSON string literal with its quotes, escaped as `escapes` says; decodes to `text` in every case.
  mutating func appendJSONString(_ text: String, escapes: JSONEscapes) {
    if escapes == .plain {
      appendJSONString(text)
      return
    }
    let slashes = escapes == .asciiAndSlashes
    bytes.append(0x22)
    for scalar in text.unicodeScalars {
      let value = scalar.value
      switch value {
      case 0x22: bytes.append(0x5C); bytes.append(0x22)
      case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
      case 0x2F where slashes: bytes.append(0x5C); bytes.append(0x2F)
      case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
      case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
      case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
      case 0..<0x20, 0x80...0xFFFF:
        append("\\u")
        appendHex(UInt64(value), digits: 4)
      case 0x10000...:
        let offset = value - 0x10000
        append("\\u")
        appendHex(UInt64(0xD800 + (offset >> 10)), digits: 4)
        append("\\u")
        appendHex(UInt64(0xDC00 + (offset & 0x3FF)), digits: 4)
      default: bytes.append(UInt8(truncatingIfNeeded: value))
      }
    }
    bytes.append(0x22)
  }

  /// An amount in cents as JavaScript writes the number: `12.5`, `12.05`, `12` (no trailing zeros).
  mutating func appendJSNumber(cents: Int) {
    append(cents / 100)
    let fraction = cents % 100
    guard fraction != 0 else { return }
    bytes.append(UInt8(ascii: "."))
    if fraction % 10 == 0 {
      append(fraction / 10)
    } else {
      append(fraction, width: 2)
    }
  }
}
