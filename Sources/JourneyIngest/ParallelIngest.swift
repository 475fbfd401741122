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
/// each with its own ``RecordIngest`` whose ``IDSpace`` is local to the block (``BlockResult``). A reader
/// that must wait for a free block parses queued blocks meanwhile, and becomes a worker when no file
/// is left to read. (With a dedicated reader thread beside `threads` workers, the scheduler shared the
/// cores three ways: the reader fell behind, workers starved, and a tenth of the CPU time stood idle.)
/// NDJSON and access logs travel in raw blocks (lines inflated straight into the block, framed by the
/// thread that parses it); CSV/TSV and whitespace formats in framed blocks.
///
/// Finished blocks are committed strictly in input order, by whichever thread finishes the block that
/// is next (`ParallelIngest+Commit.swift`): local ids become global ids (``IDSpace/merge(_:)``: values
/// interned in order of first appearance, as a sequential read would), events get
/// `order = file << 44 | ordinal in file`, rejects and warnings reach the ``IngestLedger`` in file
/// and line order. So reports, samples and stderr are the same whatever the thread count and scheduling.
///
/// Memory stays bounded: at most `inFlight` unparsed blocks (being filled, queued or being parsed) exist
/// at once, at most `inFlight` parsed results of the file being committed and `maxUncommitted` of
/// later files wait for their turn to commit. A block's
/// slot is freed as soon as it is parsed, so a later file's reader keeps inflating while an earlier
/// file is still being committed (with zlib and several files, both cores inflate).
package final class ParallelIngest: @unchecked Sendable {
  struct Key: Hashable, Comparable {
    var file: Int
    var block: Int
    static func < (a: Key, b: Key) -> Bool { a.file != b.file ? a.file < b.file : a.block < b.block }
  }

  struct Job {
    var key: Key
    var block: RecordBlock
    /// The parser's state at the block's start (delimited formats: before or after the header).
    var parser: FormatParser
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

  let inputs: InputQueue
  let config: JourneyConfig
  let ledger: IngestLedger
  let prototype: EventExtractor
  let threads: Int
  let blockBytes: Int
  let inFlight: Int
  let maxUncommitted: Int
  let lock = PipeLock()

  // Shared state, under `lock`.
  private var nextFile = 0
  private var jobs: [Job] = []
  var pending: [Key: BlockResult] = [:]
  var ends: [Int: FileEnd] = [:]
  private var readersRunning = 0
  private var tokens: Int
  private var spareBlocks: [RecordBlock] = []
  /// Per file, the storage address of the block its reader emitted last (see ``identity(of:)``).
  private var lastEmitted: [Int: UInt] = [:]
  var commitKey = Key(file: 0, block: 0)
  var committing = false
  var failure: JourneyError?

  // Committer state: touched by one thread at a time (the `committing` flag, handed over under `lock`).
  /// The run's ids, in the order a sequential read assigns them.
  package internal(set) var global: IDSpace
  package internal(set) var accepted = 0
  package internal(set) var excluded = 0
  /// Events outside `--from/--to`.
  package internal(set) var outOfRange = 0
  /// Records and events of users outside `--partition`.
  package internal(set) var otherPartition = 0
  /// The events each stage rule and `exclude:` condition took, once ``run()`` returned.
  package internal(set) var ruleUsage: RuleUsage
  var files: [FileProgress]
  let emit: (EventRecord, UInt32?) -> Void

  /// `emit` gets each accepted event in input order, with the run's id of its extra field's value.
  package init(
    inputs: InputQueue, config: JourneyConfig, ledger: IngestLedger, extractor: EventExtractor, threads: Int,
    blockBytes: Int = 4 << 20, emit: @escaping (EventRecord, UInt32?) -> Void
  ) {
    self.inputs = inputs
    self.config = config
    self.ledger = ledger
    self.prototype = extractor
    ruleUsage = extractor.ruleUsage
    global = IDSpace(attributeFields: extractor.ids.attributeFields)
    self.threads = max(1, threads)
    self.blockBytes = blockBytes
    self.inFlight = max(6, 3 * self.threads)
    self.tokens = inFlight
    // A parsed result is ~1/10 of its block (packed events and the block's new values).
    self.maxUncommitted = 4 * inFlight
    self.emit = emit
    files = inputs.sources.map { FileProgress(name: $0.displayName) }
  }

  /// Reads everything; returns after the last block was committed (or throws the first input error,
  /// in input order, after committing what came before it).
  package func run() throws(JourneyError) {
    let readers = min(inputs.sources.count, threads)
    var bodies: [@Sendable () -> Void] = []
    readersRunning = readers
    for _ in 0..<readers {
      bodies.append { [self] in
        var context = makeContext()
        readLoop(&context)
        workLoop(&context)
        addUsage(context)
      }
    }
    for _ in readers..<max(readers, threads) {
      bodies.append { [self] in
        var context = makeContext()
        workLoop(&context)
        addUsage(context)
      }
    }
    runOnThreads(bodies[...])
    if let failure { throw failure }
    ledger.finishRun()
  }

  /// Adds a finished thread's rule counts to ``ruleUsage``.
  private func addUsage(_ context: RecordIngest) {
    let usage = context.events.extractor.ruleUsage
    lock.withLock { ruleUsage.merge(usage) }
  }

  /// A thread's own extractor (and so its own interners) and fields.
  private func makeContext() -> RecordIngest {
    var extractor = prototype
    extractor.prepareForOwnThread()
    return RecordIngest(extractor: extractor, maxRecordLength: inputs.maxRecordLength)
  }

  // MARK: Readers

  private func readLoop(_ context: inout RecordIngest) {
    while true {
      let file: Int? = lock.withLock {
        guard failure == nil, nextFile < inputs.sources.count else { return nil }
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

  private func readFile(_ file: Int, helping context: inout RecordIngest) -> FileEnd {
    // Not `files[file].name`: the committer changes `files` meanwhile.
    let name = inputs.sources[file].displayName
    do {
      let reader = try inputs.reader(at: file)
      guard let head = reader.head else {
        return .read(compression: reader.compression, format: nil, outcome: reader.outcomeWithoutRecords, blocks: 0)
      }
      let format: RecordFormat
      if let declared = inputs.format(at: file) {
        format = declared
      } else {
        format = try FormatParser.format(head: head, file: name, config: config)
      }
      var parser = FormatParser(format: format, schema: prototype.schema, config: config)
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
      if FormatParser.readsRaw(format) {
        // Lines without a header: inflated straight into the blocks, framed by the workers.
        outcome = try reader.forEachRawBlock(blockBytes: blockBytes, nextBlock: nextBlock, emit: enqueue)
      } else {
        var fields = RecordFields(slotCount: prototype.schema.count)
        outcome = try reader.forEachRecordBlock(
          framing: FormatParser.framing(format), blockBytes: blockBytes, nextBlock: nextBlock,
          emit: { block in
            enqueue(block)
            parser.advanceHeader(over: block, fields: &fields)
          })
      }
      return .read(compression: reader.compression, format: format, outcome: outcome, blocks: blocks)
    } catch let error as JourneyError {
      return .failed(error)
    } catch {
      return .failed(JourneyError(kind: .input, location: name, message: "\(error)"))
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
  private func takeBlock(for file: Int, helping context: inout RecordIngest) -> RecordBlock? {
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

  private func workLoop(_ context: inout RecordIngest) {
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
  private func runJob(_ job: consuming Job, _ context: inout RecordIngest) {
    var job = job
    let result = BlockResult.parse(job.block, key: job.key, parser: job.parser, &context)
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
}
