/// One `breakdown:` entry: report funnels per value of `field` (first touch), the `top` values.
public struct BreakdownSettings: Sendable, Equatable, Encodable {
  public var field: String
  public var top: Int

  public init(field: String, top: Int = 10) {
    self.field = field
    self.top = top
  }
}
