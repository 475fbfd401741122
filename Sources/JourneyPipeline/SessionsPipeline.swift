import JourneyConfig
import JourneyIngest
import JourneyModel
import JourneyRender
import JourneyReports
import JourneySessions

/// `journey sessions`: every event with its user, session and stage, user by user in time order.
package enum SessionsPipeline {
  /// The output: one JSON object per line, or CSV with a header.
  package typealias RowFormat = SessionRowFormat

  /// Reads every input, then writes one row per event in (user, session, time) order: user,
  /// session (1-based within the user), export_session, time, stage, event, and with `personas:` in
  /// the config the user's personas (SPEC §9, decided over the user's whole history before the
  /// first row). `write` gets the bytes in chunks of about 64 KiB, in order.
  /// - Returns: the ingest's counts, for the closing summary on stderr.
  package static func run(
    _ settings: RunSettings, format: RowFormat, write: (UnsafeRawBufferPointer) throws -> Void
  ) throws -> (events: Int, rejected: Int) {
    let inputs = try settings.inputQueue()
    let config = try ConfigResolver.resolve(settings, inputs: inputs)
    // Rows show neither breakdown values nor touchpoints: none is read or interned.
    var extractor = try EventExtractor(config: config, from: settings.from, to: settings.to, attributes: false)
    if let event = config.input.fields.event { extractor.addExtraField(event) }
    // Spilled runs (with --memory) go to a folder of this run's, removed even on an interrupt.
    let spillFolder = TemporaryFiles.makeFolder(in: settings.temporaryDirectory)
    defer { TemporaryFiles.removeFolder(spillFolder) }
    let store = EventStore(partitions: 16, memoryLimit: settings.memoryLimit, temporaryDirectory: spillFolder)
    if let limit = settings.userBatchLimit { store.batchLimit = limit }
    let ledger = IngestLedger(warn: settings.warn)
    let rejectsFile = try settings.rejectsPath.map { path throws(JourneyError) in try RejectsFile.attach(to: ledger, path: path) }
    // Rows need no breakdowns, so an event's `attributes` carries its event name: 0 for none, else
    // the name's id + 1 (the empty name has id 0). (A slot of its own in EventRecord would take it
    // from 40 to 48 bytes, and every stored event of `report` with it.)
    let ingest = try settings.ingest(inputs, config: config, ledger: ledger, extractor: extractor) { event, name in
      var event = event
      event.attributes = name.map { $0 + 1 } ?? 0
      store.append(event)
    }
    try store.checkSpills()
    let (users, sessions, eventNames) = (ingest.ids.users, ingest.ids.sessions, ingest.ids.extras)
    let personas = config.reportSettings.personas
    let policy = config.sessionPolicy(dedupeLog: ingest.ids.dedupeLog)
    let memberships = try personas.isEmpty ? nil : Self.memberships(store, policy: policy, rules: personas.map(\.rule), threads: settings.threads)
    var writer = SessionRowWriter(format: format, stages: config.stages, personas: personas.map(\.name))
    writer.writeHeader()
    try store.forEachSessionizedUser(policy: policy) { userSessions in
      let events = userSessions.sessionEvents
      guard let first = events.first else { return }
      let mask = memberships?.personas(of: first.user) ?? 0
      users.withBytes(of: first.user) { writer.startUser($0, personas: mask) }
      for (index, range) in userSessions.ranges.enumerated() {
        for event in events[range] {
          let name = event.attributes == 0 ? nil : Int(event.attributes - 1)
          let stage = event.hasStage ? Int(event.stage) : nil
          if event.session == 0 {
            writer.write(session: userSessions.firstSession + index + 1, exportSession: nil, time: event.time, stage: stage, eventID: name, names: eventNames)
          } else {
            sessions.withBytes(of: event.session) { export in
              writer.write(
                session: userSessions.firstSession + index + 1, exportSession: export, time: event.time, stage: stage, eventID: name,
                names: eventNames)
            }
          }
        }
        try writer.flush(write)
      }
    }
    try writer.flush(force: true, write)
    // Put in place only now: a run that fails or is interrupted while writing rows leaves no rejects file.
    try rejectsFile?.finish()
    store.removeTemporaryFiles()
    return (ingest.accepted, ledger.rejects.count)
  }

  /// Which personas each user of `store` is in: the engine's membership pass (the store stays
  /// readable for the rows).
  static func memberships(
    _ store: EventStore, policy: SessionPolicy, rules: [PersonaRule], threads: Int
  ) throws(JourneyError) -> PersonaMemberships {
    do {
      return try JourneyEngine.personaMembership(store: store, policy: policy, rules: rules, threads: threads)
    } catch let error as JourneyError {
      throw error
    } catch {
      throw JourneyError(kind: .input, message: "sorting events failed: \(error)")
    }
  }
}
