public import JourneyModel
public import JourneySessions

/// The whole engine: sessionizes every user, evaluates every unit, and builds the report sections.
///
/// Partitions are processed in parallel, each worker thread into its own ``UnitAggregator``; the
/// aggregators hold only sums, multisets and dictionaries, merged by addition, and every list in
/// the result is sorted by a total order, so the result never depends on append order, on which
/// worker took which partition, or on `threads`.
/// Besides the funnel, transitions, paths and breakdowns, the result carries the journey map, the
/// lift of touchpoints, and the funnel's time to convert, headline and findings (SPEC §8): the
/// pipeline copies ``EngineResult/journeyMap`` and ``EngineResult/lift`` into the report.
public enum JourneyEngine {
  package static let start = "(start)"
  package static let exit = "(exit)"
  package static let ellipsis = "…"
  package static let other = "(other)"
  package static let none = "(none)"

  /// - Complexity: O(*n* log *n*) for the sort, O(*n*·*k*) for the funnels.
  public static func run(
    store: EventStore, policy: SessionPolicy, settings: ReportSettings, attributes: AttributeTable,
    threads: Int
  ) throws -> EngineResult {
    let aggregates = try aggregate(
      store: store, policy: policy, settings: settings, attributes: attributes, threads: threads, decidesAtEnd: false)
    return result(aggregates, settings: settings, attributes: attributes, timeRange: store.timeRange)
  }

  /// The whole report's aggregator and, with personas, one per persona and `(no persona)` and the
  /// personas' overlap: every order-independent count the result is built from.
  struct Aggregates {
    var whole: UnitAggregator
    var personas: [UnitAggregator]?
    var overlap: [Int]?
  }

  /// Every user of `store` through the aggregators; `decidesAtEnd` for a partial report (units
  /// whose window is open at the store's end wait as undecided).
  static func aggregate(
    store: EventStore, policy: SessionPolicy, settings: ReportSettings, attributes: AttributeTable, threads: Int,
    decidesAtEnd: Bool
  ) throws -> Aggregates {
    let lastTime = store.timeRange?.upperBound ?? 0
    // One sessionizer for every partition: its time zone table is read from Foundation once.
    let sessionizer = Sessionizer(policy: policy)
    let (regroupLimit, folder) = (store.regroupMemoryLimit, store.temporaryDirectory)
    let makeAggregator = { (settings: ReportSettings) -> UnitAggregator in
      var aggregator = UnitAggregator(
        settings: settings, sessionizer: sessionizer, attributes: attributes, lastTime: lastTime,
        regroupMemoryLimit: regroupLimit, temporaryDirectory: folder)
      aggregator.decidesAtEnd = decidesAtEnd
      return aggregator
    }
    if !settings.personas.isEmpty {
      return try aggregateWithPersonas(
        store: store, policy: policy, settings: settings, threads: threads, makeAggregator: makeAggregator)
    }
    let partials = try store.forEachUser(
      threads: threads, makeAccumulator: { makeAggregator(settings) },
      body: { aggregator, events, endsUser in aggregator.add(batch: events, endsUser: endsUser) })
    var total = makeAggregator(settings)
    for partial in partials { total.merge(partial) }
    if let failure = total.failure { throw failure }
    return Aggregates(whole: total)
  }

  /// The report sections of finished aggregates (every undecided unit decided).
  static func result(
    _ aggregates: Aggregates, settings: ReportSettings, attributes: AttributeTable, timeRange: ClosedRange<Microseconds>?
  ) -> EngineResult {
    var result = build(aggregates.whole, settings: settings, attributes: attributes)
    if let personas = aggregates.personas, let overlap = aggregates.overlap {
      var personaSettings = settings
      personaSettings.breakdowns = []
      let count = settings.personas.count
      let names = settings.personas.map(\.name) + [PersonaReport.nobody]
      result.personas = zip(names, personas).map { name, aggregator in
        personaReport(
          name: name, build(aggregator, settings: personaSettings, attributes: attributes), whole: result.funnel,
          settings: settings)
      }
      result.personaOverlap = PersonaOverlap(
        personas: settings.personas.map(\.name),
        users: (0..<count).map { row in Array(overlap[(row * count)..<((row + 1) * count)]) })
    }
    result.firstEvent = timeRange?.lowerBound
    result.lastEvent = timeRange?.upperBound
    return result
  }

  static func build(_ total: UnitAggregator, settings: ReportSettings, attributes: AttributeTable) -> EngineResult {
    let k = settings.stages.count
    var map = total.map
    map.consolidate()
    var result = EngineResult(funnel: funnel(total, map: map, settings: settings))
    result.users = total.users
    result.sessions = total.sessionCount
    result.units = total.units
    result.unitsWithoutStage = total.unitsWithoutStage
    result.duplicates = total.duplicates
    result.unclassifiedEvents = total.unclassified
    result.transitions = transitions(total.transitions, stages: settings.stages)
    let withStage = total.units - total.unitsWithoutStage
    result.entries = (0..<k).map { stage in
      share(settings.stages[stage], total.transitions[stage], of: withStage)
    }
    result.exits = (0..<k).map { stage in
      share(settings.stages[stage], total.transitions[(stage + 1) * (k + 1) + k], of: withStage)
    }
    result.paths = paths(total.paths, settings: settings, withStage: withStage)
    result.breakdowns = settings.breakdowns.indices.map { field in
      breakdown(total.breakdowns[field], field: field, settings: settings, attributes: attributes)
    }
    let reachedSteps = reached(total.depths)
    result.journeyMap = map.journeyMap(
      settings: settings, attributes: attributes, entrants: reachedSteps.first ?? 0,
      stepLabels: result.funnel.steps.map(\.label))
    result.lift = map.lift(attributes: attributes, minUnits: settings.liftMinUnits)
    result.funnel.units = total.units
    result.funnel.entrants = reachedSteps.first ?? 0
    result.funnel.headline = headline(result.funnel, map: result.journeyMap!, settings: settings)
    result.funnel.timeToConvert = map.timeToConvert()
    result.funnel.findings = findings(result.funnel, map: result.journeyMap!, settings: settings)
    return result
  }

  /// What step `step` (0-based) counts: its stage, or with `order: any` "≥ n stages".
  static func label(step: Int, settings: ReportSettings) -> (stage: String?, label: String) {
    guard settings.order == .any else { return (settings.stages[step], settings.stages[step]) }
    return (nil, step == 0 ? "≥ 1 stage" : "≥ \(step + 1) stages")
  }

  private static func ratio(_ part: Int, _ whole: Int) -> Double {
    whole == 0 ? 0 : Double(part) / Double(whole)
  }

  private static func share(_ stage: String, _ units: Int, of whole: Int) -> JourneyReport.StageShare {
    JourneyReport.StageShare(stage: stage, units: units, share: ratio(units, whole))
  }

  /// `reached[j]`: units with depth > j.
  private static func reached(_ depths: [Int]) -> [Int] {
    let k = depths.count - 1
    var reached = Array(repeating: 0, count: k)
    var running = 0
    for step in stride(from: k - 1, through: 0, by: -1) {
      running += depths[step + 1]
      reached[step] = running
    }
    return reached
  }

  /// The funnel; `map`: `total`'s whole map (``UnitAggregator/map``), for the step durations.
  static func funnel(_ total: UnitAggregator, map: JourneyMapCounts, settings: ReportSettings) -> JourneyReport.Funnel {
    let k = settings.stages.count
    let reached = reached(total.depths)
    var steps: [JourneyReport.Step] = []
    for step in 0..<k {
      let isLast = step == k - 1
      let inProgress = isLast ? 0 : total.inProgress[step + 1]
      let dropped = isLast ? 0 : total.depths[step + 1] - inProgress
      let durations = map.stepDurations[step]
      let named = label(step: step, settings: settings)
      steps.append(
        JourneyReport.Step(
          stage: named.stage, label: named.label, units: reached[step],
          conversionFromStart: ratio(reached[step], reached[0]),
          conversionFromPrevious: step == 0 ? ratio(reached[0], reached[0]) : ratio(reached[step], reached[step - 1]),
          dropped: dropped, inProgress: inProgress,
          medianSecondsFromPrevious: step == 0 ? nil : durations.seconds(0.5),
          p90SecondsFromPrevious: step == 0 ? nil : durations.seconds(0.9)))
    }
    return JourneyReport.Funnel(
      scope: settings.scope.rawValue, order: settings.order.rawValue,
      windowSeconds: settings.effectiveWindow.map { Double($0) / 1_000_000 }, steps: steps)
  }

  /// Non-zero cells, rows `(start)` then stages in funnel order, columns stages then `(exit)`.
  static func transitions(_ matrix: [Int], stages: [String]) -> [JourneyReport.Transition] {
    let k = stages.count
    var list: [JourneyReport.Transition] = []
    for row in 0...k {
      let cells = matrix[(row * (k + 1))..<((row + 1) * (k + 1))]
      let rowTotal = cells.reduce(0, +)
      for column in 0...k where matrix[row * (k + 1) + column] > 0 {
        let count = matrix[row * (k + 1) + column]
        list.append(
          JourneyReport.Transition(
            from: row == 0 ? start : stages[row - 1], to: column == k ? exit : stages[column], count: count,
            probability: ratio(count, rowTotal)))
      }
    }
    return list
  }

  static func paths(_ counts: [[UInt16]: Int], settings: ReportSettings, withStage: Int) -> [JourneyReport.Path] {
    let named = counts.map { key, units in
      (path: key.map { $0 == UnitAggregator.ellipsis ? ellipsis : settings.stages[Int($0)] }, units: units)
    }
    let ranked = named.sorted { a, b in
      a.units != b.units ? a.units > b.units : a.path.lexicographicallyPrecedes(b.path)
    }
    return ranked.prefix(max(0, settings.topPaths)).map {
      JourneyReport.Path(path: $0.path, units: $0.units, share: ratio($0.units, withStage))
    }
  }

  static func breakdown(
    _ counts: IDMap<UInt32, BreakdownValueCounts>, field: Int, settings: ReportSettings, attributes: AttributeTable
  ) -> JourneyReport.Breakdown {
    let k = settings.stages.count
    let named = counts.filter { $0.0 != 0 }.map { (value: attributes.valueName($0.0), counts: $0.1) }
    let ranked = named.sorted { a, b in
      a.counts.units != b.counts.units ? a.counts.units > b.counts.units : a.value < b.value
    }
    let top = max(0, settings.breakdowns[field].top)
    var rows: [(value: String, counts: BreakdownValueCounts)] = Array(ranked.prefix(top))
    if ranked.count > top {
      var other = BreakdownValueCounts(stageCount: k)
      for row in ranked[top...] { other.merge(row.counts) }
      rows.append((JourneyEngine.other, other))
    }
    if let none = counts[0] { rows.append((JourneyEngine.none, none)) }
    let values = rows.map { row in
      let reached = reached(row.counts.depths)
      return JourneyReport.BreakdownValue(
        value: row.value, units: row.counts.units,
        funnel: (0..<k).map { step in
          let named = label(step: step, settings: settings)
          return JourneyReport.BreakdownStep(
            stage: named.stage, label: named.label, units: reached[step], conversionFromStart: ratio(reached[step], reached[0]))
        },
        transitions: transitions(row.counts.transitions, stages: settings.stages),
        journeyMap: row.counts.map.journeyMap(
          settings: settings, attributes: attributes, entrants: reached.first ?? 0,
          stepLabels: (0..<k).map { label(step: $0, settings: settings).label }),
        timeToConvert: row.counts.map.timeToConvert())
    }
    return JourneyReport.Breakdown(field: settings.breakdowns[field].field, values: values)
  }
}
