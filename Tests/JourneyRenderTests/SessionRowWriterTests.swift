@testable import JourneyRender
import Testing

/// The rows of `journey sessions`: CSV times for people, without the padding of the fraction.
@Suite struct SessionRowTimeTests {
  @Test(arguments: [
    ("2026-11-01T00:42:28.459000Z", "2026-11-01T00:42:28.459Z"),
    ("2026-11-01T00:42:28.123456Z", "2026-11-01T00:42:28.123456Z"),
    ("2026-11-01T00:42:28.000250Z", "2026-11-01T00:42:28.000250Z"),
    ("2026-11-01T00:42:28.100000Z", "2026-11-01T00:42:28.100Z"),
    ("2026-11-01T00:42:28Z", "2026-11-01T00:42:28Z"),
  ])
  func csvTimesLoseTheirPadding(written: String, shown: String) {
    var buffer = Array("u1,1,,".utf8) + Array(written.utf8)
    SessionRowWriter.trimFraction(&buffer)
    #expect(String(decoding: buffer, as: UTF8.self) == "u1,1,," + shown)
  }
}
