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

  /// The field and the values a condition that is one `equals` or `in` test compares it with; nil
  /// for any other condition. The stage rules' literal prefix (``LiteralRulePrefix``) and the "did
  /// you mean" hint of a rule without events both go by it, so they agree on which rules test values.
  package var literalTest: (field: String, values: [String])? {
    guard case .test(let test) = self else { return nil }
    switch test.op {
    case .equals(let value): return (test.field, [value])
    case .in(let values): return (test.field, values)
    default: return nil
    }
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
