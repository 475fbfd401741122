import JourneyConfig
import JourneyIngest
import JourneyInput
import JourneyModel
import JourneyReports
import JourneySessions
import JourneyStages

/// `journey classify`: each event's stage and the rule that matched, in input order.
///
/// With `personas:` in the config, each row also names its user's personas (SPEC §9), decided over
/// the user's whole history: the inputs are read twice, first into an event store for the
/// membership, then for the rows. Standard input, which can be read once only, is copied to a file
/// in the run's temporary folder first (removed at the end, on an error and on a signal).
package enum ClassifyPipeline {
  package struct Row: Sendable {
    package var file: String
    package var line: Int
    package var user: String?
    package var time: Microseconds?
    package var event: String?
    package var stage: String?
    /// `shop.yaml:12` of the matching rule.
    package var rule: String?
    /// With `--explain`: each rule tried, in order, and why it did not match.
    package var explanations: [RuleExplanation]
    /// Why the event takes no part (excluded, rejected), if so.
    package var note: String?
    /// The user's personas in config order, or `(no persona)`; empty when the record names no user
    /// of the run (no user, or one whose every event was dropped); nil when the config has no personas.
    package var personas: [String]? = nil
  }

  package static func run(_ settings: RunSettings, explain: Bool, emit: (Row) throws -> Void) throws {
    var inputs = try settings.inputQueue()
    let config = try ConfigResolver.resolve(settings, inputs: inputs)
    // Rows show neither breakdown values nor touchpoints: none is read or interned.
    var extractor = try EventExtractor(config: config, from: settings.from, to: settings.to, attributes: false)
    let eventSlot = config.input.fields.event.map { extractor.addExtraField($0) }
    let folder = TemporaryFiles.makeFolder(in: settings.temporaryDirectory)
    defer { TemporaryFiles.removeFolder(folder) }
    var personas: Personas?
    if !config.personas.isEmpty {
      let copy = try copyStandardInput(of: inputs, to: folder)
      let found = try Self.personas(settings, inputs: inputs, config: config, extractor: extractor, folder: folder)
      personas = found
      // The rows' read gives every value the id the first read gave it.
      extractor.reuseIDs(found.ids)
      inputs = try settings.inputQueue()
      inputs.standardInputCopy = copy
    }
    let ledger = IngestLedger(warn: settings.warn)
    var ingest = RecordIngest(extractor: extractor, maxRecordLength: settings.maxRecordLength)
    try withoutActuallyEscaping(emit) { emit in
      var rows = Rows(
        ledger: ledger, stages: config.stages, classifier: extractor.classifier, explain: explain, eventSlot: eventSlot,
        personas: personas, emit: emit)
      try SequentialIngest.run(
        inputs, config: config, ingest: &ingest, ledger: ledger, readAhead: settings.threads > 1, visitor: &rows)
      if let failure = rows.failure { throw failure }
    }
  }

  /// Which personas each user is in, by the user's id in ``ids``.
  struct Personas {
    let names: [String]
    let memberships: PersonaMemberships
    /// Users with at least one accepted event (bit per user id).
    let known: [UInt64]
    /// The ids of the first read.
    let ids: IDSpace

    /// The personas of `user`: its names, `(no persona)`, or empty for a user of no accepted event.
    func of(_ user: UInt32) -> [String] {
      let word = Int(user >> 6)
      guard user != 0, word < known.count, known[word] & (1 << UInt64(user & 63)) != 0 else { return [] }
      return PersonaMemberships.names(memberships.personas(of: user), of: names)
    }
  }

  /// The first read: every input into an event store (spilling into `folder` under `--memory`),
  /// then the engine's membership pass. Rejects and warnings are left to the second read.
  static func personas(
    _ settings: RunSettings, inputs: InputQueue, config: JourneyConfig, extractor: EventExtractor, folder: String
  ) throws -> Personas {
    let store = EventStore(partitions: 16, memoryLimit: settings.memoryLimit, temporaryDirectory: folder)
    if let limit = settings.userBatchLimit { store.batchLimit = limit }
    var known: [UInt64] = []
    let ingest = try settings.ingest(inputs, config: config, ledger: IngestLedger(warn: { _ in }), extractor: extractor) {
      event, _ in
      store.append(event)
      let word = Int(event.user >> 6)
      if word >= known.count { known.append(contentsOf: repeatElement(0, count: word + 1 - known.count)) }
      known[word] |= 1 << UInt64(event.user & 63)
    }
    try store.checkSpills()
    let personas = config.reportSettings.personas
    let memberships = try SessionsPipeline.memberships(
      store, policy: config.sessionPolicy(dedupeLog: ingest.ids.dedupeLog), rules: personas.map(\.rule),
      threads: settings.threads)
    store.removeTemporaryFiles()
    return Personas(names: personas.map(\.name), memberships: memberships, known: known, ids: ingest.ids)
  }

  /// When standard input is one of the inputs, copies it into `folder` and returns the copy's path.
  static func copyStandardInput(of inputs: InputQueue, to folder: String) throws(JourneyError) -> String? {
    guard inputs.sources.contains(.standardInput) else { return nil }
    let path = try StandardInputCopy.write(into: folder)
    inputs.standardInputCopy = path
    return path
  }

  /// Makes a row of every event; stops emitting at the first error `emit` throws.
  struct Rows: FileVisitor {
    let ledger: IngestLedger
    let stages: [String]
    let classifier: StageClassifier
    let explain: Bool
    let eventSlot: Int?
    let personas: Personas?
    let emit: (Row) throws -> Void
    var file = ""
    var failure: (any Error)?

    mutating func startFile(_ name: String) { file = name }

    func row(_ fields: borrowing RecordFields, line: Int, user: UInt32) -> Row {
      Row(
        file: file, line: line, event: eventSlot.flatMap { fields.string($0) }, explanations: [],
        personas: personas?.of(user))
    }

    mutating func send(_ row: Row) {
      do { try emit(row) } catch { failure = error }
    }

    mutating func accept(_ event: EventRecord, extra: UInt32?, fields: borrowing RecordFields, line: Int, ids: borrowing IDSpace) {
      guard failure == nil else { return }
      var row = row(fields, line: line, user: event.user)
      row.user = ids.users[event.user]
      row.time = event.time
      if let match = classifier.match(fields) {
        row.stage = stages[Int(match.stage)]
        row.rule = classifier.ruleLocation(match.rule).fileAndLine
      }
      if explain { row.explanations = classifier.explain(fields) }
      send(row)
    }

    mutating func drop(outOfRange: Bool, user: UInt32, fields: borrowing RecordFields, line: Int) {
      guard failure == nil else { return }
      var row = row(fields, line: line, user: user)
      row.note = outOfRange ? "outside --from/--to" : "excluded"
      send(row)
    }

    mutating func rejectEvent(
      line: Int, reason: RejectReason, detail: String, excerpt: String, user: UInt32, fields: borrowing RecordFields
    ) {
      guard failure == nil else { return }
      var row = row(fields, line: line, user: user)
      row.note = "rejected: \(reason): \(detail)"
      ledger.reject(file: file, line: line, reason: reason, detail: detail, excerpt: excerpt)
      send(row)
    }

    mutating func reject(line: Int, reason: RejectReason, detail: String, excerpt: String?) {
      ledger.reject(file: file, line: line, reason: reason, detail: detail, excerpt: excerpt)
    }

    mutating func duplicate(line: Int, _ what: String) {
      ledger.warnDuplicate(file: file, line: line, what)
    }
  }
}
