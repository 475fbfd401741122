/// One `breakdown:` entry: report funnels per value of `field` (first touch), the `top` values.
package struct BreakdownSettings: Sendable, Equatable, Encodable {
  package var field: String
  package var top: Int
  /// Where the entry is written, for warnings about it; not part of equality or the JSON.
  package var location: SourceLocation?

  package init(field: String, top: Int = 10, location: SourceLocation? = nil) {
    self.field = field
    self.top = top
    self.location = location
  }

  package static func == (a: BreakdownSettings, b: BreakdownSettings) -> Bool { a.field == b.field && a.top == b.top }

  enum CodingKeys: String, CodingKey { case field, top }
}
