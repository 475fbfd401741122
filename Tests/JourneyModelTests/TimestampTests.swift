import JourneyModel
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
}
