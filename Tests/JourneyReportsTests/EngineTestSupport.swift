import JourneyModel
import JourneyReports
import JourneySessions

/// Stages of the test funnel: a → b → c; `nil` is an event with no stage.
let stages = ["a", "b", "c"]

/// Builds records from `(user, seconds, stage name or nil)`; input order = position.
func records(_ rows: [(UInt32, Double, String?)], attributes: [UInt32] = []) -> [EventRecord] {
  rows.enumerated().map { index, row in
    EventRecord(
      time: Int64((row.1 * 1_000_000).rounded()), order: UInt64(index), user: row.0,
      attributes: index < attributes.count ? attributes[index] : 0,
      stage: row.2.map { UInt16(stages.firstIndex(of: $0)!) } ?? EventRecord.noStage)
  }
}

func run(
  _ events: [EventRecord], _ settings: ReportSettings, policy: SessionPolicy = SessionPolicy(),
  attributes: AttributeTable = AttributeTable(), threads: Int = 1, memoryLimit: Int? = nil, partitions: Int = 8
) throws -> EngineResult {
  let store = EventStore(partitions: partitions, memoryLimit: memoryLimit)
  store.append(contentsOf: events)
  return try JourneyEngine.run(store: store, policy: policy, settings: settings, attributes: attributes, threads: threads)
}

extension EngineResult {
  var stepUnits: [Int] { funnel.steps.map(\.units) }
  var dropped: [Int] { funnel.steps.map(\.dropped) }
  var inProgress: [Int] { funnel.steps.map(\.inProgress) }
}
