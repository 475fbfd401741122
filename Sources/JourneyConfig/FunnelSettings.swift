import JourneyModel

/// `funnel:`: the unit, the step order and (user scope) the window.
package struct FunnelSettings: Sendable, Equatable, Encodable {
  package var scope: FunnelScope
  package var order: FunnelOrder
  package var window: Microseconds?
  /// Where `window` is written, for warnings about it; not part of equality or the JSON.
  package var windowLocation: SourceLocation?

  package static func == (a: FunnelSettings, b: FunnelSettings) -> Bool {
    a.scope == b.scope && a.order == b.order && a.window == b.window
  }

  package init(scope: FunnelScope = .session, order: FunnelOrder = .ordered, window: Microseconds? = nil) {
    self.scope = scope
    self.order = order
    self.window = window
  }

  enum CodingKeys: String, CodingKey { case scope, order, window }

  package func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(scope, forKey: .scope)
    try container.encode(order, forKey: .order)
    try container.encode(window.map(ConfigLoader.durationText), forKey: .window)
  }
}
