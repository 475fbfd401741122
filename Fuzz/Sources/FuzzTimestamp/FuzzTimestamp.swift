import Foundation
import FuzzSupport
import JourneyModel
import JourneyParsing

/// Parses the input as a time field in every ``TimeFormat`` with ``TimestampParser`` and with
/// ``ReferenceTime`` (the forms of SPEC §2 and the parser's doc comment, written plainly, with its own
/// calendar arithmetic and `Decimal` for epoch numbers): a differential target.
///
/// Invariants:
/// - both give the same microseconds, or both nothing;
/// - a time that parses and is within years 0000–9999 prints (``Timestamp/iso8601(_:)``) as text
///   that parses back to the same microseconds, and ``Timestamp/appendISO8601(_:to:)`` prints the same
///   text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTimestamp(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let input = UnsafeRawBufferPointer(start: start, count: count)
  guard count <= 256 else { return 0 }  // a time field is short; longer input only slows the search
  for format in TimeFormat.allCases {
    let parsed = TimestampParser(format: format).parse(input)
    let expected = ReferenceTime.parse(Array(input), format: format)
    fuzzCheck(
      parsed == expected,
      "\(format): parser \(String(describing: parsed)), reference \(String(describing: expected)) for \(fuzzDescribe(input))")
    if let parsed { checkRoundTrip(parsed) }
  }
  return 0
}

/// Microseconds of 0000-01-01 and 10000-01-01: the years ISO 8601 prints in four digits.
let printable: ClosedRange<Int64> = -62_167_219_200_000_000...253_402_300_799_999_999

func checkRoundTrip(_ time: Microseconds) {
  guard printable.contains(time) else { return }
  let text = Timestamp.iso8601(time)
  var appended: [UInt8] = []
  Timestamp.appendISO8601(time, to: &appended)
  fuzzCheck(Array(text.utf8) == appended, "iso8601 \(text), appendISO8601 \(fuzzDescribe(appended))")
  let again = TimestampParser(format: .iso8601).parse(text)
  fuzzCheck(again == time, "\(time) prints as \(text), which reads as \(String(describing: again))")
}

/// The documented time forms, parsed the plain way: the reference for ``TimestampParser``.
enum ReferenceTime {
  static func parse(_ raw: [UInt8], format: TimeFormat) -> Int64? {
    var text = raw[...]
    while let first = text.first, first == 0x20 || first == 0x09 { text = text.dropFirst() }
    while let last = text.last, last == 0x20 || last == 0x09 || last == 0x0D { text = text.dropLast() }
    guard !text.isEmpty else { return nil }
    let bytes = Array(text)
    switch format {
    case .auto:
      if bytes.count >= 10 && bytes[4] == ascii("-") && isDigit(bytes[0]) { return iso(bytes) }
      if bytes.count >= 11 && bytes[2] == ascii("/") { return clf(bytes) }
      return epoch(bytes, unit: nil)
    case .iso8601: return iso(bytes)
    case .epochSeconds: return epoch(bytes, unit: 0)
    case .epochMillis: return epoch(bytes, unit: 1)
    case .epochMicros: return epoch(bytes, unit: 2)
    case .epochNanos: return epoch(bytes, unit: 3)
    case .yyyymmdd:
      guard bytes.count == 8, let y = number(bytes, 0, 4), let m = number(bytes, 4, 2), let d = number(bytes, 6, 2) else {
        return nil
      }
      return civil(y, m, d, 0, 0, 0, 0)
    case .clf: return clf(bytes)
    }
  }

  static func ascii(_ c: Unicode.Scalar) -> UInt8 { UInt8(c.value) }
  static func isDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }

  /// `count` decimal digits at `at`, or nil.
  static func number(_ b: [UInt8], _ at: Int, _ count: Int) -> Int64? {
    guard at >= 0, at + count <= b.count, b[at..<(at + count)].allSatisfy(isDigit) else { return nil }
    return Int64(String(decoding: b[at..<(at + count)], as: UTF8.self))
  }

  /// `YYYY-MM-DD`, then optionally `[T t space]HH:MM[:SS[(.|,)F{1,9}]]` and a zone.
  static func iso(_ b: [UInt8]) -> Int64? {
    guard let y = number(b, 0, 4), b.count >= 10, b[4] == ascii("-"), let m = number(b, 5, 2), b[7] == ascii("-"),
      let d = number(b, 8, 2)
    else { return nil }
    if b.count == 10 { return civil(y, m, d, 0, 0, 0, 0) }
    guard [ascii("T"), ascii("t"), ascii(" ")].contains(b[10]), let hh = number(b, 11, 2), b.count > 13,
      b[13] == ascii(":"), let mm = number(b, 14, 2)
    else { return nil }
    var i = 16
    var ss: Int64 = 0
    var fraction: [UInt8] = []
    if i < b.count && b[i] == ascii(":") {
      guard let s = number(b, i + 1, 2) else { return nil }
      ss = s
      i += 3
      if i < b.count && (b[i] == ascii(".") || b[i] == ascii(",")) {
        i += 1
        while i < b.count && isDigit(b[i]) {
          fraction.append(b[i])
          i += 1
        }
        guard (1...9).contains(fraction.count) else { return nil }
      }
    }
    let micros = Int64(String(decoding: (fraction + Array(repeating: ascii("0"), count: 6)).prefix(6), as: UTF8.self))!
    guard let local = civil(y, m, d, hh, mm, ss, micros), let offset = zone(Array(b[i...])) else { return nil }
    return local - offset * 60_000_000
  }

  /// The zone suffix in minutes east: empty, or an optional space then `Z`, `UTC`, `GMT`, `±hh`, `±hhmm`, `±hh:mm`.
  static func zone(_ rest: [UInt8]) -> Int64? {
    if rest.isEmpty { return 0 }
    var z = rest[...]
    if z.first == ascii(" ") { z = z.dropFirst() }
    let text = String(decoding: z, as: UTF8.self)
    if text == "Z" || text == "z" || text == "UTC" || text == "GMT" { return 0 }
    let t = Array(z)
    guard let sign = t.first, sign == ascii("+") || sign == ascii("-"), let hours = number(t, 1, 2), hours <= 23 else {
      return nil
    }
    var minutes: Int64 = 0
    switch t.count {
    case 3: break
    case 5: guard let mm = number(t, 3, 2) else { return nil }; minutes = mm
    case 6: guard t[3] == ascii(":"), let mm = number(t, 4, 2) else { return nil }; minutes = mm
    default: return nil
    }
    guard minutes <= 59 else { return nil }
    return (sign == ascii("-") ? -1 : 1) * (hours * 60 + minutes)
  }

  static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

  /// `DD/Mon/YYYY:HH:MM:SS` and a zone (case-insensitive month).
  static func clf(_ b: [UInt8]) -> Int64? {
    guard b.count >= 20, let d = number(b, 0, 2), b[2] == ascii("/"), b[6] == ascii("/"), let y = number(b, 7, 4),
      b[11] == ascii(":"), let hh = number(b, 12, 2), b[14] == ascii(":"), let mm = number(b, 15, 2),
      b[17] == ascii(":"), let ss = number(b, 18, 2)
    else { return nil }
    let name = String(decoding: b[3..<6].map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
    guard let month = monthNames.firstIndex(of: name), let local = civil(y, Int64(month + 1), d, hh, mm, ss, 0),
      let offset = zone(Array(b[20...]))
    else { return nil }
    return local - offset * 60_000_000
  }

  /// `[+-]digits[.digits]`, in `unit` (0 s, 1 ms, 2 µs, 3 ns; nil: from the magnitude of the integer
  /// part), truncated toward zero to microseconds; nil beyond 19 integer digits or Int64.
  static func epoch(_ b: [UInt8], unit: Int?) -> Int64? {
    var body = b[...]
    var negative = false
    if let sign = body.first, sign == ascii("+") || sign == ascii("-") {
      negative = sign == ascii("-")
      body = body.dropFirst()
    }
    let parts = body.split(separator: ascii("."), maxSplits: 1, omittingEmptySubsequences: false)
    guard let whole = parts.first, !whole.isEmpty, whole.count <= 19, whole.allSatisfy(isDigit) else { return nil }
    if parts.count == 2 { guard !parts[1].isEmpty, parts[1].allSatisfy(isDigit) else { return nil } }
    guard let integer = Decimal(string: String(decoding: whole, as: UTF8.self)), integer <= Decimal(Int64.max) else {
      return nil
    }
    let unit =
      unit ?? (integer < Decimal(100_000_000_000) ? 0 : integer < Decimal(100_000_000_000_000) ? 1
        : integer < Decimal(100_000_000_000_000_000) ? 2 : 3)
    let fraction = parts.count == 2 ? String(decoding: parts[1].prefix(9), as: UTF8.self) : "0"
    guard var value = Decimal(string: String(decoding: whole, as: UTF8.self) + "." + fraction) else { return nil }
    let scale: [Decimal] = [1_000_000, 1000, 1, Decimal(string: "0.001")!]
    value *= scale[unit]
    var truncated = Decimal()
    NSDecimalRound(&truncated, &value, 0, .down)
    guard truncated <= Decimal(Int64.max) else { return nil }
    let micros = NSDecimalNumber(decimal: truncated).int64Value
    return negative ? -micros : micros
  }

  /// Days from 0000-01-01 to the first day of `year` (year 0 is a leap year; `year` ≥ 0).
  static func daysBeforeYear(_ year: Int64) -> Int64 {
    func ceilDiv(_ a: Int64, _ b: Int64) -> Int64 { (a + b - 1) / b }
    return 365 * year + ceilDiv(year, 4) - ceilDiv(year, 100) + ceilDiv(year, 400)
  }

  static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

  static func civil(_ y: Int64, _ m: Int64, _ d: Int64, _ hh: Int64, _ mm: Int64, _ ss: Int64, _ micros: Int64) -> Int64? {
    var lengths: [Int64] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    if isLeap(y) { lengths[1] = 29 }
    guard (1...12).contains(m), d >= 1, d <= lengths[Int(m - 1)], hh <= 23, mm <= 59, ss <= 60 else { return nil }
    let days = daysBeforeYear(y) - daysBeforeYear(1970) + lengths[..<Int(m - 1)].reduce(0, +) + d - 1
    // A leap second is the last microsecond of its minute.
    let (second, fraction) = ss == 60 ? (Int64(59), Int64(999_999)) : (ss, micros)
    return ((days * 86_400 + hh * 3600 + mm * 60 + second) * 1_000_000) + fraction
  }
}

/// The process entry (see ``runFuzzer(_:_:_:)``): libFuzzer's driver on ``fuzzTimestamp(_:_:)``.
@_cdecl("FuzzTimestamp_main")
public func fuzzTimestampMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv, fuzzTimestamp)
}
