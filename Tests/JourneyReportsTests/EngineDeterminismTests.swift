import JourneyModel
import JourneyReports
import JourneySessions
import JourneyTestSupport
import PropertyBased
import Testing

/// A seeded random workload: few users, few distinct instants (so ties happen), all features on.
private struct Workload {
  var events: [EventRecord] = []
  var attributes = AttributeTable()
  var settings: ReportSettings
  var policy: SessionPolicy

  init(seed: UInt64) {
    var random = SplitMix64(seed: seed)
    let orders: [FunnelOrder] = [.ordered, .strict, .any]
    settings = ReportSettings(
      stages: stages, scope: random.next() % 2 == 0 ? .session : .user, order: orders[Int(random.next() % 3)],
      window: random.next() % 2 == 0 ? nil : Int64(random.next() % 400) * 1_000_000, topPaths: 4,
      maxPathLength: 3, breakdowns: [.init(field: "source", top: 2)])
    // Half the workloads have a touchpoint (here the source field itself), with lift from 2 units.
    if random.next() % 2 == 0 { settings.touchpointAttribute = 0 }
    settings.liftMinUnits = 2
    policy = SessionPolicy(
      timeout: 120_000_000, splitAtMidnight: random.next() % 2 == 0, timeZone: "Europe/Berlin",
      newOnChange: random.next() % 2 == 0, maxDuration: random.next() % 2 == 0 ? nil : 300_000_000,
      dedupe: random.next() % 2 == 0)
    let sources = ["google", "bing", "ads", "mail", ""].map { attributes.intern([$0]) }
    let count = Int(random.next() % 400)
    for index in 0..<count {
      let stage = random.next() % 4
      events.append(
        EventRecord(
          time: 1_774_700_000_000_000 + Int64(random.next() % 200) * 5_000_000,
          order: EventRecord.order(file: Int(random.next() % 3), ordinal: index),
          user: UInt32(random.next() % 12) + 1, change: UInt32(random.next() % 3),
          attributes: sources[Int(random.next() % 5)], dedupe: UInt32(random.next() % 30),
          stage: stage == 3 ? EventRecord.noStage : UInt16(stage)))
    }
  }

  func run(_ events: [EventRecord], threads: Int = 1, memoryLimit: Int? = nil) throws -> EngineResult {
    let store = EventStore(partitions: 4, memoryLimit: memoryLimit)
    store.append(contentsOf: events)
    return try JourneyEngine.run(store: store, policy: policy, settings: settings, attributes: attributes, threads: threads)
  }
}

@Suite struct EngineDeterminismTests {
  @Test func shufflingTheAppendedEventsNeverChangesTheResult() async {
    await propertyCheck(count: 40, input: Gen.uint64(in: 0...UInt64.max)) { seed in
      let workload = Workload(seed: seed)
      var random = SplitMix64(seed: seed ^ 0xABCD)
      let shuffled = workload.events.shuffled(using: &random)
      let expected = try workload.run(workload.events)
      let actual = try workload.run(shuffled)
      #expect(expected == actual)
    }
  }

  @Test func spillingUnderATinyMemoryLimitGivesTheIdenticalResult() async {
    await propertyCheck(count: 25, input: Gen.uint64(in: 0...UInt64.max)) { seed in
      let workload = Workload(seed: seed)
      let expected = try workload.run(workload.events)
      let actual = try workload.run(workload.events, memoryLimit: 40 * 50)
      #expect(expected == actual)
    }
  }

  @Test func oneOrTwoThreadsGiveTheIdenticalResult() async {
    await propertyCheck(count: 25, input: Gen.uint64(in: 0...UInt64.max)) { seed in
      let workload = Workload(seed: seed)
      let expected = try workload.run(workload.events, threads: 1)
      let actual = try workload.run(workload.events, threads: 2)
      #expect(expected == actual)
    }
  }

  @Test func stepUnitsNeverIncreaseAndStepsAddUp() async {
    await propertyCheck(count: 40, input: Gen.uint64(in: 0...UInt64.max)) { seed in
      let workload = Workload(seed: seed)
      let result = try workload.run(workload.events)
      let steps = result.funnel.steps
      for index in steps.indices.dropFirst() { #expect(steps[index].units <= steps[index - 1].units) }
      for index in steps.indices.dropLast() {
        #expect(steps[index].units - steps[index + 1].units == steps[index].dropped + steps[index].inProgress)
      }
      #expect(result.entries.map(\.units).reduce(0, +) == result.units - result.unitsWithoutStage)
      // The journey map agrees with the funnel and the transitions: exits count the dropped units,
      // every visit has one time in stage and one outgoing transition, reach bounds each touchpoint.
      let map = try #require(result.journeyMap)
      #expect(map.stages.dropLast().map { $0.exits!.dropped } == result.dropped.dropLast())
      for stage in map.stages.dropLast() {
        #expect(stage.exits!.next.map(\.units).reduce(0, +) == stage.exits!.dropped)
        #expect(stage.exits!.exit.map(\.units).reduce(0, +) == stage.exits!.dropped)
      }
      let visits = result.transitions.filter { $0.from != JourneyEngine.start }.map(\.count).reduce(0, +)
      #expect(map.stages.map(\.timeInStage.count).reduce(0, +) == visits)
      #expect(map.entrants == steps.first?.units && map.units == result.units)
      for stage in map.stages {
        #expect(stage.touchpoints.values.allSatisfy { $0.units <= stage.reach })
        #expect(stage.touchpoints.values.map(\.units).reduce(0, +) >= stage.reach)
      }
      let time = try #require(result.funnel.timeToConvert)
      #expect(time.steps.dropFirst().map { $0!.count } == steps.dropFirst().map(\.units))
      #expect(time.whole.count == steps.last?.units)
      #expect(time.whole.histogram.map(\.count).reduce(0, +) == time.whole.count)
    }
  }
}
