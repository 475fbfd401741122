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

/// `left OP right`, at least one side a quantity; `kind` is what both sides measure (a `rejected`
/// compared with `0.5%` is the share of records rejected, with `10` their count).
package struct GateComparison: Sendable, Hashable {
  package var left: GateOperand
  package var comparison: GateOperator
  package var right: GateOperand
  package var kind: GateKind

  package init(left: GateOperand, comparison: GateOperator, right: GateOperand, kind: GateKind) {
    self.left = left
    self.comparison = comparison
    self.right = right
    self.kind = kind
  }
}

/// One side of a comparison.
package enum GateOperand: Sendable, Hashable {
  case literal(Double, GateKind)
  case quantity(GateQuantity)

  package var kinds: [GateKind] {
    switch self {
    case .literal(_, let kind): [kind]
    case .quantity(let quantity): quantity.kinds
    }
  }
}
