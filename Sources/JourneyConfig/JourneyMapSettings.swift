/// `journey_map:`: the sizes of the journey map (SPEC §8); the touchpoint field itself is
/// ``JourneyConfig/touchpoint`` (``TouchpointSettings``).
package struct JourneyMapSettings: Sendable, Equatable, Encodable {
  /// Touchpoints listed per stage in the table, Markdown and HTML (JSON lists up to 100).
  package var top: Int
  /// Lift is rated only for touchpoints of at least this many units (successes + failures).
  package var minUnits: Int

  package init(top: Int = 10, minUnits: Int = 25) {
    self.top = top
    self.minUnits = minUnits
  }

  enum CodingKeys: String, CodingKey { case top, minUnits = "min_units" }
}
