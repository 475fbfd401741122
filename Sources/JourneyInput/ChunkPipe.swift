import JourneyModel

/// A bounded hand-off of decompressed blocks from the reading thread to the framing/parsing thread.
///
/// `capacity` buffers of `blockSize` bytes circulate: memory stays at `capacity * blockSize` whatever
/// the input size. The producer fills a free buffer, pushes it full; the consumer pops it, uses it and
/// gives it back.
final class ChunkPipe: @unchecked Sendable {
  struct Block {
    var buffer: UnsafeMutableRawBufferPointer
    var count: Int
  }

  let lock = PipeLock()
  private var free: [UnsafeMutableRawBufferPointer] = []
  private var full: [Block] = []
  private var fullHead = 0
  private var all: [UnsafeMutableRawBufferPointer] = []
  private(set) var finished = false
  private(set) var cancelled = false
  private(set) var failure: JourneyError?

  init(blockSize: Int, capacity: Int) {
    for _ in 0..<max(2, capacity) {
      let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, blockSize), alignment: 64)
      free.append(buffer)
      all.append(buffer)
    }
  }

  deinit {
    for buffer in all { buffer.deallocate() }
  }

  /// Producer: a free buffer, or nil when the consumer gave up.
  func takeFree() -> UnsafeMutableRawBufferPointer? {
    lock.withLock {
      lock.wait { !free.isEmpty || cancelled }
      return cancelled ? nil : free.removeLast()
    }
  }

  /// Producer: hands a filled block over.
  func push(_ block: Block) {
    lock.withLock {
      full.append(block)
      lock.broadcast()
    }
  }

  /// Producer: no more blocks (after `failure`, when set).
  func finish(failure: JourneyError? = nil) {
    lock.withLock {
      self.failure = failure
      finished = true
      lock.broadcast()
    }
  }

  /// Consumer: the next block in order, or nil at the end.
  func pop() -> Block? {
    lock.withLock {
      lock.wait { fullHead < full.count || finished }
      guard fullHead < full.count else { return nil }
      let block = full[fullHead]
      fullHead += 1
      if fullHead == full.count {
        full.removeAll(keepingCapacity: true)
        fullHead = 0
      }
      return block
    }
  }

  /// Consumer: gives a used buffer back.
  func recycle(_ buffer: UnsafeMutableRawBufferPointer) {
    lock.withLock {
      free.append(buffer)
      lock.broadcast()
    }
  }

  /// Consumer: stop the producer (it sees nil from ``takeFree()``).
  func cancel() {
    lock.withLock {
      cancelled = true
      lock.broadcast()
    }
  }

  var failed: JourneyError? { lock.withLock { failure } }
}
