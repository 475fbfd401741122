import JourneyModel

/// `funnel:`: the unit, the step order and (user scope) the window.
public struct FunnelSettings: Sendable, Equatable, Encodable {
  public var scope: FunnelScope
  public var order: FunnelOrder
  public var window: Microseconds?

  public init(scope: FunnelScope = .session, order: FunnelOrder = .ordered, window: Microseconds? = nil) {
    self.scope = scope
    self.order = order
    self.window = window
  }

  enum CodingKeys: String, CodingKey { case scope, order, window }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(scope, forKey: .scope)
    try container.encode(order, forKey: .order)
    try container.encode(window.map(ConfigLoader.durationText), forKey: .window)
  }
}
