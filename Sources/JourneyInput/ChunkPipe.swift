#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif
import JourneyModel

/// A mutex and its condition variable (pthread), for the few hand-offs between ingest threads.
package final class PipeLock: @unchecked Sendable {
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

  package init() {
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(condition, nil)
  }

  deinit {
    pthread_cond_destroy(condition)
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
    condition.deallocate()
  }

  @inline(__always) package func withLock<R>(_ body: () throws -> R) rethrows -> R {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body()
  }

  /// Waits (the lock held) until `ready` is true.
  @inline(__always) package func wait(until ready: () -> Bool) {
    while !ready() { pthread_cond_wait(condition, mutex) }
  }

  package func broadcast() { pthread_cond_broadcast(condition) }

  /// Runs `body` with the lock released (call it with the lock held).
  package func unlocked(_ body: () -> Void) {
    pthread_mutex_unlock(mutex)
    body()
    pthread_mutex_lock(mutex)
  }
}

/// Starts `body` on a new thread; the returned handle joins it.
package struct WorkerThread: ~Copyable {
  private let thread: pthread_t?

  package init(_ body: @escaping @Sendable () -> Void) {
    final class Box: @unchecked Sendable {
      let body: @Sendable () -> Void
      init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let context = Unmanaged.passRetained(Box(body)).toOpaque()
    var created = pthread_t()
    let status = pthread_create(&created, nil, { raw in
      let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
      box.body()
      return nil
    }, context)
    if status != 0 {
      // No thread: run inline (slower, still correct).
      Unmanaged<Box>.fromOpaque(context).takeRetainedValue().body()
      thread = nil
    } else {
      thread = created
    }
  }

  package consuming func join() {
    if let thread { pthread_join(thread, nil) }
  }
}

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

/// Runs every body on its own thread and returns when all have finished.
package func runOnThreads(_ bodies: ArraySlice<@Sendable () -> Void>) {
  guard let first = bodies.first else { return }
  let thread = WorkerThread(first)
  runOnThreads(bodies.dropFirst())
  thread.join()
}
