/// A comparison of a gate: `<`, `<=`, `>`, `>=`, `==`, `!=`.
package enum GateOperator: String, Sendable, Hashable, CaseIterable {
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
  case equal = "=="
  case notEqual = "!="

  /// Whether `left OP right` holds (exact comparison of doubles: `conversion(cart) == 50%` holds
  /// for 1 of 2 units, since 1/2 and 50/100 are the same double).
  package func holds(_ left: Double, _ right: Double) -> Bool {
    switch self {
    case .less: left < right
    case .lessOrEqual: left <= right
    case .greater: left > right
    case .greaterOrEqual: left >= right
    case .equal: left == right
    case .notEqual: left != right
    }
  }
}
