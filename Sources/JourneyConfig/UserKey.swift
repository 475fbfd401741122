/// How a record's user id is made from its fields.
package enum UserKey: Sendable, Equatable, Encodable {
  /// `user: userId` or `user: [userId, anonymousId]`: the first non-empty field.
  case fallbacks([String])
  /// `user: {combine: [client, user_agent]}`: the values joined (access logs have no user ids).
  case combined([String])

  /// Every field name involved, in order.
  package var fieldNames: [String] {
    switch self {
    case .fallbacks(let names), .combined(let names): names
    }
  }

  package func encode(to encoder: any Encoder) throws {
    switch self {
    case .fallbacks(let names):
      var container = encoder.singleValueContainer()
      if names.count == 1 { try container.encode(names[0]) } else { try container.encode(names) }
    case .combined(let names):
      var container = encoder.singleValueContainer()
      try container.encode(["combine": names])
    }
  }
}
