import JourneyIngest
import JourneyConfig
import JourneyModel

extension RunSettings {
  /// The inputs to read (``sources()``), each to be opened once, with this run's record limit and progress.
  func inputQueue() throws(JourneyError) -> InputQueue {
    InputQueue(try sources(), maxRecordLength: maxRecordLength, progress: progress)
  }

  /// Reads every input for `report` and `sessions`: on ``threads`` threads, `emit` getting each
  /// accepted event in input order (see ``EventIngest``).
  func ingest(
    _ inputs: InputQueue, config: JourneyConfig, ledger: IngestLedger, extractor: EventExtractor,
    emit: @escaping (EventRecord, UInt32?) -> Void
  ) throws(JourneyError) -> EventIngest.Outcome {
    try EventIngest.run(
      inputs, config: config, ledger: ledger, extractor: extractor, threads: threads, blockBytes: ingestBlockBytes,
      emit: emit)
  }
}
