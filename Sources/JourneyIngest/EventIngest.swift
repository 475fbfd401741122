import JourneyConfig
import JourneyInput
import JourneyModel

/// Reads every input and hands over each accepted event, in input order, with the run's ids: on
/// `threads` threads (``ParallelIngest``) or, with one thread, on the calling one
/// (``SequentialIngest``). The one place that chooses between the two, for `report` and `sessions`.
package enum EventIngest {
  /// The run's ids and counts once every input is read.
  package struct Outcome {
    /// Accepted events.
    package var accepted = 0
    /// Events dropped by `exclude:`.
    package var excluded = 0
    /// Events outside `--from/--to` (not "excluded": they are simply not in the range asked for).
    package var outOfRange = 0
    /// Records and events of users outside `--partition` (not this run's; see ``RecordVisitor/otherPartition(line:)``).
    package var otherPartition = 0
    package var ids: IDSpace
    /// The events each stage rule and `exclude:` condition took.
    package var ruleUsage: RuleUsage
  }

  /// Calls `emit` with each accepted event and, when the extractor has an extra field
  /// (``EventExtractor/addExtraField(_:)``), the id of its value in ``IDSpace/extras`` (nil when
  /// the field is missing or null). Rejects and input summaries go to `ledger`.
  package static func run(
    _ inputs: InputQueue, config: JourneyConfig, ledger: IngestLedger, extractor: EventExtractor, threads: Int,
    blockBytes: Int, emit: @escaping (EventRecord, UInt32?) -> Void
  ) throws(JourneyError) -> Outcome {
    if threads > 1 {
      let ingest = ParallelIngest(
        inputs: inputs, config: config, ledger: ledger, extractor: extractor, threads: threads, blockBytes: blockBytes,
        emit: emit)
      try ingest.run()
      return Outcome(
        accepted: ingest.accepted, excluded: ingest.excluded, outOfRange: ingest.outOfRange,
        otherPartition: ingest.otherPartition, ids: ingest.global,
        ruleUsage: ingest.ruleUsage)
    }
    var ingest = RecordIngest(extractor: extractor, maxRecordLength: inputs.maxRecordLength)
    var visitor = Emitter(ledger: ledger, emit: emit)
    try SequentialIngest.run(inputs, config: config, ingest: &ingest, ledger: ledger, readAhead: false, visitor: &visitor)
    return Outcome(
      accepted: visitor.accepted, excluded: visitor.excluded, outOfRange: visitor.outOfRange,
      otherPartition: visitor.otherPartition, ids: ingest.events.extractor.ids,
      ruleUsage: ingest.events.extractor.ruleUsage)
  }

  /// A one-thread run's visitor: events to `emit`, rejects and warnings to the ledger.
  struct Emitter: FileVisitor {
    let ledger: IngestLedger
    let emit: (EventRecord, UInt32?) -> Void
    var file = ""
    var accepted = 0
    var excluded = 0
    var outOfRange = 0
    var otherPartition = 0

    mutating func startFile(_ name: String) { file = name }

    mutating func otherPartition(line: Int) { otherPartition += 1 }

    @inline(__always)
    mutating func accept(_ event: EventRecord, extra: UInt32?, fields: borrowing RecordFields, line: Int, ids: borrowing IDSpace) {
      accepted += 1
      emit(event, extra)
    }

    @inline(__always) mutating func drop(outOfRange: Bool, user: UInt32, fields: borrowing RecordFields, line: Int) {
      if outOfRange { self.outOfRange += 1 } else { excluded += 1 }
    }

    mutating func reject(line: Int, reason: RejectReason, detail: String, excerpt: String?) {
      ledger.reject(file: file, line: line, reason: reason, detail: detail, excerpt: excerpt)
    }

    mutating func duplicate(line: Int, _ what: String) {
      ledger.warnDuplicate(file: file, line: line, what)
    }
  }
}
