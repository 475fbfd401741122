import JourneyConfig
import JourneyModel
import Testing

@Suite struct DurationTests {
  @Test(arguments: [
    ("90s", 90_000_000), ("30m", 1_800_000_000), ("2h", 7_200_000_000), ("7d", 604_800_000_000),
    ("500ms", 500_000), ("1800", 1_800_000_000), ("1.5h", 5_400_000_000), ("250us", 250), ("1w", 604_800_000_000),
    (" 45 s ", 45_000_000), ("0s", 0),
  ] as [(String, Int64)])
  func parsesDurations(text: String, micros: Int64) {
    #expect(ConfigLoader.durationMicroseconds(text) == micros)
  }

  @Test(arguments: ["", "m", "30mn", "-5m", "thirty minutes", "1e3", "5 parsecs", ".5h"])
  func rejectsMalformedDurations(text: String) {
    #expect(ConfigLoader.durationMicroseconds(text) == nil)
  }

  @Test(arguments: [1_800_000_000, 604_800_000_000, 90_000_000, 500_000, 7, 259_200_000_000] as [Int64])
  func durationTextRoundTrips(micros: Int64) {
    #expect(ConfigLoader.durationMicroseconds(ConfigLoader.durationText(micros)) == micros)
  }

  @Test func validatesTimeZoneNames() {
    #expect(ConfigLoader.isKnownTimeZone("UTC"))
    #expect(ConfigLoader.isKnownTimeZone("Europe/Berlin"))
    #expect(!ConfigLoader.isKnownTimeZone("Europe/Atlantis"))
    #expect(!ConfigLoader.isKnownTimeZone(""))
  }
}
