import JourneyReports

/// A report's quantities, by stage name; `delta(…)` and `p` are a comparison's and undefined here
/// (``Gate/parse(_:for:)`` refuses them on `report`).
extension JourneyReport: GateQuantities {
  package func reading(of quantity: GateQuantity, as kind: GateKind) -> GateReading {
    switch quantity {
    case .units: return .value(Double(summary.units))
    case .events: return .value(Double(summary.events))
    case .rejected:
      guard kind == .ratio else { return .value(Double(summary.rejected)) }
      let records = summary.events + summary.rejected
      guard records > 0 else { return .undefined("no records were read") }
      return .value(Double(summary.rejected) / Double(records))
    case .delta, .p:
      return .undefined("needs journey compare")
    case .reach(let stage):
      guard let map = journeyMap else { return .undefined("the report has no journey map") }
      guard let column = map.stages.first(where: { $0.stage == stage.name }) else { return unknown(stage) }
      guard kind == .ratio else { return .value(Double(column.reach)) }
      guard map.units > 0 else { return .undefined("no units") }
      return .value(Double(column.reach) / Double(map.units))
    case .conversion(let stage, let fromPrevious):
      guard let index = funnel.steps.firstIndex(where: { $0.stage == stage.name }) else { return unknown(stage) }
      let base = fromPrevious ? max(index - 1, 0) : 0
      let baseStep = funnel.steps[base]
      guard baseStep.units > 0 else {
        return .undefined(base == 0 ? "no unit entered the funnel" : "no unit reached \(baseStep.label)")
      }
      return .value(Double(funnel.steps[index].units) / Double(baseStep.units))
    case .dropped(let stage):
      guard let step = funnel.steps.first(where: { $0.stage == stage.name }) else { return unknown(stage) }
      return .value(Double(step.dropped))
    case .stageUnits(let stage):
      guard let step = funnel.steps.first(where: { $0.stage == stage.name }) else { return unknown(stage) }
      return .value(Double(step.units))
    case .medianTime(let stage):
      guard let index = funnel.steps.firstIndex(where: { $0.stage == stage.name }) else { return unknown(stage) }
      guard index > 0 else { return .undefined("\(stage.written) is the first step") }
      guard let seconds = funnel.steps[index].medianSecondsFromPrevious else {
        return .undefined("no unit went from \(funnel.steps[index - 1].label) to \(funnel.steps[index].label)")
      }
      return .value(seconds)
    }
  }

  private func unknown(_ stage: GateStage) -> GateReading {
    .undefined(
      funnel.order == "any" && stageNames.contains(stage.name)
        ? "with order: any the funnel's steps are not stages" : "the report has no stage \(stage.written)")
  }
}
