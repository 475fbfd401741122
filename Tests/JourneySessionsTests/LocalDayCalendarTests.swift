import Foundation
import JourneySessions
import JourneyModel
import JourneyTestSupport
import Testing

@Suite struct LocalDayCalendarTests {
  @Test(arguments: [
    (Int64(1_774_746_000_000_000) - 1, Int64(3_600_000_000)),  // 2026-03-29T00:59:59.999999Z: CET
    (Int64(1_774_746_000_000_000), Int64(7_200_000_000)),  // 01:00Z: CEST
    (Int64(1_792_890_000_000_000) - 1, Int64(7_200_000_000)),  // 2026-10-25T00:59:59.999999Z: CEST
    (Int64(1_792_890_000_000_000), Int64(3_600_000_000)),  // 01:00Z: CET
  ])
  func berlinOffsetsChangeAtTheTransitions(time: Int64, offset: Int64) throws {
    let calendar = try #require(LocalDayCalendar(timeZone: "Europe/Berlin"))
    #expect(calendar.offset(at: time) == offset)
  }

  @Test func unknownZoneIsNil() {
    #expect(LocalDayCalendar(timeZone: "Mars/Olympus_Mons") == nil)
  }

  @Test func utcDaysAreFloorDivided() throws {
    let calendar = try #require(LocalDayCalendar(timeZone: "UTC"))
    #expect(calendar.localDay(0) == 0)
    #expect(calendar.localDay(-1) == -1)
    #expect(calendar.localDay(86_400_000_000) == 1)
  }

  /// Issue 10, item 12(f): offsets after 2199 (the old table's end) follow the zone's rule, as
  /// Foundation gives them, in summer and winter, north and south, up to year 9999.
  @Test(arguments: ["America/New_York", "Europe/Berlin", "Australia/Sydney", "Pacific/Auckland", "UTC"])
  func offsetsAfter2199FollowTheZonesRule(zone: String) throws {
    let calendar = try #require(LocalDayCalendar(timeZone: zone))
    let foundation = try #require(TimeZone(identifier: zone))
    var random = SplitMix64(seed: 2250)
    // 2200-01-01 to 9999-12-31, random instants and the hours around each New York transition of 2250.
    var seconds: [Int64] = (0..<2_000).map { _ in 7_258_118_400 + Int64(random.next() % 246_100_000_000) }
    var date = Date(timeIntervalSince1970: 8_835_955_200)  // 2250-01-01
    for _ in 0..<2 {
      guard let next = foundation.nextDaylightSavingTimeTransition(after: date) else { break }  // UTC
      let at = Int64(next.timeIntervalSince1970)
      seconds += [at - 1, at, at + 1]
      date = next
    }
    for second in seconds {
      let expected = Int64(foundation.secondsFromGMT(for: Date(timeIntervalSince1970: Double(second)))) * 1_000_000
      #expect(calendar.offset(at: second * 1_000_000) == expected, "\(zone) at \(second)")
    }
  }

  @Test func newYorkIn2250HasSummerTime() throws {
    let calendar = try #require(LocalDayCalendar(timeZone: "America/New_York"))
    // 2250-07-01T12:00:00Z is 08:00 EDT (UTC-4); 2250-01-01T12:00:00Z is 07:00 EST (UTC-5).
    #expect(calendar.offset(at: 8_851_593_600_000_000 + 43_200_000_000) == -4 * 3_600_000_000)
    #expect(calendar.offset(at: 8_835_955_200_000_000 + 43_200_000_000) == -5 * 3_600_000_000)
    // 2250-07-01T03:30:00Z is still June 30 in New York.
    #expect(calendar.localDay(8_851_593_600_000_000 + 12_600_000_000) == 8_851_593_600 / 86_400 - 1)
  }

  /// The hinted lookup a user's events use gives the days the plain one gives, for times in and out
  /// of order, around transitions and past the table's end, whatever the hint held before.
  @Test(arguments: ["Europe/Berlin", "Australia/Sydney", "America/New_York", "UTC"])
  func hintedDaysAreThePlainOnes(zone: String) throws {
    let calendar = try #require(LocalDayCalendar(timeZone: zone))
    var random = SplitMix64(seed: 16)
    let tableEnd: Int64 = 14_831_769_600_000_000  // 2440-01-01, where the table ends
    var times: [Int64] = [Int64.min / 2, -1, 0, 1, tableEnd - 1, tableEnd, tableEnd + 1, Int64.max / 2]
    // 2026 hour by hour (both transitions of each zone), then random instants 1900–9999, sorted and not.
    times += (0..<(366 * 24)).map { 1_767_225_600_000_000 + Int64($0) * 3_600_000_000 }
    let randomTimes = (0..<3_000).map { _ in -2_208_988_800_000_000 + Int64(random.next() % 255_000_000_000) * 1_000_000 }
    times += randomTimes.sorted() + randomTimes
    var hint = 0
    for time in times {
      #expect(calendar.localDay(time, hint: &hint) == calendar.localDay(time), "\(zone) at \(time)")
    }
  }
}
