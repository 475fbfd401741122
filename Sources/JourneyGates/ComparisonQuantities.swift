import JourneyCompare
import JourneyReports

/// The quantities of `journey compare` for gates (SPEC §10): a quantity of one report is the current
/// report's; `delta(Q)` is current − base (a ratio's change in points: 0.4 → 0.38 is −0.02, `-2pp`);
/// `p` is the comparison's two-proportion z-test p-value of the change of the conversion that the
/// gate's `delta(conversion(…))` names (from start, or from the previous step with `from=previous`).
package struct ComparisonQuantities: GateQuantities {
  package var base: JourneyReport
  package var current: JourneyReport
  package var comparison: ReportComparison

  package init(base: JourneyReport, current: JourneyReport, comparison: ReportComparison) {
    self.base = base
    self.current = current
    self.comparison = comparison
  }

  package func reading(of quantity: GateQuantity, as kind: GateKind) -> GateReading {
    guard case .delta(let inner) = quantity else { return current.reading(of: quantity, as: kind) }
    let sideKind: GateKind = kind == .points ? .ratio : kind
    switch (base.reading(of: inner, as: sideKind), current.reading(of: inner, as: sideKind)) {
    case (.value(let before), .value(let after)): return .value(after - before)
    case (.undefined(let reason), _): return .undefined("base: \(reason)")
    case (_, .undefined(let reason)): return .undefined("current: \(reason)")
    }
  }

  package func pValue(of conversion: GateQuantity) -> GateReading {
    guard case .conversion(let stage, let fromPrevious) = conversion else {
      return .undefined("p tests a change of a conversion")
    }
    guard let step = comparison.steps.first(where: { $0.stage == stage.name }) else {
      return .undefined("the comparison has no step \(stage.written)")
    }
    let change = fromPrevious ? step.conversionFromPrevious : step.conversionFromStart
    guard let p = change.pValue else {
      return .undefined("no p-value for \(conversion.text): no units on a side, or all or none converted on both")
    }
    return .value(p)
  }
}
