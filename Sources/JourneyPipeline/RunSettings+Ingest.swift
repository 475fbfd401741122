import JourneyIngest
import JourneyConfig
import JourneyInput
import JourneyModel
import JourneyRender

extension RunSettings {
  /// The inputs to read (``sources()``), each to be opened once, with this run's record limit and progress.
  func inputQueue() throws(JourneyError) -> InputQueue {
    guard let keyed else { return InputQueue(try sources(), maxRecordLength: maxRecordLength, progress: progress) }
    // The rebuilt files, under their original names.
    var written = outputs.map { OutputCollisions.Output(option: $0 == "-" ? "standard output" : "-o", path: $0) }
    if let rejectsPath { written.append(.init(option: "--rejects", path: rejectsPath)) }
    try OutputCollisions.check(written, inputs: [])
    let names = keyed.header.inputs.map { $0.path == "-" ? InputSource.standardInput : .file($0.path) }
    let queue = InputQueue(names, maxRecordLength: maxRecordLength, progress: progress)
    queue.substitutes = keyed.files
    queue.formats = keyed.header.inputs.map(\.recordFormat)
    return queue
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
