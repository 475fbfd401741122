import JourneySessions
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
}
