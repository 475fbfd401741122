import JourneyConfig
import JourneyIngest
import JourneyModel
import JourneyStages

/// `journey classify`: each event's stage and the rule that matched, in input order.
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
  }

  package static func run(_ settings: RunSettings, explain: Bool, emit: (Row) throws -> Void) throws {
    let inputs = try settings.inputQueue()
    let config = try ConfigResolver.resolve(settings, inputs: inputs)
    // Rows show neither breakdown values nor touchpoints: none is read or interned.
    var extractor = try EventExtractor(config: config, from: settings.from, to: settings.to, attributes: false)
    let eventSlot = config.input.fields.event.map { extractor.addExtraField($0) }
    let ledger = IngestLedger(warn: settings.warn)
    var ingest = RecordIngest(extractor: extractor, maxRecordLength: settings.maxRecordLength)
    try withoutActuallyEscaping(emit) { emit in
      var rows = Rows(
        ledger: ledger, stages: config.stages, classifier: extractor.classifier, explain: explain, eventSlot: eventSlot,
        emit: emit)
      try SequentialIngest.run(
        inputs, config: config, ingest: &ingest, ledger: ledger, readAhead: settings.threads > 1, visitor: &rows)
      if let failure = rows.failure { throw failure }
    }
  }

  /// Makes a row of every event; stops emitting at the first error `emit` throws.
  struct Rows: FileVisitor {
    let ledger: IngestLedger
    let stages: [String]
    let classifier: StageClassifier
    let explain: Bool
    let eventSlot: Int?
    let emit: (Row) throws -> Void
    var file = ""
    var failure: (any Error)?

    mutating func startFile(_ name: String) { file = name }

    func row(_ fields: borrowing RecordFields, line: Int) -> Row {
      Row(file: file, line: line, event: eventSlot.flatMap { fields.string($0) }, explanations: [])
    }

    mutating func send(_ row: Row) {
      do { try emit(row) } catch { failure = error }
    }

    mutating func accept(_ event: EventRecord, extra: UInt32?, fields: borrowing RecordFields, line: Int, ids: borrowing IDSpace) {
      guard failure == nil else { return }
      var row = row(fields, line: line)
      row.user = ids.users[event.user]
      row.time = event.time
      if let match = classifier.match(fields) {
        row.stage = stages[Int(match.stage)]
        row.rule = classifier.ruleLocation(match.rule).fileAndLine
      }
      if explain { row.explanations = classifier.explain(fields) }
      send(row)
    }

    mutating func drop(outOfRange: Bool, fields: borrowing RecordFields, line: Int) {
      guard failure == nil else { return }
      var row = row(fields, line: line)
      row.note = outOfRange ? "outside --from/--to" : "excluded"
      send(row)
    }

    mutating func rejectEvent(line: Int, reason: RejectReason, detail: String, excerpt: String, fields: borrowing RecordFields) {
      guard failure == nil else { return }
      var row = row(fields, line: line)
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
