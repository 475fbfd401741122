import JourneyModel

/// Frames every record of an opened input on the calling thread and hands them out in blocks of
/// whole records (about `blockBytes` bytes each, more for one longer record), for other threads to
/// parse.
struct RecordBlockReader {
  let input: OpenedInput
  let framing: Framing
  let maxRecordLength: Int
  let blockBytes: Int

  /// `nextBlock` gives an empty block to fill (nil stops reading: the consumer gave up; then the
  /// outcome counts no record); `emit` takes a full one. The records, line numbers and outcome are
  /// those of ``RecordLoop``.
  func run(nextBlock: () -> RecordBlock?, emit: (RecordBlock) -> Void) throws -> InputOutcome {
    struct Stop: Error {}
    guard var block = nextBlock() else { throw Stop() }
    do {
      let loop = RecordLoop(input: input, framing: framing, maxRecordLength: maxRecordLength)
      let outcome = try loop.run { record in
        if !block.isEmpty && block.bytes.count + record.bytes.count > blockBytes {
          emit(block)
          guard let next = nextBlock() else { throw Stop() }
          block = next
        }
        block.append(record)
      }
      if !block.isEmpty { emit(block) }
      return outcome
    } catch is Stop {
      return input.outcome(records: 0)
    }
  }
}
