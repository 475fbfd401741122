/// A named quantity of a report (or, for `delta` and `p`, of a comparison of two reports).
package indirect enum GateQuantity: Sendable, Hashable {
  /// `conversion(STAGE)`: the step's conversion from the funnel's start; `conversion(STAGE,
  /// from=previous)`: from the previous step.
  case conversion(GateStage, fromPrevious: Bool)
  /// `dropped(STAGE)`: units that reached the step and not the next (in-progress units not counted).
  case dropped(GateStage)
  /// `units(STAGE)`: units that reached the step.
  case stageUnits(GateStage)
  /// `reach(STAGE)`: the journey map's reach, a count of units (with a plain number) or its share of
  /// all units (with a percentage).
  case reach(GateStage)
  /// `median_time(STAGE)`: the median time from the previous step to this one.
  case medianTime(GateStage)
  /// `units`: all funnel units (sessions or users, per scope).
  case units
  /// `events`: events accepted.
  case events
  /// `rejected`: rejected records, a count (with a plain number) or a share of all records read
  /// (with a percentage).
  case rejected
  /// `delta(QUANTITY)`: current minus base (`journey compare`); a ratio's change is in points.
  case delta(GateQuantity)
  /// `p`: the two-proportion z-test p-value of the comparison (`journey compare`).
  case p

  /// The kinds this quantity compares with; the first is the one a message suggests.
  package var kinds: [GateKind] {
    switch self {
    case .conversion: [.ratio]
    case .dropped, .stageUnits, .units, .events: [.number]
    case .reach, .rejected: [.number, .ratio]
    case .medianTime: [.duration]
    case .p: [.number, .ratio]
    case .delta(let inner):
      inner.kinds.map { $0 == .ratio ? .points : $0 }
    }
  }

  /// The stage it names, if any.
  package var stage: GateStage? {
    switch self {
    case .conversion(let stage, _), .dropped(let stage), .stageUnits(let stage), .reach(let stage),
      .medianTime(let stage):
      stage
    case .delta(let inner): inner.stage
    case .units, .events, .rejected, .p: nil
    }
  }

  /// Whether it reads a funnel step (by its stage), which `order: any` does not name.
  package var readsFunnelStep: Bool {
    switch self {
    case .conversion, .dropped, .stageUnits, .medianTime: true
    case .delta(let inner): inner.readsFunnelStep
    default: false
    }
  }

  /// Whether only a comparison of two reports has it (`delta(…)`, `p`).
  package var needsComparison: Bool {
    switch self {
    case .delta, .p: true
    default: false
    }
  }

  /// The quantity as written, normalised: `conversion(cart, from=previous)`, `units("add to cart")`.
  package var text: String {
    switch self {
    case .conversion(let stage, let fromPrevious):
      "conversion(\(stage.written)\(fromPrevious ? ", from=previous" : ""))"
    case .dropped(let stage): "dropped(\(stage.written))"
    case .stageUnits(let stage): "units(\(stage.written))"
    case .reach(let stage): "reach(\(stage.written))"
    case .medianTime(let stage): "median_time(\(stage.written))"
    case .units: "units"
    case .events: "events"
    case .rejected: "rejected"
    case .delta(let inner): "delta(\(inner.text))"
    case .p: "p"
    }
  }
}
