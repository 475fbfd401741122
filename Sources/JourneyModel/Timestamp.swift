/// A point in time: microseconds since 1970-01-01T00:00:00Z.
public typealias Microseconds = Int64

/// Calendar arithmetic on microsecond timestamps, without Foundation (proleptic Gregorian, UTC).
public enum Timestamp {
  public static let microsecondsPerSecond: Int64 = 1_000_000
  public static let microsecondsPerDay: Int64 = 86_400_000_000

  /// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
  package static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// The civil date of a day number (inverse of ``daysFromCivil(year:month:day:)``).
  public static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  package static func isLeapYear(_ year: Int64) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  package static func daysInMonth(year: Int64, month: Int64) -> Int64 {
    switch month {
    case 2: isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// RFC 3339 in UTC: `2026-11-01T00:00:00Z`, with `.ffffff` only when the microseconds are not zero.
  public static func iso8601(_ time: Microseconds) -> String {
    let days = floorDivide(time, microsecondsPerDay)
    let inDay = time - days * microsecondsPerDay
    let (y, m, d) = civilFromDays(days)
    let seconds = inDay / microsecondsPerSecond
    let micros = inDay % microsecondsPerSecond
    var text = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
    if micros != 0 { text += "." + pad(micros, 6) }
    return text + "Z"
  }

  /// Appends ``iso8601(_:)`` of `time` as UTF-8 to `out`, without making a `String`.
  public static func appendISO8601(_ time: Microseconds, to out: inout [UInt8]) {
    let days = floorDivide(time, microsecondsPerDay)
    let inDay = time - days * microsecondsPerDay
    let (y, m, d) = civilFromDays(days)
    guard y >= 0 && y <= 9999 else { return out.append(contentsOf: iso8601(time).utf8) }
    let seconds = inDay / microsecondsPerSecond
    let micros = inDay % microsecondsPerSecond
    appendDigits(y, 4, &out)
    out.append(UInt8(ascii: "-"))
    appendDigits(m, 2, &out)
    out.append(UInt8(ascii: "-"))
    appendDigits(d, 2, &out)
    out.append(UInt8(ascii: "T"))
    appendDigits(seconds / 3600, 2, &out)
    out.append(UInt8(ascii: ":"))
    appendDigits(seconds / 60 % 60, 2, &out)
    out.append(UInt8(ascii: ":"))
    appendDigits(seconds % 60, 2, &out)
    if micros != 0 {
      out.append(UInt8(ascii: "."))
      appendDigits(micros, 6, &out)
    }
    out.append(UInt8(ascii: "Z"))
  }

  /// `value` (0 ≤ value < 10^width) as exactly `width` decimal digits.
  @inline(__always) private static func appendDigits(_ value: Int64, _ width: Int, _ out: inout [UInt8]) {
    var divisor: Int64 = 1
    for _ in 1..<width { divisor *= 10 }
    var rest = value
    while divisor > 0 {
      out.append(UInt8(ascii: "0") + UInt8(rest / divisor))
      rest %= divisor
      divisor /= 10
    }
  }

  public static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
  }

  private static func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
  }
}
