import JourneyConfig
import JourneyModel
import Testing

@Suite struct DurationTests {
  @Test(arguments: [
    ("90s", 90_000_000), ("30m", 1_800_000_000), ("2h", 7_200_000_000), ("7d", 604_800_000_000),
    ("500ms", 500_000), ("1.5h", 5_400_000_000), ("250us", 250), ("1w", 604_800_000_000),
    (" 45 s ", 45_000_000), ("0s", 0),
  ] as [(String, Int64)])
  func parsesDurations(text: String, micros: Int64) {
    #expect(ConfigLoader.durationMicroseconds(text) == micros)
  }

  @Test(arguments: ["", "m", "30mn", "-5m", "thirty minutes", "1e3", "5 parsecs", ".5h", "1800", "30", "0"])
  func rejectsMalformedDurations(text: String) {
    #expect(ConfigLoader.durationMicroseconds(text) == nil)
  }

  /// A number alone is no duration; the suggestion is minutes, or seconds for a multiple of 60.
  @Test(arguments: [("30", "30m"), ("1800", "1800s (30m)"), ("90", "90m"), ("120", "120s (2m)"), ("1.5", "1.5m"), (" 45 ", "45m")])
  func suggestsAUnitForABareNumber(text: String, suggestion: String) {
    #expect(ConfigLoader.unitSuggestion(text) == suggestion)
  }

  @Test(arguments: ["0", "-5", "30m", "abc", "", ".5", "1e3"])
  func suggestsNothingForTheRest(text: String) {
    #expect(ConfigLoader.unitSuggestion(text) == nil)
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
