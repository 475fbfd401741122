/// What a gate found: whether it failed, and the quantities it read.
package struct GateOutcome: Sendable, Hashable {
  package struct Reading: Sendable, Hashable {
    package var quantity: GateQuantity
    package var kind: GateKind
    package var reading: GateReading

    /// `conversion(purchase) = 1.73%`, `median_time(purchase) undefined (no unit reached purchase)`.
    package var text: String {
      switch reading {
      case .value(let value): "\(quantity.text) = \(GateValueText.text(value, as: kind))"
      case .undefined(let reason): "\(quantity.text) undefined: \(reason)"
      }
    }
  }

  package var text: String
  package var failed: Bool
  package var readings: [Reading]

  /// The line for stderr when the gate failed: `gate failed: EXPR (QUANTITY = VALUE, …)`.
  package var line: String? {
    guard failed else { return nil }
    return "gate failed: \(text) (\(readings.map(\.text).joined(separator: "; ")))"
  }
}
