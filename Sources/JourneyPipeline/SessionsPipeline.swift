import JourneyConfig
import JourneyInput
import JourneyModel
import JourneyParsing
import JourneySessions

/// `journey sessions`: every event with its user, session and stage, user by user in time order.
public enum SessionsPipeline {
  /// One output row.
  public struct Row: Sendable {
    public var user: String
    /// 1-based session number within the user.
    public var session: Int
    /// The export's session id, when `fields.session` is set.
    public var exportSession: String?
    public var time: Microseconds
    public var stage: String?
    public var event: String?
  }

  /// Reads every input, then calls `emit` for each event in (user, session, time) order.
  /// - Returns: the ingest's counts, for the closing summary on stderr.
  public static func run(_ settings: RunSettings, emit: (Row) throws -> Void) throws -> (events: Int, rejected: Int) {
    let sources = try settings.sources()
    let config = try ConfigResolver.resolve(settings, sources: sources)
    var extractor = try EventExtractor(config: config, from: settings.from, to: settings.to)
    var schema = extractor.schema
    let eventSlot = config.input.fields.event.map { schema.slot(for: $0) }
    // Spilled runs (with --memory) go to a folder of this run's, removed even on an interrupt.
    let spillFolder = TemporaryFiles.makeFolder(in: settings.temporaryDirectory)
    defer { TemporaryFiles.removeFolder(spillFolder) }
    let store = EventStore(partitions: 16, memoryLimit: settings.memoryLimit, temporaryDirectory: spillFolder)
    let runner = IngestRunner(config: config, settings: settings)
    let rejectsFile = try settings.rejectsPath.map { path throws(JourneyError) in try RejectsFile.attach(to: runner, path: path) }
    var eventNames = StringInterner()
    var nameOfEvent: [UInt64: UInt32] = [:]
    var accepted = 0
    var userNames: (UInt32) -> String = { _ in "" }
    var sessionNames: (UInt32) -> String = { _ in "" }
    var eventName: (UInt64) -> String? = { _ in nil }
    if settings.threads > 1 {
      var names: [UInt64: UInt32] = [:]
      let ingest = ParallelIngest(
        runner: runner, sources: sources, extractor: extractor, extraSlot: eventSlot, threads: settings.threads,
        blockBytes: settings.ingestBlockBytes
      ) { event, name in
        store.append(event)
        if let name { names[event.order] = name }
      }
      try ingest.run()
      accepted = ingest.accepted
      let ids = ingest.global
      userNames = { ids.tables.users[$0] }
      sessionNames = { ids.tables.sessions[$0] }
      eventName = { names[$0].map { ids.extras[$0] } }
    } else {
    try runner.run(sources: sources, schema: schema) { fields, location in
      switch extractor.extract(fields, order: location.order) {
      case .accepted(let event):
        accepted += 1
        store.append(event)
        if let slot = eventSlot, let name = fields.string(slot) { nameOfEvent[event.order] = eventNames.intern(name) }
      case .excluded, .outOfRange:
        break
      case .rejected(let reason, let detail):
        runner.reject(file: location.file, line: location.line, reason: reason, detail: detail)
      }
    }
      userNames = { [extractor] in extractor.users[$0] }
      sessionNames = { [extractor] in extractor.sessions[$0] }
      eventName = { [nameOfEvent, eventNames] in nameOfEvent[$0].map { eventNames[$0] } }
    }
    try rejectsFile?.finish()
    let stages = config.stages
    try store.forEachSessionizedUser(policy: ReportPipeline.sessionPolicy(config)) { sessions in
      let events = sessions.sessionEvents
      for (index, range) in sessions.ranges.enumerated() {
        for event in events[range] {
          try emit(
            Row(
              user: userNames(event.user), session: index + 1,
              exportSession: event.session == 0 ? nil : sessionNames(event.session),
              time: event.time, stage: event.hasStage ? stages[Int(event.stage)] : nil,
              event: eventName(event.order)))
        }
      }
    }
    store.removeTemporaryFiles()
    _ = schema.count
    return (accepted, runner.rejects.count)
  }
}
