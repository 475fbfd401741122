/// What a gate reads its quantities from: a report (``JourneyReport``), later a comparison of two.
///
/// A reading is a number in the unit of its kind (a ratio between 0 and 1, points as a difference of
/// ratios, seconds, counts), or undefined with the reason, which the failed gate's line shows.
package protocol GateQuantities {
  /// The value of `quantity` measured as `kind` (one of ``GateQuantity/kinds``).
  func reading(of quantity: GateQuantity, as kind: GateKind) -> GateReading

  /// `p`: the two-proportion z-test p-value of the change of `conversion` (a `conversion(…)`
  /// quantity, the one the gate's `delta(…)` names: ``Gate/pSubject``).
  func pValue(of conversion: GateQuantity) -> GateReading
}

extension GateQuantities {
  package func pValue(of conversion: GateQuantity) -> GateReading { .undefined("needs journey compare") }
}
