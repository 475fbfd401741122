import Foundation

/// Temporary files being written, so an interrupted run can remove them before it exits (SPEC §5).
public enum TemporaryFiles {
  nonisolated(unsafe) private static var paths: Set<String> = []
  private static let lock = NSLock()

  public static func register(_ path: String) {
    lock.lock(); defer { lock.unlock() }
    paths.insert(path)
  }

  public static func unregister(_ path: String) {
    lock.lock(); defer { lock.unlock() }
    paths.remove(path)
  }

  /// Unlinks every registered file; safe to call from a signal-handling thread.
  public static func removeAll() {
    lock.lock(); defer { lock.unlock() }
    for path in paths { unlink(path) }
    paths.removeAll()
  }
}
