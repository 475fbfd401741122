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
