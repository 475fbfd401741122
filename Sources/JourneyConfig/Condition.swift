/// A test of one record: field tests combined with `all` / `any` / `not`.
package indirect enum Condition: Sendable, Equatable, Encodable {
  case all([Condition])
  case any([Condition])
  case not(Condition)
  case test(FieldTest)

  /// Every field the condition reads, in first-use order.
  package var fieldNames: [String] {
    var names: [String] = []
    collectFields(into: &names)
    return names
  }

  private func collectFields(into names: inout [String]) {
    switch self {
    case .all(let parts), .any(let parts): for part in parts { part.collectFields(into: &names) }
    case .not(let inner): inner.collectFields(into: &names)
    case .test(let test): if !names.contains(test.field) { names.append(test.field) }
    }
  }

  enum CodingKeys: String, CodingKey { case all, any, not }

  package func encode(to encoder: any Encoder) throws {
    switch self {
    case .all(let parts):
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(parts, forKey: .all)
    case .any(let parts):
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(parts, forKey: .any)
    case .not(let inner):
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(inner, forKey: .not)
    case .test(let test):
      try test.encode(to: encoder)
    }
  }
}
