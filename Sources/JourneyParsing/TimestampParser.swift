import JourneyModel

/// Turns the text of a time field into microseconds since the epoch, UTC.
///
/// Forms (surrounding spaces ignored):
/// - ISO 8601 / RFC 3339: `2024-02-29T12:30:00Z`, `T` or space between date and time, seconds
///   optional, 0–9 fractional digits (truncated to microseconds), offset `Z`, `+hh:mm`, `+hhmm`,
///   `+hh`, ` UTC`/` GMT` or none (UTC); a date alone is midnight UTC.
/// - epoch numbers, optionally negative or fractional (`1541548939.25`); in `auto` the unit comes
///   from the magnitude of the integer part: below 1e11 seconds, 1e14 milliseconds, 1e17
///   microseconds, else nanoseconds. An 8-digit number like `19970101` is epoch seconds in `auto`.
/// - `yyyymmdd` (only with ``TimeFormat/yyyymmdd``) and the access-log form `10/Oct/2000:13:55:36 -0700`.
///
/// Ranges are checked (month, day of month with leap years, hour ≤ 23, minute ≤ 59, second ≤ 60);
/// a leap second `:60` is read as `:59.999999` of that minute, so order within the minute is kept.
/// Returns nil for anything else.
public struct TimestampParser: Sendable {
  package let format: TimeFormat

  public init(format: TimeFormat = .auto) {
    self.format = format
  }

  public func parse(_ bytes: some Collection<UInt8>) -> Microseconds? {
    if let result = bytes.withContiguousStorageIfAvailable({ parse(UnsafeRawBufferPointer($0)) }) {
      return result
    }
    return Array(bytes).withUnsafeBytes { parse($0) }
  }

  public func parse(_ text: String) -> Microseconds? {
    var text = text
    return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
  }

  public func parse(_ raw: UnsafeRawBufferPointer) -> Microseconds? {
    var start = 0
    var end = raw.count
    while start < end && (raw[start] == ASCII.space || raw[start] == ASCII.tab) { start += 1 }
    while end > start && (raw[end - 1] == ASCII.space || raw[end - 1] == ASCII.tab || raw[end - 1] == ASCII.carriageReturn) {
      end -= 1
    }
    guard end > start else { return nil }
    let bytes = UnsafeRawBufferPointer(rebasing: raw[start..<end])
    switch format {
    case .auto:
      if bytes.count >= 10 && bytes[4] == ASCII.minus && TimestampParser.isDigit(bytes[0]) { return Self.iso8601(bytes) }
      if bytes.count >= 11 && bytes[2] == ASCII.slash { return Self.clf(bytes) }
      return Self.epoch(bytes, unit: nil)
    case .iso8601: return Self.iso8601(bytes)
    case .epochSeconds: return Self.epoch(bytes, unit: 0)
    case .epochMillis: return Self.epoch(bytes, unit: 1)
    case .epochMicros: return Self.epoch(bytes, unit: 2)
    case .epochNanos: return Self.epoch(bytes, unit: 3)
    case .yyyymmdd: return Self.compactDate(bytes)
    case .clf: return Self.clf(bytes)
    }
  }

  @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= ASCII.zero && b <= ASCII.nine }

  /// The value of `count` digits at `index`, or nil.
  @inline(__always) static func digits(_ b: UnsafeRawBufferPointer, _ index: Int, _ count: Int) -> Int64? {
    guard index + count <= b.count else { return nil }
    var value: Int64 = 0
    for i in index..<(index + count) {
      let d = b[i]
      guard isDigit(d) else { return nil }
      value = value * 10 + Int64(d - ASCII.zero)
    }
    return value
  }

  static func civil(
    _ year: Int64, _ month: Int64, _ day: Int64, _ hour: Int64, _ minute: Int64, _ second: Int64, _ micros: Int64
  ) -> Microseconds? {
    guard month >= 1 && month <= 12, day >= 1 && day <= Timestamp.daysInMonth(year: year, month: month),
      hour >= 0 && hour <= 23, minute >= 0 && minute <= 59, second >= 0 && second <= 60
    else { return nil }
    var second = second, micros = micros
    if second == 60 { second = 59; micros = 999_999 }
    let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
    return ((days * 86_400 + hour * 3600 + minute * 60 + second) * 1_000_000) + micros
  }

  /// The fraction's digits from `i` on, `i` moved past them: the first `kept` of them as a number of
  /// `kept` digits (`.5` keeping 6 is 500000; digits past `kept` are cut), and how many there were.
  @inline(__always)
  static func fraction(_ b: UnsafeRawBufferPointer, _ i: inout Int, keeping kept: Int) -> (value: Int64, digits: Int) {
    let start = i
    var value: Int64 = 0
    while i < b.count && isDigit(b[i]) {
      if i - start < kept { value = value * 10 + Int64(b[i] - ASCII.zero) }
      i += 1
    }
    let count = i - start
    for _ in 0..<max(0, kept - count) { value *= 10 }
    return (value, count)
  }

  static func iso8601(_ b: UnsafeRawBufferPointer) -> Microseconds? {
    // The length first: `b[4]` of a four-byte field would read past its end.
    guard b.count >= 10, let year = digits(b, 0, 4), b[4] == ASCII.minus, let month = digits(b, 5, 2), b[7] == ASCII.minus,
      let day = digits(b, 8, 2)
    else { return nil }
    if b.count == 10 { return civil(year, month, day, 0, 0, 0, 0) }
    let sep = b[10]
    guard sep == ASCII.uppercaseT || sep == ASCII.lowercaseT || sep == ASCII.space, let hour = digits(b, 11, 2), b.count > 13,
      b[13] == ASCII.colon,
      let minute = digits(b, 14, 2)
    else { return nil }
    var i = 16
    var second: Int64 = 0
    var micros: Int64 = 0
    if i < b.count && b[i] == ASCII.colon {
      guard let s = digits(b, i + 1, 2) else { return nil }
      second = s
      i += 3
      if i < b.count && (b[i] == ASCII.period || b[i] == ASCII.comma) {
        i += 1
        let fraction = Self.fraction(b, &i, keeping: 6)
        guard fraction.digits >= 1 && fraction.digits <= 9 else { return nil }
        micros = fraction.value
      }
    }
    guard var time = civil(year, month, day, hour, minute, second, micros) else { return nil }
    guard let offset = zoneOffset(b, i) else { return nil }
    time -= offset * 60_000_000
    return time
  }

  /// The offset in minutes of a zone suffix starting at `i` (possibly after a space); nil when invalid.
  static func zoneOffset(_ b: UnsafeRawBufferPointer, _ start: Int) -> Int64? {
    var i = start
    if i == b.count { return 0 }
    if b[i] == ASCII.space { i += 1 }
    guard i < b.count else { return nil }
    let rest = b.count - i
    switch b[i] {
    case 0x5A, 0x7A: return rest == 1 ? 0 : nil
    case 0x55 where rest == 3 && b[i + 1] == 0x54 && b[i + 2] == 0x43: return 0  // UTC
    case 0x47 where rest == 3 && b[i + 1] == 0x4D && b[i + 2] == 0x54: return 0  // GMT
    case ASCII.plus, ASCII.minus:
      let sign: Int64 = b[i] == ASCII.minus ? -1 : 1
      guard let hours = digits(b, i + 1, 2), hours <= 23 else { return nil }
      var minutes: Int64 = 0
      switch rest {
      case 3: break
      case 5: guard let m = digits(b, i + 3, 2) else { return nil }; minutes = m
      case 6: guard b[i + 3] == ASCII.colon, let m = digits(b, i + 4, 2) else { return nil }; minutes = m
      default: return nil
      }
      guard minutes <= 59 else { return nil }
      return sign * (hours * 60 + minutes)
    default: return nil
    }
  }

  /// `unit`: 0 seconds, 1 milliseconds, 2 microseconds, 3 nanoseconds; nil infers it.
  ///
  /// Out of line, as the optimiser left it before its overflow checks grew it: inlined into
  /// `parse(_:)`, it cost every form about 4% more instructions (cachegrind, 1M mixed timestamps).
  @inline(never)
  static func epoch(_ b: UnsafeRawBufferPointer, unit: Int?) -> Microseconds? {
    var i = 0
    var negative = false
    if b[0] == ASCII.minus || b[0] == ASCII.plus { negative = b[0] == ASCII.minus; i = 1 }
    let intStart = i
    var whole: Int64 = 0
    while i < b.count && isDigit(b[i]) {
      guard i - intStart < 19 else { return nil }
      let (m, o1) = whole.multipliedReportingOverflow(by: 10)
      let (a, o2) = m.addingReportingOverflow(Int64(b[i] - ASCII.zero))
      guard !o1 && !o2 else { return nil }
      whole = a
      i += 1
    }
    guard i > intStart else { return nil }
    // Up to 9 fractional digits are kept, as nanoseconds of the unit.
    var fracNanos: Int64 = 0
    if i < b.count && b[i] == ASCII.period {
      i += 1
      let fraction = Self.fraction(b, &i, keeping: 9)
      guard fraction.digits >= 1 else { return nil }
      fracNanos = fraction.value
    }
    guard i == b.count else { return nil }
    let unit = unit ?? (whole < 100_000_000_000 ? 0 : whole < 100_000_000_000_000 ? 1 : whole < 100_000_000_000_000_000 ? 2 : 3)
    let micros: Int64
    switch unit {
    case 0:
      // The fraction can overflow too (`9223372036854.999999` with `time_format: s`).
      let (m, o) = whole.multipliedReportingOverflow(by: 1_000_000)
      let (sum, o2) = m.addingReportingOverflow(fracNanos / 1000)
      guard !o && !o2 else { return nil }
      micros = sum
    case 1:
      let (m, o) = whole.multipliedReportingOverflow(by: 1000)
      let (sum, o2) = m.addingReportingOverflow(fracNanos / 1_000_000)
      guard !o && !o2 else { return nil }
      micros = sum
    case 2: micros = whole
    default: micros = whole / 1000
    }
    return negative ? -micros : micros
  }

  static func compactDate(_ b: UnsafeRawBufferPointer) -> Microseconds? {
    guard b.count == 8, let year = digits(b, 0, 4), let month = digits(b, 4, 2), let day = digits(b, 6, 2) else {
      return nil
    }
    return civil(year, month, day, 0, 0, 0, 0)
  }

  private static let months: [(UInt8, UInt8, UInt8)] = [
    (0x4A, 0x61, 0x6E), (0x46, 0x65, 0x62), (0x4D, 0x61, 0x72), (0x41, 0x70, 0x72), (0x4D, 0x61, 0x79),
    (0x4A, 0x75, 0x6E), (0x4A, 0x75, 0x6C), (0x41, 0x75, 0x67), (0x53, 0x65, 0x70), (0x4F, 0x63, 0x74),
    (0x4E, 0x6F, 0x76), (0x44, 0x65, 0x63),
  ]

  /// `10/Oct/2000:13:55:36 -0700` (the zone may be missing: UTC).
  static func clf(_ b: UnsafeRawBufferPointer) -> Microseconds? {
    guard b.count >= 20, let day = digits(b, 0, 2), b[2] == ASCII.slash, b[6] == ASCII.slash, let year = digits(b, 7, 4),
      b[11] == ASCII.colon, let hour = digits(b, 12, 2), b[14] == ASCII.colon, let minute = digits(b, 15, 2),
      b[17] == ASCII.colon,
      let second = digits(b, 18, 2)
    else { return nil }
    let m0 = b[3] & ~0x20, m1 = b[4] | 0x20, m2 = b[5] | 0x20  // case-insensitive
    guard let month = months.firstIndex(where: { $0.0 == m0 && $0.1 == m1 && $0.2 == m2 }) else { return nil }
    guard let time = civil(year, Int64(month + 1), day, hour, minute, second, 0) else { return nil }
    guard let offset = zoneOffset(b, 20) else { return nil }
    return time - offset * 60_000_000
  }
}
