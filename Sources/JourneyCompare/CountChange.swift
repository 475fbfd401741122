/// A count in both reports: base, current, the change (current − base) and the relative change
/// (change / base; nil when base is 0).
package struct CountChange: Codable, Sendable, Equatable {
  package var base: Int
  package var current: Int
  package var change: Int
  package var relativeChange: Double?

  package init(base: Int, current: Int) {
    self.base = base
    self.current = current
    change = current - base
    relativeChange = base == 0 ? nil : Double(current - base) / Double(base)
  }

  enum CodingKeys: String, CodingKey {
    case base, current, change
    case relativeChange = "relative_change"
  }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(base, forKey: .base)
    try c.encode(current, forKey: .current)
    try c.encode(change, forKey: .change)
    try c.encode(relativeChange, forKey: .relativeChange)
  }
}
