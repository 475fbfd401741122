import JourneyReports

/// A duration in seconds (a median) in both reports; the change (current − base, seconds) and the
/// relative change are nil when either side has none (or, relative, when base is 0).
package struct DurationChange: Codable, Sendable, Equatable {
  package var base: Double?
  package var current: Double?
  package var changeSeconds: Double?
  package var relativeChange: Double?

  package init(base: Double?, current: Double?) {
    self.base = base
    self.current = current
    if let base, let current {
      changeSeconds = ReportNumber.seconds(current - base)
      relativeChange = base == 0 ? nil : (current - base) / base
    }
  }

  enum CodingKeys: String, CodingKey {
    case base, current
    case changeSeconds = "change_seconds"
    case relativeChange = "relative_change"
  }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(base, forKey: .base)
    try c.encode(current, forKey: .current)
    try c.encode(changeSeconds, forKey: .changeSeconds)
    try c.encode(relativeChange, forKey: .relativeChange)
  }
}
