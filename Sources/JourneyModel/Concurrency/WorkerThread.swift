#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif

/// Starts `body` on a new thread (`pthread_create`); the returned handle joins it.
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

  /// `pthread_join`: returns when the thread's body has returned.
  package consuming func join() {
    if let thread { pthread_join(thread, nil) }
  }
}

/// Runs every body on its own thread and returns when all have finished.
package func runOnThreads(_ bodies: ArraySlice<@Sendable () -> Void>) {
  guard let first = bodies.first else { return }
  let thread = WorkerThread(first)
  runOnThreads(bodies.dropFirst())
  thread.join()
}
