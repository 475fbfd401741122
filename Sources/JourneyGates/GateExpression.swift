/// The tree of a parsed gate: comparisons joined by `and` / `or`.
package indirect enum GateExpression: Sendable, Hashable {
  case comparison(GateComparison)
  case and(GateExpression, GateExpression)
  case or(GateExpression, GateExpression)

  /// Every comparison, left to right.
  package var comparisons: [GateComparison] {
    switch self {
    case .comparison(let comparison): [comparison]
    case .and(let left, let right), .or(let left, let right): left.comparisons + right.comparisons
    }
  }
}
