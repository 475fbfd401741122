import JourneyConfig
import JourneyInput
import JourneyModel
import JourneyParsing

/// Reads, parses and extracts the events of every input on several threads, and hands them over in
/// exactly the order, with exactly the ids, of a sequential read.
///
/// `threads` threads in all, so no more threads than cores compete for them: readers (one per file
/// being read, at most `threads` at once) decompress and frame records into blocks of whole records
/// with their line numbers, and the rest are workers that parse blocks, lowest (file, block) first,
/// each with its own parser and ``EventExtractor`` whose interners are local to the block. A reader
/// that must wait for a free block parses queued blocks meanwhile, and becomes a worker when no file
/// is left to read. (With a dedicated reader thread beside `threads` workers, the scheduler shared the
/// cores three ways: the reader fell behind, workers starved, and a tenth of the CPU time stood idle.)
/// NDJSON and access logs travel in raw blocks (lines inflated straight into the block, framed by the
/// thread that parses it); CSV/TSV and whitespace formats in framed blocks.
///
/// Finished blocks are committed strictly in input order, by whichever thread finishes the block that
/// is next: local ids become global ids (values interned in order of first appearance,
/// as a sequential read would), events get `order = file << 44 | ordinal in file`, rejects and
/// warnings reach the ``IngestRunner`` in file and line order. So reports, samples and stderr are the
/// same whatever the thread count and scheduling.
///
/// Memory stays bounded: at most `inFlight` unparsed blocks (being filled, queued or being parsed) exist
/// at once, at most `inFlight` parsed results of the file being committed and `maxUncommitted` of
/// later files wait for their turn to commit. A block's
/// slot is freed as soon as it is parsed, so a later file's reader keeps inflating while an earlier
/// file is still being committed (with zlib and several files, both cores inflate).
final class ParallelIngest: @unchecked Sendable {
  /// The global ids, in the order a sequential read assigns them.
  struct GlobalIDs {
    var tables = EventExtractor.IDTables()
    /// Values of the optional extra field (the event name for `sessions`).
    var extras = ByteInterner()
    let breakdownFields: Int

    var attributes: AttributeTable {
      EventExtractor.attributeTable(
        breakdownFields: breakdownFields, tuples: tables.breakdownTuples, values: tables.breakdownValues)
    }
  }

  /// A parser positioned at the start of a block (delimited formats: before or after the header).
  enum ParserState {
    case ndjson(NDJSONRecordParser)
    case delimited(DelimitedRecordParser)
    case whitespace(WhitespaceRecordParser)
    case accessLog(AccessLogRecordParser)
  }

  struct Key: Hashable, Comparable {
    var file: Int
    var block: Int
    static func < (a: Key, b: Key) -> Bool { a.file != b.file ? a.file < b.file : a.block < b.block }
  }

  struct Job {
    var key: Key
    var block: RecordBlock
    var parser: ParserState
  }

  struct RejectNote {
    var line: Int
    var reason: RejectReason
    var detail: String
    var excerpt: String?
  }

  struct BlockResult {
    var key: Key
    /// Local ids; `order` holds the ordinal of the event within the block.
    var events: [EventRecord] = []
    /// Per event when there is an extra slot: its local extra id, or `.max` for none.
    var extras: [UInt32] = []
    var rejects: [RejectNote] = []
    /// The first record of the block that named a field twice, and what it named.
    var duplicate: (line: Int, what: String)?
    var parsed = 0
    var records = 0
    var excluded = 0
    /// Raw blocks: reject lines count from 1 at the block's start, and the block holds this many lines.
    var relativeLines = false
    var lineCount = 0
    var ids = EventExtractor.LocalIDs()
    var extraIDs = ByteInterner()
  }

  enum FileEnd {
    case read(compression: Compression, format: RecordFormat?, outcome: InputOutcome, blocks: Int)
    case failed(JourneyError)
  }

  struct FileProgress {
    var name: String
    var ordinalBase = 0
    var records = 0
    /// Lines before the next raw block to commit.
    var lineBase = 0
  }

  let runner: IngestRunner
  let sources: [InputSource]
  let prototype: EventExtractor
  let extraSlot: Int?
  let threads: Int
  let blockBytes: Int
  let inFlight: Int
  let maxUncommitted: Int
  private let lock = PipeLock()

  // Shared state, under `lock`.
  private var nextFile = 0
  private var jobs: [Job] = []
  private var pending: [Key: BlockResult] = [:]
  private var ends: [Int: FileEnd] = [:]
  private var readersRunning = 0
  private var tokens: Int
  private var spareBlocks: [RecordBlock] = []
  /// Per file, the storage address of the block its reader emitted last (see ``identity(of:)``).
  private var lastEmitted: [Int: UInt] = [:]
  private var commitKey = Key(file: 0, block: 0)
  private var committing = false
  private var failure: JourneyError?

  // Committer state: touched by one thread at a time (the `committing` flag, handed over under `lock`).
  private(set) var global: GlobalIDs
  private(set) var accepted = 0
  private(set) var excluded = 0
  private var files: [FileProgress]
  private let emit: (EventRecord, UInt32?) -> Void

  init(
    runner: IngestRunner, sources: [InputSource], extractor: EventExtractor, extraSlot: Int?, threads: Int,
    blockBytes: Int = 4 << 20, emit: @escaping (EventRecord, UInt32?) -> Void
  ) {
    self.runner = runner
    self.sources = sources
    self.prototype = extractor
    global = GlobalIDs(breakdownFields: extractor.breakdownSlots.count)
    self.extraSlot = extraSlot
    self.threads = max(1, threads)
    self.blockBytes = blockBytes
    self.inFlight = max(6, 3 * self.threads)
    self.tokens = inFlight
    // A parsed result is ~1/10 of its block (packed events and the block's new values).
    self.maxUncommitted = 4 * inFlight
    self.emit = emit
    files = sources.map { FileProgress(name: $0.displayName) }
  }

  /// Reads everything; returns after the last block was committed (or throws the first input error,
  /// in input order, after committing what came before it).
  func run() throws(JourneyError) {
    let readers = min(sources.count, threads)
    var bodies: [@Sendable () -> Void] = []
    readersRunning = readers
    for _ in 0..<readers {
      bodies.append { [self] in
        var context = makeContext()
        readLoop(&context)
        workLoop(&context)
      }
    }
    for _ in readers..<max(readers, threads) {
      bodies.append { [self] in
        var context = makeContext()
        workLoop(&context)
      }
    }
    runOnThreads(bodies[...])
    if let failure { throw failure }
    runner.finishRun()
  }

  /// What a thread needs to parse blocks: its own extractor (and so its own interners) and fields.
  struct ParseContext {
    var extractor: EventExtractor
    var fields: RecordFields
  }

  private func makeContext() -> ParseContext {
    var extractor = prototype
    extractor.prepareForOwnThread()
    return ParseContext(extractor: extractor, fields: RecordFields(slotCount: prototype.schema.count))
  }

  // MARK: Readers

  private func readLoop(_ context: inout ParseContext) {
    while true {
      let file: Int? = lock.withLock {
        guard failure == nil, nextFile < sources.count else { return nil }
        defer { nextFile += 1 }
        return nextFile
      }
      guard let file else { break }
      let end = readFile(file, helping: &context)
      lock.withLock {
        ends[file] = end
        lock.broadcast()
      }
      drainCommits()
    }
    lock.withLock {
      readersRunning -= 1
      lock.broadcast()
    }
  }

  private func readFile(_ file: Int, helping context: inout ParseContext) -> FileEnd {
    let source = sources[file]
    let name = source.displayName
    let settings = runner.settings
    do {
      let reader = try RecordReader(source: source, maxRecordLength: settings.maxRecordLength, progress: settings.progress)
      guard let head = reader.head else {
        return .read(compression: reader.compression, format: nil, outcome: reader.outcomeWithoutRecords, blocks: 0)
      }
      let format = try runner.recordFormat(head: head, file: name)
      var parser = makeParser(format)
      var blocks = 0
      // Queues `block` for the workers with the parser state at its start.
      func enqueue(_ block: RecordBlock) {
        let job = Job(key: Key(file: file, block: blocks), block: block, parser: parser)
        blocks += 1
        lock.withLock {
          lastEmitted[file] = Self.identity(of: block)
          jobs.append(job)
          lock.broadcast()
        }
      }
      func nextBlock() -> RecordBlock? { takeBlock(for: file, helping: &context) }
      let outcome: InputOutcome
      if Self.readsRaw(format) {
        // Lines without a header: inflated straight into the blocks, framed by the workers.
        outcome = try reader.forEachRawBlock(blockBytes: blockBytes, nextBlock: nextBlock, emit: enqueue)
      } else {
        let framing: Framing
        if case .delimited(let separator) = format { framing = .quoted(separator: separator) } else { framing = .lines }
        var fields = RecordFields(slotCount: prototype.schema.count)
        outcome = try reader.forEachRecordBlock(
          framing: framing, blockBytes: blockBytes, nextBlock: nextBlock,
          emit: { block in
            enqueue(block)
            Self.advanceHeader(&parser, over: block, fields: &fields)
          })
      }
      return .read(compression: reader.compression, format: format, outcome: outcome, blocks: blocks)
    } catch let error as JourneyError {
      return .failed(error)
    } catch {
      return .failed(JourneyError(kind: .input, location: name, message: "\(error)"))
    }
  }

  /// Formats read in raw blocks: one record per line and no header, so a block of whole lines
  /// parses without anything from the blocks before it.
  static func readsRaw(_ format: RecordFormat) -> Bool {
    switch format {
    case .ndjson, .combined, .common: true
    case .delimited, .whitespace: false
    }
  }

  private func makeParser(_ format: RecordFormat) -> ParserState {
    let config = runner.config
    let schema = prototype.schema
    let options = ParserOptions(eventsPath: config.input.events, nullMarkers: config.input.nullValues)
    switch format {
    case .ndjson: return .ndjson(NDJSONRecordParser(schema: schema, options: options))
    case .delimited(let separator):
      var parser = DelimitedRecordParser(separator: separator, schema: schema, options: options)
      parser.startFile()
      return .delimited(parser)
    case .whitespace:
      var parser = WhitespaceRecordParser(schema: schema, options: options)
      parser.startFile()
      return .whitespace(parser)
    case .combined, .common:
      var parser = AccessLogRecordParser(format: format, schema: schema, options: options)
      parser.startFile()
      return .accessLog(parser)
    }
  }

  /// Formats with a header: the parser's state after `block`, replaying records until the header is read.
  private static func advanceHeader(_ state: inout ParserState, over block: RecordBlock, fields: inout RecordFields) {
    func replay<P: RecordParser>(_ parser: inout P) {
      guard parser.columnNames == nil else { return }
      block.forEachRecord { record in
        guard parser.columnNames == nil, !record.isTooLong else { return }
        _ = parser.parse(record.bytes, into: &fields) { _ in }
      }
    }
    switch state {
    case .delimited(var parser):
      replay(&parser)
      state = .delimited(parser)
    case .whitespace(var parser):
      replay(&parser)
      state = .whitespace(parser)
    case .ndjson, .accessLog: break
    }
  }

  /// Which storage a block's bytes live in (an address used only as a name, never dereferenced).
  private static func identity(of block: RecordBlock) -> UInt {
    block.bytes.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) }
  }

  /// A block to fill for `file`, once one of the in-flight tokens is free; nil when the run failed.
  /// While none is free, parses queued blocks (which frees tokens).
  ///
  /// The file being committed may always use the last two tokens, so it never waits on later files.
  private func takeBlock(for file: Int, helping context: inout ParseContext) -> RecordBlock? {
    lock.withLock {
      func mayTake() -> Bool {
        if failure != nil { return true }
        // The file being committed waits too while `inFlight` of its parsed blocks wait for the
        // committer (a slow one: `--rejects` on a slow disk), so memory does not grow with the
        // file. It never waits on itself: its next block to commit is parsed or being parsed.
        if file == commitKey.file { return tokens > 0 && pending.keys.count(where: { $0.file == file }) < inFlight }
        return tokens > 2 && pending.count + (inFlight - tokens) < maxUncommitted
      }
      while true {
        lock.wait { mayTake() || !jobs.isEmpty }
        if mayTake() { break }
        var job: Job? = nextJob()
        lock.unlocked { runJob(job.take()!, &context) }
      }
      guard failure == nil else { return nil }
      tokens -= 1
      // Not the block this file's reader emitted last: the reader holds it until this call returns.
      let held = lastEmitted[file]
      if let i = spareBlocks.lastIndex(where: { Self.identity(of: $0) != held }) {
        var block = spareBlocks.remove(at: i)
        block.removeAll()
        return block
      }
      return RecordBlock(capacity: blockBytes + (blockBytes >> 4))
    }
  }

  // MARK: Workers

  private func workLoop(_ context: inout ParseContext) {
    while true {
      guard let job: Job = lock.withLock({
        lock.wait { failure != nil || !jobs.isEmpty || readersRunning == 0 }
        guard failure == nil, !jobs.isEmpty else { return nil }
        return nextJob()
      }) else { break }
      runJob(job, &context)
    }
  }

  /// Removes the queued job that comes first in input order (call with `lock` held, `jobs` not empty).
  private func nextJob() -> Job {
    var best = 0
    for i in jobs.indices.dropFirst() where jobs[i].key < jobs[best].key { best = i }
    jobs.swapAt(best, jobs.count - 1)
    return jobs.removeLast()
  }

  /// Parses `job`, leaves its result for the committer, frees its block, and commits what is due
  /// (call without `lock`).
  private func runJob(_ job: consuming Job, _ context: inout ParseContext) {
    var job = job
    let result = parse(&job, extractor: &context.extractor, fields: &context.fields)
    lock.withLock {
      pending[result.key] = result
      // The spare is the only reference left (the job lets go of it here), so emptying it for
      // reuse keeps its storage; a shared block would be copied: 4 MB of fresh pages.
      spareBlocks.append(job.block)
      job.block = RecordBlock()
      tokens += 1
      lock.broadcast()
    }
    drainCommits()
  }

  private func parse(_ job: inout Job, extractor: inout EventExtractor, fields: inout RecordFields) -> BlockResult {
    var result = BlockResult(key: job.key)
    result.events.reserveCapacity(job.block.spans.count)
    switch job.parser {
    case .ndjson(var parser): parseRecords(job.block, &parser, &extractor, &fields, &result)
    case .delimited(var parser): parseRecords(job.block, &parser, &extractor, &fields, &result)
    case .whitespace(var parser): parseRecords(job.block, &parser, &extractor, &fields, &result)
    case .accessLog(var parser): parseRecords(job.block, &parser, &extractor, &fields, &result)
    }
    result.ids = extractor.takeLocalIDs()
    return result
  }

  /// What ``IngestRunner``'s sequential loop does per record, into the block's result.
  private func parseRecords<Parser: RecordParser>(
    _ block: RecordBlock, _ parser: inout Parser, _ extractor: inout EventExtractor, _ fields: inout RecordFields,
    _ result: inout BlockResult
  ) {
    let maxRecordLength = runner.settings.maxRecordLength
    let extraSlot = extraSlot
    func forEachRecord(_ body: (InputRecord) -> Void) {
      if block.isRaw {
        result.relativeLines = true
        result.lineCount = block.forEachRawRecord(maxRecordLength: maxRecordLength, body)
      } else {
        block.forEachRecord(body)
      }
    }
    forEachRecord { record in
      if record.isTooLong {
        result.rejects.append(RejectNote(line: record.line, reason: .lineTooLong, detail: "longer than \(maxRecordLength) bytes"))
        return
      }
      let outcome = parser.parse(record.bytes, into: &fields) { eventFields in
        let ordinal = result.parsed
        result.parsed += 1
        switch extractor.extract(eventFields, order: UInt64(ordinal)) {
        case .accepted(let event):
          result.events.append(event)
          if let extraSlot {
            result.extras.append(eventFields.withBytes(extraSlot) { result.extraIDs.intern($0) } ?? .max)
          }
        case .excluded, .outOfRange:
          result.excluded += 1
        case .rejected(let reason, let detail):
          result.rejects.append(
            RejectNote(line: record.line, reason: reason, detail: detail, excerpt: IngestRunner.excerpt(record.bytes)))
        }
      }
      if let duplicate = parser.takeDuplicate(), result.duplicate == nil { result.duplicate = (record.line, duplicate) }
      switch outcome {
      case .events: result.records += 1
      case .header: break
      case .rejected(let reason, let detail):
        result.records += 1
        result.rejects.append(
          RejectNote(line: record.line, reason: reason, detail: detail, excerpt: IngestRunner.excerpt(record.bytes)))
      }
    }
  }

  // MARK: Committing, in input order

  /// Commits every result that is next in order; one thread at a time, the others just leave theirs.
  private func drainCommits() {
    lock.withLock {
      guard !committing else { return }
      committing = true
      defer { committing = false }
      while failure == nil {
        let key = commitKey
        if let result = pending.removeValue(forKey: key) {
          pthreadUnlocked { commit(result) }
          commitKey.block += 1
          lock.broadcast()
        } else if let end = ends[key.file] {
          switch end {
          case .failed(let error):
            failure = error
          case .read(let compression, let format, let outcome, let blocks):
            guard key.block == blocks else { return }
            ends[key.file] = nil
            pthreadUnlocked { finishFile(key.file, compression: compression, format: format, outcome: outcome) }
            commitKey = Key(file: key.file + 1, block: 0)
          }
          lock.broadcast()
        } else {
          return
        }
      }
    }
  }

  /// Runs `body` with `lock` released (called with it held).
  private func pthreadUnlocked(_ body: () -> Void) {
    lock.unlocked(body)
  }

  private func commit(_ result: BlockResult) {
    let file = result.key.file
    let users = Self.mapping(result.ids.users, into: &global.tables.users)
    let sessions = Self.mapping(result.ids.sessions, into: &global.tables.sessions)
    let changes = Self.mapping(result.ids.changes, into: &global.tables.changes)
    let dedupeIDs = Self.mapping(result.ids.dedupeIDs, into: &global.tables.dedupeIDs)
    let values = Self.mapping(result.ids.breakdownValues, into: &global.tables.breakdownValues)
    // With one breakdown field, attributes are value ids (see EventExtractor.attributeTable).
    var tuples = values
    if global.breakdownFields > 1 {
      let localTuples = result.ids.breakdownTuples.tuples
      tuples = [UInt32](repeating: 0, count: localTuples.count)
      var scratch: [UInt32] = []
      for i in localTuples.indices.dropFirst() {
        scratch.removeAll(keepingCapacity: true)
        for value in localTuples[i] { scratch.append(values[Int(value)]) }
        tuples[i] = scratch.withUnsafeBufferPointer { global.tables.breakdownTuples.intern($0) }
      }
    }
    let extras = extraSlot == nil ? [] : Self.mapping(result.extraIDs.values, into: &global.extras)
    let base = files[file].ordinalBase
    for i in result.events.indices {
      var event = result.events[i]
      event.order = EventRecord.order(file: file, ordinal: base + Int(event.order))
      event.user = users[Int(event.user)]
      event.session = sessions[Int(event.session)]
      event.change = changes[Int(event.change)]
      event.dedupe = dedupeIDs[Int(event.dedupe)]
      event.attributes = tuples[Int(event.attributes)]
      var extra: UInt32? = nil
      if extraSlot != nil, result.extras[i] != .max { extra = extras[Int(result.extras[i])] }
      emit(event, extra)
    }
    files[file].ordinalBase += result.parsed
    files[file].records += result.records
    accepted += result.events.count
    excluded += result.excluded
    runner.addParsedEvents(result.parsed)
    let name = files[file].name
    let lineBase = result.relativeLines ? files[file].lineBase : 0
    if let duplicate = result.duplicate { runner.warnDuplicate(file: name, line: lineBase + duplicate.line, duplicate.what) }
    for note in result.rejects {
      runner.reject(file: name, line: lineBase + note.line, reason: note.reason, detail: note.detail, excerpt: note.excerpt)
    }
    files[file].lineBase += result.lineCount
  }

  private func finishFile(_ file: Int, compression: Compression, format: RecordFormat?, outcome: InputOutcome) {
    runner.finishFile(
      name: files[file].name, compression: compression, format: format, outcome: outcome, records: files[file].records)
  }

  /// Global id of every local id, interning the values new to the run in local (first-seen) order.
  private static func mapping(_ local: InternedValues, into global: inout ByteInterner) -> [UInt32] {
    global.internAll(local)
  }
}
