/// What a ``FieldTest`` checks about a field's value.
package enum FieldOperator: Sendable, Equatable {
  case equals(String)
  case `in`([String])
  /// `*` any run of characters (`/` included), `?` one byte, `[abc]`, `[a-z]`, `[!abc]`; the whole value must match.
  case glob(String)
  case regex(String)
  case prefix(String)
  case suffix(String)
  case contains(String)
  /// `exists: true`: the field has a non-empty value; `exists: false`: it has none.
  case exists(Bool)
  case gt(Double)
  case gte(Double)
  case lt(Double)
  case lte(Double)

  /// The config key of each operator, in the order they are documented.
  package static let names = ["equals", "in", "glob", "regex", "prefix", "suffix", "contains", "exists", "gt", "gte", "lt", "lte"]

  package var name: String {
    switch self {
    case .equals: "equals"
    case .in: "in"
    case .glob: "glob"
    case .regex: "regex"
    case .prefix: "prefix"
    case .suffix: "suffix"
    case .contains: "contains"
    case .exists: "exists"
    case .gt: "gt"
    case .gte: "gte"
    case .lt: "lt"
    case .lte: "lte"
    }
  }
}
