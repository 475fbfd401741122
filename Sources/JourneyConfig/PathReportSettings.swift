/// `report:`: sizes of the path report (the engine's whole settings are `JourneyReports.ReportSettings`).
public struct PathReportSettings: Sendable, Equatable, Encodable {
  public var topPaths: Int
  public var maxPathLength: Int

  public init(topPaths: Int = 20, maxPathLength: Int = 10) {
    self.topPaths = topPaths
    self.maxPathLength = maxPathLength
  }

  enum CodingKeys: String, CodingKey { case topPaths = "top_paths", maxPathLength = "max_path_length" }
}
