import JourneyModel
import JourneyTestSupport
import Testing

@Suite struct TimestampTests {
  @Test(arguments: [
    (Int64(0), "1970-01-01T00:00:00Z"),
    (Int64(951_782_400_000_000), "2000-02-29T00:00:00Z"),
    (Int64(1_659_304_800_025_000), "2022-07-31T22:00:00.025000Z"),
    (Int64(-1), "1969-12-31T23:59:59.999999Z"),
  ])
  func formatsRFC3339(time: Int64, text: String) {
    #expect(Timestamp.iso8601(time) == text)
  }

  @Test func civilDaysRoundTrip() {
    for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
      let (y, m, d) = Timestamp.civilFromDays(days)
      #expect(Timestamp.daysFromCivil(year: y, month: m, day: d) == days)
    }
  }

  @Test func eventRecordStaysSmall() {
    #expect(MemoryLayout<EventRecord>.stride <= 40)
  }

  /// The byte formatter writes exactly the text of `iso8601`: whole and fractional seconds, before
  /// 1970, years below 1000 and beyond 9999.
  @Test func bytesOfISO8601EqualItsText() {
    var random = SplitMix64(seed: 8)
    let fixed: [Int64] = [0, -1, 1, 999_999, -62_135_596_800_000_000, 253_402_300_799_999_999, 253_402_300_800_000_000,
                          -62_135_596_800_000_001, 1_764_547_200_000_000]
    let randomTimes = (0..<2_000).map { _ in Int64(bitPattern: random.next()) % 400_000_000_000_000_000 }
    for time in fixed + randomTimes {
      var bytes: [UInt8] = []
      Timestamp.appendISO8601(time, to: &bytes)
      #expect(String(decoding: bytes, as: UTF8.self) == Timestamp.iso8601(time), "\(time)")
    }
  }
}
