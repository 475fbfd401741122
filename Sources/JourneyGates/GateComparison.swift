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
