/// One test of one field: `{field: context.page.path, prefix: /blog}`.
///
/// Two tests are equal when field and operator are; where they were written does not matter.
package struct FieldTest: Sendable, Equatable, Encodable {
  package var field: String
  package var op: FieldOperator
  package var location: SourceLocation

  package init(field: String, op: FieldOperator, location: SourceLocation) {
    self.field = field
    self.op = op
    self.location = location
  }

  package static func == (a: FieldTest, b: FieldTest) -> Bool { a.field == b.field && a.op == b.op }

  struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  package func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: Key.self)
    try container.encode(field, forKey: Key(stringValue: "field"))
    let key = Key(stringValue: op.name)
    switch op {
    case .equals(let s), .glob(let s), .regex(let s), .prefix(let s), .suffix(let s), .contains(let s):
      try container.encode(s, forKey: key)
    case .in(let values): try container.encode(values, forKey: key)
    case .exists(let b): try container.encode(b, forKey: key)
    case .gt(let d), .gte(let d), .lt(let d), .lte(let d): try container.encode(d, forKey: key)
    }
  }
}
