import JourneyInput
import JourneyModel

/// Reads every input and hands over each accepted event, in input order, with the run's ids: on
/// `settings.threads` threads (``ParallelIngest``) or, with one thread, on the calling one. The
/// one place that chooses between the two, for `report` and `sessions`.
enum EventIngest {
  /// The run's id tables and counts once every input is read.
  struct Outcome {
    /// Accepted events.
    var accepted = 0
    /// Events dropped by `exclude:` or `--from/--to`.
    var excluded = 0
    var users = ByteInterner()
    var sessions = ByteInterner()
    /// Values of the extra field, when one was asked for.
    var extras = ByteInterner()
    var attributes = AttributeTable()
  }

  /// Calls `emit` with each accepted event and, when `extraSlot` is set, the id of its value of
  /// that field in ``Outcome/extras`` (nil when the field is missing or null). Rejects go to `runner`.
  static func run(
    _ settings: RunSettings, sources: [InputSource], runner: IngestRunner, extractor: inout EventExtractor,
    extraSlot: Int? = nil, emit: @escaping (EventRecord, UInt32?) -> Void
  ) throws(JourneyError) -> Outcome {
    var outcome = Outcome()
    if settings.threads > 1 {
      let ingest = ParallelIngest(
        runner: runner, sources: sources, extractor: extractor, extraSlot: extraSlot, threads: settings.threads,
        blockBytes: settings.ingestBlockBytes, emit: emit)
      try ingest.run()
      outcome.accepted = ingest.accepted
      outcome.excluded = ingest.excluded
      outcome.users = ingest.global.tables.users
      outcome.sessions = ingest.global.tables.sessions
      outcome.extras = ingest.global.extras
      outcome.attributes = ingest.global.attributes
      return outcome
    }
    var extras = ByteInterner()
    try runner.run(sources: sources, schema: extractor.schema) { fields, location in
      switch extractor.extract(fields, order: location.order) {
      case .accepted(let event):
        outcome.accepted += 1
        emit(event, extraSlot.flatMap { slot in fields.withBytes(slot) { extras.intern($0) } })
      case .excluded, .outOfRange:
        outcome.excluded += 1
      case .rejected(let reason, let detail):
        runner.reject(file: location.file, line: location.line, reason: reason, detail: detail, excerpt: location.excerpt)
      }
    }
    outcome.users = extractor.users
    outcome.sessions = extractor.sessions
    outcome.extras = extras
    outcome.attributes = extractor.attributes
    return outcome
  }
}
