import JourneyModel

/// Frames every record of an opened input on the calling thread while a second thread reads and
/// decompresses ahead of it, through a ``ChunkPipe``.
///
/// Decompressed bytes travel in `blocks` buffers of `blockSize` bytes, so memory stays bounded; the
/// records, their line numbers and the outcome are exactly those of ``RecordLoop``. Only the reading
/// thread touches the input until it is joined.
struct ReadAheadRecordLoop {
  let input: OpenedInput
  let framing: Framing
  let maxRecordLength: Int
  let blockSize: Int
  let blocks: Int

  /// Calls `body` with every non-empty record in order, as ``RecordLoop/run(_:)`` does.
  func run(_ body: (InputRecord) throws -> Void) throws -> InputOutcome {
    try input.beginRecords()
    var framer = RecordFramer(framing: framing, maxRecordLength: maxRecordLength)
    let pipe = ChunkPipe(blockSize: blockSize, capacity: blocks)
    // The reading thread uses the input while the calling thread only touches the framer.
    let reading = UncheckedSendable(input)
    let producer = WorkerThread { Self.produceBlocks(of: reading.value, into: pipe) }
    do {
      while let block = pipe.pop() {
        defer { pipe.recycle(block.buffer) }
        try framer.feed(UnsafeRawBufferPointer(rebasing: block.buffer[..<block.count]), body)
      }
      if let failure = pipe.failed { throw failure }
      try framer.finish(body)
    } catch {
      pipe.cancel()
      producer.join()
      throw error
    }
    producer.join()
    return input.outcome(records: framer.records)
  }

  /// The reading thread: fills the pipe's buffers with decompressed bytes, in order, until the end.
  private static func produceBlocks(of input: OpenedInput, into pipe: ChunkPipe) {
    guard var buffer = pipe.takeFree() else { return pipe.finish() }
    var filled = 0
    do {
      while let piece = try input.nextPiece() {
        var offset = 0
        while offset < piece.count {
          let count = min(piece.count - offset, buffer.count - filled)
          (buffer.baseAddress! + filled).copyMemory(from: piece.baseAddress! + offset, byteCount: count)
          filled += count
          offset += count
          if filled == buffer.count {
            pipe.push(.init(buffer: buffer, count: filled))
            guard let next = pipe.takeFree() else { return pipe.finish() }
            buffer = next
            filled = 0
          }
        }
      }
      if filled > 0 { pipe.push(.init(buffer: buffer, count: filled)) } else { pipe.recycle(buffer) }
      pipe.finish()
    } catch {
      if filled > 0 { pipe.push(.init(buffer: buffer, count: filled)) } else { pipe.recycle(buffer) }
      pipe.finish(failure: error)
    }
  }
}
