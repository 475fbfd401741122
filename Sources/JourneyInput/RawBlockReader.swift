import JourneyModel

/// Hands out the decompressed input in raw blocks of whole lines (``RecordBlock/isRaw``), for
/// `.lines` framing: bytes are inflated (or read) straight into the blocks, so the reading thread
/// neither frames nor copies records; ``RawLineCutter`` keeps each block to whole lines, and the
/// consumer frames it with ``RecordBlock/forEachRawRecord(maxRecordLength:_:)``.
struct RawBlockReader {
  let input: OpenedInput
  let maxRecordLength: Int
  let blockBytes: Int

  /// `nextBlock` gives an empty block to fill (nil stops reading: the outcome is then the one before
  /// reading); `emit` takes a full one. The outcome counts no record: the consumer frames them.
  func run(nextBlock: () -> RecordBlock?, emit: (RecordBlock) -> Void) throws(JourneyError) -> InputOutcome {
    try input.beginRecords()
    let stopped = input.outcome(records: 0)
    var cutter = RawLineCutter(blockBytes: blockBytes, maxRecordLength: maxRecordLength)
    let input = self.input
    let finished = try cutter.run(
      produce: { destination throws(JourneyError) in try input.read(into: destination) },
      nextBlock: nextBlock, emit: emit)
    return finished ? input.outcome(records: 0) : stopped
  }
}
