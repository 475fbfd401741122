#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif

/// A mutex and its condition variable (pthread), for hand-offs where one thread waits for another.
///
/// Two locking idioms, one for each need:
/// - state that threads only read and write in turn: `Mutex<State>` (Synchronization) around that
///   state, `withLock` to reach it — no condition, nothing to wait for;
/// - a thread that must wait until another one changes the state (a queue fills, a slot frees):
///   `PipeLock`, whose ``wait(until:)`` sleeps on the condition until a ``broadcast()``.
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
