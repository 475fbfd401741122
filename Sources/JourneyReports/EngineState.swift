public import JourneyModel
public import JourneySessions

/// The engine's part of a partial report (SPEC §12): the mergeable state of every aggregate, the
/// texts of the touchpoint and breakdown values its ids name, and the time range of its events.
/// ``JourneyEngine/finish(_:policy:settings:)`` merges any number of them into the result one run
/// over all their events gives.
package struct EngineState: Codable, Sendable, Equatable {
  /// Value id → text (index 0 is "", no value).
  package var values: [String]
  package var firstEvent: Microseconds?
  package var lastEvent: Microseconds?
  package var whole: AggregateState
  /// Per persona and `(no persona)` (last); nil without personas.
  package var personas: [AggregateState]?
  /// Row-major personas × personas: users in both.
  package var personaOverlap: [Int]?
}

extension JourneyEngine {
  /// The mergeable state of a run over `store`: a unit whose funnel window is still open at the
  /// store's last event stays undecided (in progress or dropped is decided against the merged end).
  package static func partial(
    store: EventStore, policy: SessionPolicy, settings: ReportSettings, attributes: AttributeTable, threads: Int
  ) throws -> EngineState {
    let aggregates = try aggregate(
      store: store, policy: policy, settings: settings, attributes: attributes, threads: threads, decidesAtEnd: true)
    return EngineState(
      values: attributes.valueStrings, firstEvent: store.timeRange?.lowerBound, lastEvent: store.timeRange?.upperBound,
      whole: aggregates.whole.state, personas: aggregates.personas?.map(\.state), personaOverlap: aggregates.overlap)
  }

  /// The result of one run over all the events of `states` (partials of disjoint sets of users):
  /// their values mapped onto one table, their aggregates merged, every undecided unit decided
  /// against the latest event of all, then the sections built as ``run(store:policy:settings:attributes:threads:)`` does.
  package static func finish(
    _ states: [EngineState], policy: SessionPolicy, settings: ReportSettings
  ) throws(StateError) -> EngineResult {
    var values = [""]
    var ids = ["": UInt32(0)]
    let personaCount = settings.personas.count
    var personaSettings = settings
    personaSettings.breakdowns = []
    let sessionizer = Sessionizer(policy: policy)
    let blank = AttributeTable()
    func aggregator(_ settings: ReportSettings) -> UnitAggregator {
      UnitAggregator(settings: settings, sessionizer: sessionizer, attributes: blank, lastTime: 0)
    }
    var whole = aggregator(settings)
    var personas = personaCount == 0 ? nil : (0...personaCount).map { _ in aggregator(personaSettings) }
    var overlap = personaCount == 0 ? nil : [Int](repeating: 0, count: personaCount * personaCount)
    var first: Microseconds?
    var last: Microseconds?
    for state in states {
      let remap = ValueRemap(
        state.values.map { text in
          if let id = ids[text] { return id }
          let id = UInt32(values.count)
          values.append(text)
          ids[text] = id
          return id
        })
      try whole.absorb(state.whole, remap: remap)
      if personas != nil {
        guard let own = state.personas, own.count == personaCount + 1, let counts = state.personaOverlap,
          counts.count == personaCount * personaCount
        else { throw StateError("the partial has no state for each of the \(personaCount) personas") }
        for index in own.indices { try personas![index].absorb(own[index], remap: remap) }
        for index in counts.indices { overlap![index] += counts[index] }
      }
      if let time = state.firstEvent { first = min(first ?? time, time) }
      if let time = state.lastEvent { last = max(last ?? time, time) }
    }
    whole.decideUndecided(lastTime: last ?? 0)
    if personas != nil {
      for index in personas!.indices { personas![index].decideUndecided(lastTime: last ?? 0) }
    }
    let attributes = AttributeTable(flat: [], width: 0, values: values)
    let range = first.flatMap { first in last.map { first...$0 } }
    return result(
      Aggregates(whole: whole, personas: personas, overlap: overlap), settings: settings, attributes: attributes,
      timeRange: range)
  }
}
