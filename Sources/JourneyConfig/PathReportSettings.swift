/// `report:`: sizes of the path report (the engine's whole settings are `JourneyReports.ReportSettings`).
package struct PathReportSettings: Sendable, Equatable, Encodable {
  package var topPaths: Int
  package var maxPathLength: Int

  package init(topPaths: Int = 20, maxPathLength: Int = 10) {
    self.topPaths = topPaths
    self.maxPathLength = maxPathLength
  }

  enum CodingKeys: String, CodingKey { case topPaths = "top_paths", maxPathLength = "max_path_length" }
}
