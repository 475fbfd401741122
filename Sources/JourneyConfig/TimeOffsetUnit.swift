import JourneyModel

/// The unit of `input.fields.time_offset` (`time_offset_unit`).
package enum TimeOffsetUnit: String, Sendable, Equatable, CaseIterable, Encodable {
  case seconds = "s"
  case milliseconds = "ms"
  case microseconds = "us"

  /// Microseconds in one unit: what an offset is multiplied by.
  package var microsecondsPerUnit: Microseconds {
    switch self {
    case .seconds: Timestamp.microsecondsPerSecond
    case .milliseconds: 1_000
    case .microseconds: 1
    }
  }
}
