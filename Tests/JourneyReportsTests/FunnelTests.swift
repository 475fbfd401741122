import JourneyModel
import JourneyReports
import JourneySessions
import Testing

@Suite struct FunnelTests {
  @Test func orderedSessionFunnelCountsConversionsDropsAndTimes() throws {
    let result = try run(
      records([
        (1, 0, "a"), (1, 10, nil), (1, 20, "b"), (1, 30, "c"),  // depth 3: b after 20 s, c after 10 s
        (2, 0, "b"), (2, 10, "a"), (2, 40, "b"),  // depth 2: b 30 s after a
        (3, 0, "c"), (3, 5, "b"),  // no a: depth 0
        (4, 0, "a"),  // depth 1
        (5, 0, nil),  // no stage
      ]), ReportSettings(stages: stages))
    #expect(result.stepUnits == [3, 2, 1])
    #expect(result.funnel.steps.map(\.conversionFromStart) == [1, 2.0 / 3, 1.0 / 3])
    #expect(result.funnel.steps.map(\.conversionFromPrevious) == [1, 2.0 / 3, 0.5])
    #expect(result.dropped == [1, 1, 0])
    #expect(result.funnel.steps.map(\.medianSecondsFromPrevious) == [nil, 25, 10])
    #expect(result.funnel.steps.map(\.p90SecondsFromPrevious) == [nil, 29, 10])
    #expect(result.units == 5 && result.unitsWithoutStage == 1 && result.unclassifiedEvents == 2)
    #expect(result.funnel.scope == "session" && result.funnel.order == "ordered" && result.funnel.windowSeconds == nil)
  }

  static let strictCases = records([
    (1, 0, "a"), (1, 1, "c"), (1, 2, "b"), (1, 3, "c"),  // ordered 3 (2 s, 1 s); strict 1: c interrupts a → b
    (2, 0, "a"), (2, 1, "a"), (2, 2, nil), (2, 3, "b"), (2, 4, "b"), (2, 5, "c"),  // both 3 (3 s, 2 s)
    (3, 0, "a"), (3, 1, "b"), (3, 2, "a"), (3, 3, "b"), (3, 4, "c"),  // ordered a0 b1 c4; strict a2 b3 c4
  ])

  @Test func strictAllowsRepeatsAndUnlabelledEventsButNoOtherStageBetweenSteps() throws {
    let result = try run(Self.strictCases, ReportSettings(stages: stages, order: .strict))
    #expect(result.stepUnits == [3, 2, 2])
    #expect(result.dropped == [1, 0, 0])
    #expect(result.funnel.steps.map(\.medianSecondsFromPrevious) == [nil, 2, 1.5])
    #expect(result.funnel.steps.map(\.p90SecondsFromPrevious) == [nil, 2.8, 1.9])
  }

  @Test func orderedAllowsAnythingBetweenSteps() throws {
    let result = try run(Self.strictCases, ReportSettings(stages: stages, order: .ordered))
    #expect(result.stepUnits == [3, 3, 3])
    // b: 2, 3, 1 s; c: 1, 2, 3 s.
    #expect(result.funnel.steps.map(\.medianSecondsFromPrevious) == [nil, 2, 2])
  }

  @Test func anyCountsDistinctStagesInAnyOrder() throws {
    let result = try run(
      records([
        (1, 0, "c"), (1, 1, "a"), (1, 2, "c"),  // 2 stages, second after 1 s
        (2, 0, "b"),  // 1
        (3, 0, "c"), (3, 5, "b"), (3, 7, "a"),  // 3: 5 s, 2 s
      ]), ReportSettings(stages: stages, order: .any))
    #expect(result.stepUnits == [3, 2, 1])
    #expect(result.funnel.steps.map(\.medianSecondsFromPrevious) == [nil, 3, 2])
  }

  @Test(arguments: [FunnelOrder.ordered, .strict, .any])
  func userScopeJoinsSessions(order: FunnelOrder) throws {
    // Two sessions (2 h apart) per user; only together do they hold a → b → c.
    let events = records([(1, 0, "a"), (1, 7200, "b"), (1, 7201, "c")])
    let session = try run(events, ReportSettings(stages: stages, scope: .session, order: order))
    let user = try run(events, ReportSettings(stages: stages, scope: .user, order: order))
    #expect(session.sessions == 2 && session.units == 2)
    #expect(session.stepUnits == (order == .any ? [2, 1, 0] : [1, 0, 0]))  // any: {a}, {b, c}
    #expect(user.units == 1 && user.users == 1)
    #expect(user.stepUnits == [1, 1, 1])
    #expect(user.funnel.steps.map(\.medianSecondsFromPrevious) == [nil, 7200, 1])
  }

  @Test(arguments: [FunnelOrder.ordered, .strict])
  func userWindowIsInclusiveAndEveryFirstStepMayStartAChain(order: FunnelOrder) throws {
    let result = try run(
      records([
        (1, 0, "a"), (1, 5, "b"), (1, 10, "c"),  // exactly 10 s: counts
        (2, 0, "a"), (2, 5, "b"), (2, 10.000001, "c"),  // 1 µs over: depth 2
        (3, 0, "a"), (3, 100, "a"), (3, 105, "b"), (3, 112, "c"),  // start at 100: a → b (5 s); c 12 s after
        (9, 1000, nil),  // the data ends long after every window
      ]), ReportSettings(stages: stages, scope: .user, order: order, window: 10_000_000))
    #expect(result.stepUnits == [3, 3, 1])
    #expect(result.dropped == [0, 2, 0])
    #expect(result.inProgress == [0, 0, 0])
    #expect(result.funnel.steps[1].medianSecondsFromPrevious == 5)
    #expect(result.funnel.windowSeconds == 10)
  }

  @Test func windowIsIgnoredInSessionScope() throws {
    let result = try run(
      records([(1, 0, "a"), (1, 600, "b")]), ReportSettings(stages: stages, scope: .session, window: 1_000_000))
    #expect(result.stepUnits == [1, 1, 0])
    #expect(result.funnel.windowSeconds == nil)
  }

  @Test func anyWithWindowCountsTheMostStagesInsideOneWindow() throws {
    let result = try run(
      records([(1, 0, "c"), (1, 20, "a"), (1, 25, "b"), (1, 31, "c"), (9, 1000, nil)]),
      ReportSettings(stages: stages, scope: .user, order: .any, window: 10_000_000))
    // Windows from 0: {c}; from 20: {a, b} (c at 31 is 11 s later); from 25: {b, c}. Deepest first: 20.
    #expect(result.stepUnits == [1, 1, 0])
    #expect(result.funnel.steps[1].medianSecondsFromPrevious == 5)
  }

  @Test func unitsWhoseWindowIsStillOpenAreInProgressNotDropped() throws {
    let result = try run(
      records([
        (1, 0, "a"), (1, 10, "b"),  // window ends at 100 > 50: in progress at b
        (2, 50, "a"),  // the last event of the data (50): in progress at a
        (3, -200, "a"),  // window ended at −100: dropped
        (4, -50, "a"),  // window ends exactly at the last event: closed, dropped
      ]), ReportSettings(stages: stages, scope: .user, window: 100_000_000))
    #expect(result.stepUnits == [4, 1, 0])
    #expect(result.dropped == [2, 0, 0])
    #expect(result.inProgress == [1, 1, 0])
  }

  @Test func eventsAtTheSameInstantKeepInputOrder() throws {
    let settings = ReportSettings(stages: stages)
    let aFirst = [
      EventRecord(time: 0, order: 1, user: 1, stage: 1), EventRecord(time: 0, order: 0, user: 1, stage: 0),
    ]
    #expect(try run(aFirst, settings).stepUnits == [1, 1, 0])
    let bFirst = [
      EventRecord(time: 0, order: 0, user: 1, stage: 1), EventRecord(time: 0, order: 1, user: 1, stage: 0),
    ]
    #expect(try run(bFirst, settings).stepUnits == [1, 0, 0])
  }

  @Test func emptyInputGivesZerosWithoutDividingByZero() throws {
    let result = try run([], ReportSettings(stages: stages))
    #expect(result.stepUnits == [0, 0, 0])
    #expect(result.funnel.steps.allSatisfy { $0.conversionFromStart == 0 && $0.conversionFromPrevious == 0 })
    #expect(result.funnel.steps.allSatisfy { $0.medianSecondsFromPrevious == nil })
    #expect(result.users == 0 && result.sessions == 0 && result.units == 0)
    #expect(result.transitions.isEmpty && result.paths.isEmpty)
    #expect(result.entries.map(\.share) == [0, 0, 0])
    #expect(result.firstEvent == nil && result.lastEvent == nil)
  }

  @Test func stagesNeverReachedHaveZeroConversion() throws {
    let result = try run(records([(1, 0, "a"), (2, 0, nil)]), ReportSettings(stages: stages))
    #expect(result.stepUnits == [1, 0, 0])
    #expect(result.funnel.steps.map(\.conversionFromPrevious) == [1, 0, 0])
    #expect(result.funnel.steps.map(\.conversionFromStart) == [1, 0, 0])
    #expect(result.dropped == [1, 0, 0])
  }

  @Test func aUserWithOneEventIsOneSessionAndOneUnit() throws {
    let result = try run(records([(7, 3, "b")]), ReportSettings(stages: stages))
    #expect(result.users == 1 && result.sessions == 1 && result.units == 1 && result.unitsWithoutStage == 0)
    #expect(result.stepUnits == [0, 0, 0])
    #expect(result.firstEvent == 3_000_000 && result.lastEvent == 3_000_000)
  }

  @Test func summaryCountsDuplicatesUsersAndSessions() throws {
    var events = records([(1, 0, "a"), (1, 1, "a"), (1, 7200, nil), (2, 0, "b")])
    events[1].dedupe = 4
    events[0].dedupe = 4
    let result = try run(events, ReportSettings(stages: stages), policy: SessionPolicy(dedupe: true))
    #expect(result.duplicates == 1)
    #expect(result.users == 2 && result.sessions == 3 && result.units == 3)
    #expect(result.unitsWithoutStage == 1 && result.unclassifiedEvents == 1)
    var summary = JourneyReport.Summary()
    result.fill(&summary)
    #expect(summary.firstEvent == "1970-01-01T00:00:00Z" && summary.lastEvent == "1970-01-01T02:00:00Z")
    #expect(summary.duplicates == 1 && summary.units == 3)
  }
}
