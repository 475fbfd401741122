/// One token of a `--fail-if` expression, with the 1-based column (in characters) where it starts.
struct GateToken: Sendable, Equatable {
  enum Kind: Sendable, Equatable {
    /// A bare word: a quantity's name, `and`, `or`, `from`, `previous`, or a stage name.
    case name(String)
    /// A stage name in double quotes, escapes undone (`\"`, `\\`).
    case string(String)
    /// A number with its unit: `2%` is (0.02, ratio), `90s` is (90, duration).
    case literal(Double, GateKind)
    case leftParenthesis, rightParenthesis, comma, equals
    case comparison(GateOperator)
    case end
  }

  var kind: Kind
  var column: Int
  /// The token as written (`2%`, `"add to cart"`), for messages.
  var text: String

  /// How an error message names the token: `'purchase'`, `2%`, `the end of the expression`.
  var described: String {
    switch kind {
    case .end: "the end of the expression"
    case .name: "'\(text)'"
    default: text
    }
  }
}
