@testable import JourneyRender
import Testing

@Suite struct ComparisonFormattingTests {
  @Test(arguments: [
    (Double?.none, "–"), (0.0, "<0.001"), (0.000_999, "<0.001"), (0.001, "0.001"), (0.0456, "0.046"),
    (0.05, "0.050"), (0.9995, "1.000"), (1.0, "1.000"),
  ])
  func pValuesHaveThreeDecimalsAndAFloor(value: Double?, text: String) {
    #expect(ComparisonFormatting.pValue(value) == text)
  }

  @Test(arguments: [(-5.0, "-5.0 pp"), (0.26, "+0.3 pp"), (0.0, "0.0 pp"), (-0.04, "0.0 pp"), (-10.666, "-10.7 pp")])
  func pointsCarryASignUnlessTheyRoundToZero(value: Double, text: String) {
    #expect(ComparisonFormatting.points(value) == text)
  }

  @Test func relativeChangesAndCountsAreSigned() {
    #expect(ComparisonFormatting.relative(-0.1) == "-10.0%")
    #expect(ComparisonFormatting.relative(0.25) == "+25.0%")
    #expect(ComparisonFormatting.relative(0) == "0.0%")
    #expect(ComparisonFormatting.relative(nil) == "–")
    #expect(ComparisonFormatting.signedInteger(1_234) == "+1,234")
    #expect(ComparisonFormatting.signedInteger(-100) == "-100")
    #expect(ComparisonFormatting.signedInteger(0) == "0")
  }

  @Test func durationChangesAreSignedInHumanUnits() {
    #expect(ComparisonFormatting.signedDuration(60) == "+1m 00s")
    #expect(ComparisonFormatting.signedDuration(-30) == "-30s")
    #expect(ComparisonFormatting.signedDuration(0) == "0s")
    #expect(ComparisonFormatting.signedDuration(nil) == "–")
  }
}
