import JourneyModel
import JourneySessions

/// Personas (SPEC §9) in two passes over the store, whose partitions stay sorted after the first:
///
/// 1. ``PersonaMembership``: each user's events, in time order, through a ``PersonaEvaluator``
///    give the user's personas (a bit each); users per persona and the overlap are counted here.
/// 2. ``PersonaAggregators``: the whole report's ``UnitAggregator`` and one per persona plus
///    `(no persona)`, each fed the units of its users. Every one is mergeable as the whole is.
///
/// "The rest" of a persona is the whole report minus the persona, as counts (each unit belongs
/// to one user): it needs no aggregate of its own.
extension JourneyEngine {
  static func aggregateWithPersonas(
    store: EventStore, policy: SessionPolicy, settings: ReportSettings, threads: Int,
    makeAggregator: @escaping (ReportSettings) -> UnitAggregator
  ) throws -> Aggregates {
    let count = settings.personas.count
    let found = try personaMembership(store: store, policy: policy, rules: settings.personas.map(\.rule), threads: threads)

    // Per persona the report without breakdowns: the persona is the breakdown.
    var personaSettings = settings
    personaSettings.breakdowns = []
    let lookup = found.membership
    let partials = try store.forEachUser(
      threads: threads,
      makeAccumulator: {
        PersonaAggregators(
          whole: makeAggregator(settings), personas: (0...count).map { _ in makeAggregator(personaSettings) },
          membership: lookup)
      },
      body: { aggregators, events, endsUser in aggregators.add(batch: events, endsUser: endsUser) })
    var total = makeAggregator(settings)
    var personas = (0...count).map { _ in makeAggregator(personaSettings) }
    for partial in partials {
      total.merge(partial.whole)
      for index in personas.indices { personas[index].merge(partial.personas[index]) }
    }
    if let failure = total.failure ?? personas.lazy.compactMap(\.failure).first { throw failure }
    return Aggregates(whole: total, personas: personas, overlap: found.overlap)
  }

  /// Pass 1 alone: which personas each user of `store` is in (for `sessions` and `classify`, and
  /// the report's second pass).
  package static func personaMembership(
    store: EventStore, policy: SessionPolicy, rules: [PersonaRule], threads: Int
  ) throws -> PersonaMemberships {
    let parts = try store.forEachUser(
      threads: threads, makeAccumulator: { PersonaMembership(rules: rules, policy: policy) },
      body: { membership, events, endsUser in membership.add(batch: events, endsUser: endsUser) })
    var largestUser = -1
    for part in parts { for member in part.members { largestUser = max(largestUser, Int(member.user)) } }
    var membership = [UInt64](repeating: 0, count: largestUser + 1)
    var overlap = [Int](repeating: 0, count: rules.count * rules.count)
    for part in parts {
      for member in part.members { membership[Int(member.user)] = member.mask }
      for index in overlap.indices { overlap[index] += part.overlap[index] }
    }
    return PersonaMemberships(membership: membership, overlap: overlap)
  }

  /// A persona's section from its own engine result and the whole funnel (for the rest).
  static func personaReport(
    name: String, _ own: EngineResult, whole: JourneyReport.Funnel, settings: ReportSettings
  ) -> PersonaReport {
    let entrants = own.funnel.steps.first?.units ?? 0
    let wholeEntrants = whole.steps.first?.units ?? 0
    let versusRest = zip(own.funnel.steps, whole.steps).map { step, wholeStep in
      PersonaStepComparison(
        stage: step.stage, label: step.label, persona: (step.units, entrants),
        rest: (wholeStep.units - step.units, wholeEntrants - entrants))
    }
    return PersonaReport(
      name: name, users: own.users, sessions: own.sessions, units: own.units, unitsWithoutStage: own.unitsWithoutStage,
      funnel: own.funnel, versusRest: versusRest, transitions: own.transitions, entries: own.entries,
      exits: own.exits, paths: own.paths, journeyMap: own.journeyMap, lift: own.lift)
  }
}

/// Which personas each user is in (pass 1's result), by interned user id.
package struct PersonaMemberships: Sendable {
  /// Bit *p* set when the user is in persona *p*; users past the end are in none.
  let membership: [UInt64]
  /// Row-major personas × personas: users in both.
  let overlap: [Int]

  /// The personas of `user` (bit *p*: persona *p*; 0: `(no persona)`).
  package func personas(of user: UInt32) -> UInt64 {
    Int(user) < membership.count ? membership[Int(user)] : 0
  }

  /// The names of the personas in `mask`, in config order, or `(no persona)`.
  package static func names(_ mask: UInt64, of personas: [String]) -> [String] {
    guard mask != 0 else { return [PersonaReport.nobody] }
    return personas.indices.filter { mask & (1 << UInt64($0)) != 0 }.map { personas[$0] }
  }
}

/// Pass 1 of the personas: each user's membership, users per persona and their overlap.
struct PersonaMembership {
  private var evaluator: PersonaEvaluator
  private let dedupe: Bool
  private let dedupeLog: DedupeLog?
  private var seen = DedupeSeen()
  private var inUser = false
  private let count: Int
  /// Users in at least one persona, with their personas (bit *p*: persona *p*).
  private(set) var members: [(user: UInt32, mask: UInt64)] = []
  /// Row-major `count × count`: users in both personas (the diagonal: in the persona).
  private(set) var overlap: [Int]

  init(rules: [PersonaRule], policy: SessionPolicy) {
    evaluator = PersonaEvaluator(rules: rules)
    dedupe = policy.dedupe
    dedupeLog = policy.dedupeLog
    count = rules.count
    overlap = Array(repeating: 0, count: rules.count * rules.count)
  }

  /// A batch of one user's events in time order; `endsUser` on the user's last batch.
  mutating func add(batch events: UnsafeBufferPointer<EventRecord>, endsUser: Bool) {
    if !inUser {
      evaluator.begin()
      seen.removeAll()
      inUser = true
    }
    for event in events {
      // `dedupe` drops a repeated id before anything counts it (as the sessions do).
      if dedupe, seen.isRepeat(event, log: dedupeLog) { continue }
      evaluator.observe(bits: UInt64(event.traits), time: event.time)
    }
    guard endsUser, let user = events.last?.user else { return }
    inUser = false
    let mask = evaluator.finish()
    guard mask != 0 else { return }
    members.append((user, mask))
    var rows = mask
    while rows != 0 {
      let row = rows.trailingZeroBitCount
      rows &= rows - 1
      var columns = mask
      while columns != 0 {
        let column = columns.trailingZeroBitCount
        columns &= columns - 1
        overlap[row * count + column] += 1
      }
    }
  }
}

/// Pass 2 of the personas: the whole report's aggregator and one per persona plus `(no persona)`
/// (last), each given the batches of its users.
struct PersonaAggregators {
  var whole: UnitAggregator
  var personas: [UnitAggregator]
  let membership: [UInt64]

  mutating func add(batch events: UnsafeBufferPointer<EventRecord>, endsUser: Bool) {
    whole.add(batch: events, endsUser: endsUser)
    guard let user = events.first?.user else { return }
    let mask = Int(user) < membership.count ? membership[Int(user)] : 0
    if mask == 0 { return personas[personas.count - 1].add(batch: events, endsUser: endsUser) }
    var rest = mask
    while rest != 0 {
      let persona = rest.trailingZeroBitCount
      rest &= rest - 1
      personas[persona].add(batch: events, endsUser: endsUser)
    }
  }
}
