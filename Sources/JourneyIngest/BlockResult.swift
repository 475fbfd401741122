import JourneyInput
import JourneyModel
import JourneyParsing

/// One parsed block of a parallel ingest, waiting for its turn to commit: its events with the
/// block's local ids, its rejects and warnings, its counts.
struct BlockResult: RecordVisitor {
  var key: ParallelIngest.Key
  /// Local ids; `order` holds the ordinal of the event within the block.
  var events: [EventRecord] = []
  /// Whether the run reads an extra field: then ``extras`` has one entry per event.
  let hasExtra: Bool
  /// Per event when there is an extra field: its local extra id, or `.max` for none.
  var extras: [UInt32] = []
  var rejects: [RejectNote] = []
  /// The first record of the block that named a field twice, and what it named.
  var duplicate: (line: Int, what: String)?
  var parsed = 0
  var records = 0
  var excluded = 0
  /// Events outside `--from/--to`.
  var outOfRange = 0
  /// Records and events of users outside `--partition`.
  var otherPartition = 0
  /// Raw blocks: reject lines count from 1 at the block's start, and the block holds this many lines.
  var relativeLines = false
  var lineCount = 0
  var ids: BlockIDs

  /// A reject, kept until the block commits (then its line is made absolute).
  struct RejectNote {
    var line: Int
    var reason: RejectReason
    var detail: String
    var excerpt: String?
  }

  /// Parses `block` from `parser`'s state with the thread's `ingest`, whose interners it leaves
  /// empty for the next block (the values go with the result).
  static func parse(
    _ block: RecordBlock, key: ParallelIngest.Key, parser: FormatParser, _ ingest: inout RecordIngest
  ) -> BlockResult {
    var result = BlockResult(
      key: key, hasExtra: ingest.events.extractor.extraSlot != nil,
      ids: BlockIDs(values: IDDimensions { _ in InternedValues() }))
    result.events.reserveCapacity(block.spans.count)
    ingest.restart(orderBase: 0)
    if block.isRaw {
      result.relativeLines = true
      result.lineCount = parser.run(RawBlockLoop(block: block), &ingest, &result)
    } else {
      parser.run(FramedBlockLoop(block: block), &ingest, &result)
    }
    result.parsed = ingest.events.parsed
    result.records = ingest.records
    result.ids = ingest.events.extractor.takeBlockIDs()
    return result
  }

  @inline(__always)
  mutating func accept(_ event: EventRecord, extra: UInt32?, fields: borrowing RecordFields, line: Int, ids: borrowing IDSpace) {
    events.append(event)
    if hasExtra { extras.append(extra ?? .max) }
  }

  @inline(__always) mutating func drop(outOfRange: Bool, user: UInt32, fields: borrowing RecordFields, line: Int) {
    if outOfRange { self.outOfRange += 1 } else { excluded += 1 }
  }

  mutating func reject(line: Int, reason: RejectReason, detail: String, excerpt: String?) {
    rejects.append(RejectNote(line: line, reason: reason, detail: detail, excerpt: excerpt))
  }

  mutating func otherPartition(line: Int) { otherPartition += 1 }

  mutating func duplicate(line: Int, _ what: String) {
    if duplicate == nil { duplicate = (line, what) }
  }
}
