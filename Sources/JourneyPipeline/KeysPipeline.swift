import JourneyConfig
import JourneyIngest
import JourneyInput
import JourneyModel
import JourneyParsing

/// `journey keys`: every framed record with the user key `--partition` hashes, in input order, for
/// a shuffle by user outside journey (the Spark job); the format is ``KeyedStream``'s.
///
/// Reads and parses exactly as `report` does (the same framing, format detection and parsers, the
/// same config's fields), but extracts nothing: the user key is read from the first event's fields
/// (``UserKeyReader``), nothing is interned, so memory stays constant however many users pass.
package enum KeysPipeline {
  /// Writes the lines of every input to `write`, in chunks of about 1 MiB, in order.
  /// `inputName` names standard input in the `#input` line; `inputIndex` is the first input's INPUT.
  package static func run(
    _ settings: RunSettings, inputName: String?, inputIndex: Int, write: @escaping (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    let inputs = try settings.inputQueue()
    let config = try ConfigResolver.resolve(settings, inputs: inputs)
    let extractor = try EventExtractor(config: config)
    var ingest = RecordIngest(extractor: extractor, maxRecordLength: settings.maxRecordLength, extracts: false)
    // Reading problems (a truncated gzip) are warned about here and said again in `#input`;
    // rejects are left to the report.
    let ledger = IngestLedger(warn: settings.warn)
    var lines = Lines(keys: extractor.userKeyReader, write: write)
    for index in inputs.sources.indices {
      let reader = try inputs.reader(at: index)
      let name = reader.source.displayName
      lines.start(input: inputIndex + index)
      var format: RecordFormat?
      if let head = reader.head {
        let found = try FormatParser.format(head: head, file: name, config: config)
        format = found
        let parser = FormatParser(format: found, schema: ingest.schema, config: config)
        ingest.restart(orderBase: 0)
        let outcome = try parser.run(FileLoop(reader: reader, format: found, readAhead: settings.threads > 1), &ingest, &lines)
        if let failure = lines.failure { throw failure }
        ledger.finishFile(name: name, compression: reader.compression, format: found, outcome: outcome, records: ingest.records)
      } else {
        ledger.finishFile(name: name, compression: reader.compression, format: nil, outcome: reader.outcomeWithoutRecords, records: 0)
      }
      var summary = ledger.inputs[ledger.inputs.count - 1]
      if reader.source == .standardInput, let inputName { summary.path = inputName }
      let input = KeyedInput(
        index: inputIndex + index, summary: summary, header: lines.header.map { String(decoding: $0, as: UTF8.self) },
        headerLine: lines.header == nil ? nil : lines.headerLine, format: format)
      try lines.finishInput("\(KeyedStream.inputTag)\t\(KeyedStream.encode(input))\n")
    }
  }

  /// The visitor that writes a line per record: the key of its first event (empty without one),
  /// its input and line, its bytes.
  struct Lines: RecordVisitor {
    let keys: UserKeyReader
    let write: (UnsafeRawBufferPointer) throws -> Void
    var out: [UInt8] = []
    var key: [UInt8] = []
    var keyRead = false
    /// `INPUT<TAB>` of the current input.
    var inputField: [UInt8] = []
    var header: [UInt8]?
    var headerLine = 0
    var failure: (any Error)?
    static let flushSize = 1 << 20

    init(keys: UserKeyReader, write: @escaping (UnsafeRawBufferPointer) throws -> Void) {
      self.keys = keys
      self.write = write
      out.reserveCapacity(Self.flushSize + (1 << 16))
    }

    mutating func start(input: Int) {
      inputField = Array("\t\(input)\t".utf8)
      header = nil
    }

    mutating func willParse(_ record: InputRecord) { keyRead = false }

    @inline(__always) mutating func willExtract(_ fields: borrowing RecordFields) {
      guard !keyRead else { return }
      keyRead = true
      keys.key(fields, into: &key)
    }

    mutating func didParse(_ record: InputRecord, header: Bool) {
      if header {
        self.header = Array(record.bytes)
        headerLine = record.line
        return
      }
      if !keyRead { key.removeAll(keepingCapacity: true) }
      key.withUnsafeBytes { KeyedStream.appendEscaped($0, to: &out) }
      line(record.line)
      KeyedStream.appendEscaped(record.bytes, to: &out)
      out.append(0x0A)
      if out.count >= Self.flushSize { flush() }
    }

    private mutating func line(_ number: Int) {
      out.append(contentsOf: inputField)
      out.append(contentsOf: String(number).utf8)
      out.append(0x09)
    }

    mutating func reject(line: Int, reason: RejectReason, detail: String, excerpt: String?) {
      // A too-long record is rejected before it is parsed: no ``didParse(_:header:)``.
      guard reason == .lineTooLong else { return }
      self.line(line)
      out.append(contentsOf: KeyedStream.tooLongMarker)
      out.append(0x0A)
    }

    mutating func accept(_ event: EventRecord, extra: UInt32?, fields: borrowing RecordFields, line: Int, ids: borrowing IDSpace) {}
    mutating func drop(outOfRange: Bool, user: UInt32, fields: borrowing RecordFields, line: Int) {}
    mutating func duplicate(line: Int, _ what: String) {}

    mutating func flush() {
      guard failure == nil, !out.isEmpty else {
        out.removeAll(keepingCapacity: true)
        return
      }
      do { try out.withUnsafeBytes { try write($0) } } catch { failure = error }
      out.removeAll(keepingCapacity: true)
    }

    mutating func finishInput(_ line: String) throws {
      out.append(contentsOf: Array(line.utf8))
      flush()
      if let failure { throw failure }
    }
  }
}
