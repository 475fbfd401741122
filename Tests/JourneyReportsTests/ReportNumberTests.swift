import JourneyReports
import Testing

/// Seconds exact to the microsecond and points to 1e-9, written in their short form (SPEC §11).
@Suite struct ReportNumberTests {
  @Test(arguments: [
    (2_040_000_000.0000002, 2040.0), (37_100_000.4, 37.1), (332_499_999.99999994, 332.5), (1.5, 0.000002), (0.4, 0),
  ])
  func secondsAreExactToTheMicrosecond(microseconds: Double, seconds: Double) {
    #expect(ReportNumber.seconds(microseconds: microseconds) == seconds)
    #expect("\(ReportNumber.seconds(microseconds: microseconds))" == "\(seconds)")
  }

  @Test func noiseFromArithmeticIsGone() {
    // (0.371 − 0) × 100 and 0.1 + 0.2 carry noise in their last bits.
    #expect("\((0.1 + 0.2) * 100)" == "30.000000000000004")
    #expect("\(ReportNumber.points((0.1 + 0.2) * 100))" == "30.0")
    #expect("\(ReportNumber.points((0.5825757973832169 - 0.5) * 100))" == "8.257579738")
    #expect("\(ReportNumber.seconds(2039.9999999999998))" == "2040.0")
    #expect(ReportNumber.points(-3.5400000000000005) == -3.54)
  }
}
