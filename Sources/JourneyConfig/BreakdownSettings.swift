/// One `breakdown:` entry: report funnels per value of `field` (first touch), the `top` values.
package struct BreakdownSettings: Sendable, Equatable, Encodable {
  package var field: String
  package var top: Int

  package init(field: String, top: Int = 10) {
    self.field = field
    self.top = top
  }
}
