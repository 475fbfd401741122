import JourneyModel

/// Appends the pieces of one output line to a byte buffer, without going through `String`.
///
/// Generation must outrun gzip, so numbers, hex ids and timestamps are formatted by hand.
struct LineBuilder {
  var bytes: [UInt8] = []

  init(capacity: Int) { bytes.reserveCapacity(capacity) }

  @inline(__always) mutating func append(_ text: StaticString) {
    text.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  @inline(__always) mutating func append(_ text: String) {
    var text = text
    text.withUTF8 { bytes.append(contentsOf: $0) }
  }

  @inline(__always) mutating func append(byte: UInt8) { bytes.append(byte) }

  mutating func append(_ value: Int) {
    var value = value
    if value < 0 { bytes.append(UInt8(ascii: "-")); value = -value }
    if value < 10 { bytes.append(UInt8(truncatingIfNeeded: 48 + value)); return }
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                 UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
      (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var count = 0
    withUnsafeMutableBytes(of: &digits) { raw in
      while value > 0 {
        raw[count] = UInt8(truncatingIfNeeded: 48 + value % 10)
        value /= 10
        count += 1
      }
      for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(raw[index]) }
    }
  }

  /// `value` with exactly `width` digits, zero-padded on the left.
  @inline(__always) mutating func append(_ value: Int, width: Int) {
    var divisor = 1
    for _ in 1..<width { divisor *= 10 }
    var rest = value
    while divisor > 0 {
      bytes.append(UInt8(truncatingIfNeeded: 48 + (rest / divisor) % 10))
      rest %= divisor
      divisor /= 10
    }
  }

  /// A price in cents as `12.34`.
  mutating func appendCents(_ cents: Int) {
    append(cents / 100)
    bytes.append(UInt8(ascii: "."))
    append(cents % 100, width: 2)
  }

  mutating func appendHex(_ value: UInt64, digits: Int) {
    let alphabet: StaticString = "0123456789abcdef"
    alphabet.withUTF8Buffer { hex in
      var shift = (digits - 1) * 4
      while shift >= 0 {
        bytes.append(hex[Int((value >> UInt64(shift)) & 0xF)])
        shift -= 4
      }
    }
  }

  /// `2026-11-01T10:00:00.123Z` for milliseconds since the Unix epoch (UTC).
  mutating func appendISO8601(milliseconds: Int64) {
    let millis = Int(milliseconds %% 1000)
    let seconds = (milliseconds - Int64(millis)) / 1000
    let secondOfDay = Int(seconds %% 86_400)
    let days = (seconds - Int64(secondOfDay)) / 86_400
    let (year, month, day) = Timestamp.civilFromDays(days)
    append(Int(year), width: 4)
    bytes.append(UInt8(ascii: "-"))
    append(Int(month), width: 2)
    bytes.append(UInt8(ascii: "-"))
    append(Int(day), width: 2)
    bytes.append(UInt8(ascii: "T"))
    append(secondOfDay / 3600, width: 2)
    bytes.append(UInt8(ascii: ":"))
    append(secondOfDay / 60 % 60, width: 2)
    bytes.append(UInt8(ascii: ":"))
    append(secondOfDay % 60, width: 2)
    bytes.append(UInt8(ascii: "."))
    append(millis, width: 3)
    bytes.append(UInt8(ascii: "Z"))
  }

  /// A CSV field, quoted (RFC 4180) only when it holds a comma, quote, CR or LF.
  mutating func appendCSVField(_ text: String) {
    var text = text
    text.withUTF8 { utf8 in
      let needsQuotes = utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
      guard needsQuotes else { bytes.append(contentsOf: utf8); return }
      bytes.append(0x22)
      for byte in utf8 {
        if byte == 0x22 { bytes.append(0x22) }
        bytes.append(byte)
      }
      bytes.append(0x22)
    }
  }

  /// A JSON string literal with its quotes; escapes `"`, `\` and control characters.
  mutating func appendJSONString(_ text: String) {
    var text = text
    bytes.append(0x22)
    text.withUTF8 { utf8 in
      for byte in utf8 {
        switch byte {
        case 0x22: bytes.append(0x5C); bytes.append(0x22)
        case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
        case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
        case 0..<0x20:
          append("\\u00")
          appendHex(UInt64(byte), digits: 2)
        default: bytes.append(byte)
        }
      }
    }
    bytes.append(0x22)
  }
}

infix operator %% : MultiplicationPrecedence

/// Remainder with the sign of the divisor (floor modulo).
@inline(__always) func %% (lhs: Int64, rhs: Int64) -> Int64 {
  let remainder = lhs % rhs
  return remainder < 0 ? remainder + rhs : remainder
}

/// Howard Hinnant's `days_from_civil`.
func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
  let y = Int64(month <= 2 ? year - 1 : year)
  let era = (y >= 0 ? y : y - 399) / 400
  let yearOfEra = y - era * 400
  let m = Int64(month)
  let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
  let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}
