import JourneyReports

/// The transition list of a report as a square-ish matrix: rows `(start)` + stages, columns stages + `(exit)`.
///
/// Stages come in funnel order, then any other stage that appears in a transition, sorted.
struct TransitionMatrix {
  static let start = "(start)"
  static let exit = "(exit)"

  let stages: [String]
  let rows: [String]
  let columns: [String]
  private let cells: [String: JourneyReport.Transition]

  init(_ transitions: [JourneyReport.Transition], funnelStages: [String]) {
    var stages = funnelStages
    var seen = Set(funnelStages)
    var extra: [String] = []
    for transition in transitions {
      for stage in [transition.from, transition.to]
      where stage != Self.start && stage != Self.exit && !seen.contains(stage) {
        seen.insert(stage)
        extra.append(stage)
      }
    }
    stages += extra.sorted()
    self.stages = stages
    rows = [Self.start] + stages
    columns = stages + [Self.exit]
    var cells: [String: JourneyReport.Transition] = [:]
    for transition in transitions { cells[Self.key(transition.from, transition.to)] = transition }
    self.cells = cells
  }

  subscript(from: String, to: String) -> JourneyReport.Transition? { cells[Self.key(from, to)] }

  /// Row totals: all transitions leaving `from`.
  func total(from: String) -> Int {
    columns.reduce(0) { $0 + (self[from, $1]?.count ?? 0) }
  }

  private static func key(_ from: String, _ to: String) -> String { from + "\u{0}" + to }
}
