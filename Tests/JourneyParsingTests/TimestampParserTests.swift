#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import JourneyModel
import JourneyParsing
import Testing

@Suite struct TimestampParserTests {
  static let auto = TimestampParser()

  @Test(arguments: [
    ("2024-02-29T12:30:00Z", "2024-02-29T12:30:00Z"),
    ("2024-02-29t12:30:00z", "2024-02-29T12:30:00Z"),
    ("2024-02-29 12:30:00", "2024-02-29T12:30:00Z"),
    ("2024-02-29T12:30", "2024-02-29T12:30:00Z"),
    ("2024-02-29", "2024-02-29T00:00:00Z"),
    ("2019-10-01 00:00:00 UTC", "2019-10-01T00:00:00Z"),
    ("2019-10-01 00:00:00.5 UTC", "2019-10-01T00:00:00.500000Z"),
    ("2024-01-01T00:00:00+02:00", "2023-12-31T22:00:00Z"),
    ("2024-01-01T00:00:00+0200", "2023-12-31T22:00:00Z"),
    ("2024-01-01T00:00:00+02", "2023-12-31T22:00:00Z"),
    ("2024-01-01T00:00:00-05:30", "2024-01-01T05:30:00Z"),
    ("2016-12-31T23:59:60Z", "2016-12-31T23:59:59.999999Z"),
    ("  2024-02-29T12:30:00Z \r", "2024-02-29T12:30:00Z"),
    ("10/Oct/2000:13:55:36 -0700", "2000-10-10T20:55:36Z"),
    ("17/May/2015:10:05:03 +0000", "2015-05-17T10:05:03Z"),
  ])
  func readsCalendarForms(text: String, expected: String) {
    #expect(Self.auto.parse(text).map(Timestamp.iso8601) == expected)
  }

  @Test(arguments: [
    ("", 0), ("1", 100_000), ("12", 120_000), ("123", 123_000), ("1234", 123_400), ("12345", 123_450),
    ("123456", 123_456), ("1234567", 123_456), ("12345678", 123_456), ("123456789", 123_456),
  ])
  func truncatesFractionsToMicroseconds(fraction: String, micros: Int64) {
    let text = "2000-01-01T00:00:00" + (fraction.isEmpty ? "" : "." + fraction) + "Z"
    #expect(Self.auto.parse(text) == 946_684_800_000_000 + micros)
  }

  @Test(arguments: [
    "2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-01-01T24:00:00Z", "2024-01-01T23:60:00Z",
    "2024-01-01T23:59:61Z", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.1234567890Z", "2024-01-01T00:00:00+25:00",
    "2024-01-01T00:00:00 PST", "2024-01-01X00:00:00", "2024-1-01", "", "   ", "abc", "12ab", "1.", "-", "1e9",
    "32/Oct/2000:13:55:36 -0700", "10/Foo/2000:13:55:36 -0700", "99999999999999999999",
  ])
  func rejectsInvalidText(text: String) {
    #expect(Self.auto.parse(text) == nil)
  }

  @Test(arguments: [
    ("1541548939", Int64(1_541_548_939_000_000)),
    ("1541548939.25", 1_541_548_939_250_000),
    ("99999999999", 99_999_999_999_000_000),  // just below 1e11: still seconds
    ("100000000000", 100_000_000_000_000),  // 1e11: milliseconds
    ("1659304800025", 1_659_304_800_025_000),
    ("99999999999999", 99_999_999_999_999_000),
    ("100000000000000", 100_000_000_000_000),  // 1e14: microseconds
    ("1659304800025123", 1_659_304_800_025_123),
    ("100000000000000000", 100_000_000_000_000),  // 1e17: nanoseconds
    ("1659304800025123456", 1_659_304_800_025_123),
    ("-86400", -86_400_000_000),
    ("-1.5", -1_500_000),
    ("1.123456789", 1_123_456),  // nine fractional digits kept as nanoseconds, then cut to µs
    ("1.1234567891234", 1_123_456),  // an epoch fraction may be longer: the digits past nine are cut
    ("0", 0),
    ("19970101", 19_970_101_000_000),  // auto keeps 8 digits as epoch seconds
  ])
  func infersEpochUnitsFromMagnitude(text: String, expected: Int64) {
    #expect(Self.auto.parse(text) == expected)
  }

  @Test func forcedUnitsOverrideInference() {
    #expect(TimestampParser(format: .epochSeconds).parse("1659304800025") == 1_659_304_800_025_000_000)
    #expect(TimestampParser(format: .epochMillis).parse("1000.5") == 1_000_500)
    #expect(TimestampParser(format: .epochMicros).parse("5") == 5)
    #expect(TimestampParser(format: .epochNanos).parse("5000") == 5)
    #expect(TimestampParser(format: .iso8601).parse("1541548939") == nil)
    #expect(TimestampParser(format: .epochSeconds).parse("2024-01-01") == nil)
  }

  @Test func readsCompactDatesOnlyWhenAsked() {
    let compact = TimestampParser(format: .yyyymmdd)
    #expect(compact.parse("19970101").map(Timestamp.iso8601) == "1997-01-01T00:00:00Z")
    #expect(compact.parse("19970230") == nil)
    #expect(compact.parse("1997010") == nil)
    #expect(TimestampParser(format: .clf).parse("10/Oct/2000:13:55:36 -0700").map(Timestamp.iso8601) == "2000-10-10T20:55:36Z")
  }

  @Test func acceptsAnyByteCollection() {
    let bytes: [UInt8] = Array("2022-07-31T22:00:00.025Z".utf8)
    #expect(Self.auto.parse(bytes[...]) == 1_659_304_800_025_000)
    #expect(bytes.withUnsafeBytes { Self.auto.parse($0) } == 1_659_304_800_025_000)
  }

  /// Found by Fuzz/FuzzTimestamp (FailCases/FuzzTimestamp/iso8601-year-only-reads-past-end): `iso8601`
  /// read `b[4]` of a four-byte field. Each field ends at the last byte of a page followed by an
  /// unreadable page, so a read past its end crashes the test.
  @Test(arguments: ["2024", "2024-", "2024-0", "2024-01-0", "2024-01-01T", "2024-01-01T1", "2024-01-01T12:3", "10/Oct/2000:13:55:3", "1.", "-"])
  func readsNoByteAfterTheField(text: String) throws {
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let memory = try #require(mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
    try #require(memory != MAP_FAILED)
    defer { munmap(memory, 2 * page) }
    #expect(mprotect(memory + page, page, PROT_NONE) == 0)
    let bytes = Array(text.utf8)
    let field = UnsafeMutableRawBufferPointer(start: memory + page - bytes.count, count: bytes.count)
    field.copyBytes(from: bytes)
    for format in TimeFormat.allCases {
      _ = TimestampParser(format: format).parse(UnsafeRawBufferPointer(field))
    }
  }

  /// Found by Fuzz/FuzzTimestamp: with a forced unit the fraction was added with overflow checking
  /// off the path (`9223372036854.999999` s is past Int64.max microseconds): a trap, not a reject.
  @Test func rejectsEpochFractionsPastTheRange() {
    #expect(TimestampParser(format: .epochSeconds).parse("9223372036854.999999") == nil)
    #expect(TimestampParser(format: .epochSeconds).parse("-9223372036854.999999") == nil)
    #expect(TimestampParser(format: .epochMillis).parse("9223372036854775.999") == nil)
    #expect(TimestampParser(format: .epochSeconds).parse("9223372036854.775807") == Int64.max)
    #expect(TimestampParser(format: .epochMillis).parse("9223372036854775.807") == Int64.max)
  }
}
