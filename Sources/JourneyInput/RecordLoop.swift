import JourneyModel

/// Frames every record of an opened input on the calling thread: the plain read loop.
struct RecordLoop {
  let input: OpenedInput
  let framing: Framing
  let maxRecordLength: Int

  /// Calls `body` with every non-empty record in order (the bytes read to find the head first); the
  /// record's bytes are valid only during the call.
  /// - Throws: `JourneyError(kind: .input)` when reading fails or records were already read; whatever
  ///   `body` throws.
  func run(_ body: (InputRecord) throws -> Void) throws -> InputOutcome {
    try input.beginRecords()
    var framer = RecordFramer(framing: framing, maxRecordLength: maxRecordLength)
    while let piece = try input.nextPiece() {
      try framer.feed(piece, body)
    }
    try framer.finish(body)
    return input.outcome(records: framer.records)
  }
}
