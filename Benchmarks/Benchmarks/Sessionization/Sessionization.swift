import Benchmark
import BenchmarkInputs
import JourneyModel
import JourneyReports
import JourneySessions

/// EventStore + JourneyEngine on 1M engine-ready events (heavy-tailed users, shuffled input order):
/// appending into the partitioned store, sorting each user's events, sessionizing (30 min timeout) and
/// the session-scope funnel, transitions and paths, on one thread (deterministic timing).
let benchmarks: @Sendable () -> Void = {
  Benchmark(
    "Sessions.engine.1M",
    configuration: .journeyStage(metrics: [.peakMemoryResident], mallocTolerance: 20_000, maxIterations: 10)
  ) { (benchmark: Benchmark, events: [EventRecord]) in
    let settings = ReportSettings(stages: ["awareness", "consideration", "decision", "purchase"])
    for _ in benchmark.scaledIterations {
      let store = EventStore(partitions: 64)
      store.append(contentsOf: events)
      let result = try! JourneyEngine.run(
        store: store, policy: SessionPolicy(), settings: settings, attributes: AttributeTable(), threads: 1)
      precondition(result.users > 0 && result.sessions >= result.users)
      blackHole(result)
    }
  } setup: {
    var synthetic = SyntheticEvents(seed: 42, userCount: 100_000)
    return synthetic.eventRecords(count: 1_000_000)
  }
}
