import JourneyConfig
import JourneyInput
import JourneyModel
import JourneyParsing

/// Reads every input in order on the calling thread: bytes → records → ``RecordIngest`` → the visitor.
///
/// A one-thread `report` or `sessions`, and `classify`. Rejects and warnings go to the ledger as the
/// records come, so in input order.
package enum SequentialIngest {
  /// Reads `inputs` one after the other; events get `order = file << 44 | ordinal in file`.
  /// `readAhead` inflates on a second thread while this one parses.
  package static func run<Visitor: FileVisitor>(
    _ inputs: InputQueue, config: JourneyConfig, ingest: inout RecordIngest, ledger: IngestLedger, readAhead: Bool,
    visitor: inout Visitor
  ) throws(JourneyError) {
    for index in inputs.sources.indices {
      let reader = try inputs.reader(at: index)
      let name = reader.source.displayName
      guard let head = reader.head else {
        ledger.finishFile(name: name, compression: reader.compression, format: nil, outcome: reader.outcomeWithoutRecords, records: 0)
        continue
      }
      let format: RecordFormat
      if let declared = inputs.format(at: index) {
        format = declared
      } else {
        format = try FormatParser.format(head: head, file: name, config: config)
      }
      let parser = FormatParser(format: format, schema: ingest.schema, config: config)
      visitor.startFile(name)
      ingest.restart(orderBase: EventRecord.order(file: index, ordinal: 0))
      let outcome = try parser.run(FileLoop(reader: reader, format: format, readAhead: readAhead), &ingest, &visitor)
      ledger.finishFile(name: name, compression: reader.compression, format: format, outcome: outcome, records: ingest.records)
    }
    ledger.finishRun()
  }
}
