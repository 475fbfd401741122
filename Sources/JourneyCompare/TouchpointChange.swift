/// One exit touchpoint's units among the dropped units of a step, in both reports.
///
/// A value missing from a report's list (the lists keep the top 100 values) counts as 0 there.
package struct TouchpointChange: Codable, Sendable, Equatable {
  package var value: String
  package var base: Int
  package var current: Int
  package var change: Int

  package init(value: String, base: Int, current: Int) {
    self.value = value
    self.base = base
    self.current = current
    change = current - base
  }
}
