/// Counts of one breakdown value: units, funnel depths, transitions and its journey map (the
/// whole report's ``JourneyMapCounts``; with lift in the first breakdown field's values, whose sum
/// is the whole report's map: ``UnitAggregator/map``).
struct BreakdownValueCounts {
  var units = 0
  /// `depths[d]`: units whose funnel depth is exactly d.
  var depths: [Int]
  var transitions: [Int]
  var map: JourneyMapCounts

  init(stageCount: Int) {
    depths = Array(repeating: 0, count: stageCount + 1)
    transitions = Array(repeating: 0, count: (stageCount + 1) * (stageCount + 1))
    map = JourneyMapCounts(stageCount: stageCount)
  }

  mutating func merge(_ other: BreakdownValueCounts) {
    map.merge(other.map)
    units += other.units
    for index in depths.indices { depths[index] += other.depths[index] }
    for index in transitions.indices { transitions[index] += other.transitions[index] }
  }

  /// Records a streamed unit (see ``UnitAggregator``'s streamed path).
  mutating func record(
    depth: Int, cells: [Int32], counts: [Int32: Int], hasStage: Bool, unit: UnitMapSummary, chain: [Int64],
    lift: Bool
  ) {
    map.record(unit, chain: chain, lift: lift)
    units += 1
    depths[depth] += 1
    if hasStage { UnitAggregator.add(cells: cells, counts: counts, into: &transitions) }
  }

  /// Records a unit held whole.
  mutating func record(
    depth: Int, visits: [UInt16], hasStage: Bool, stageCount: Int, unit: UnitMapSummary, chain: [Int64],
    lift: Bool
  ) {
    map.record(unit, chain: chain, lift: lift)
    units += 1
    depths[depth] += 1
    if hasStage { UnitAggregator.count(visits: visits, stageCount: stageCount, into: &transitions) }
  }
}
