import JourneyReports

/// A share (0…1) in both reports and its change in percentage points ((current − base) × 100).
package struct ShareChange: Codable, Sendable, Equatable {
  package var base: Double
  package var current: Double
  package var changePoints: Double

  package init(base: Double, current: Double) {
    self.base = base
    self.current = current
    changePoints = ReportNumber.points((current - base) * 100)
  }

  enum CodingKeys: String, CodingKey {
    case base, current
    case changePoints = "change_points"
  }
}
