import Foundation

/// Temporary files and spill folders, so an interrupted run can remove them before it exits (SPEC §5).
public enum TemporaryFiles {
  nonisolated(unsafe) private static var paths: Set<String> = []
  nonisolated(unsafe) private static var folders: Set<String> = []
  private static let lock = NSLock()

  public static func register(_ path: String) {
    lock.lock(); defer { lock.unlock() }
    paths.insert(path)
  }

  /// A private folder for this run's spilled runs, removed with everything in it by
  /// ``removeAll()`` on an interrupt (and by ``removeFolder(_:)`` at the end of the run).
  public static func makeFolder(in parent: String?) -> String {
    let base = parent ?? FileManager.default.temporaryDirectory.path
    let path = "\(base)/journey-\(getpid())-\(UUID().uuidString)"
    lock.lock(); defer { lock.unlock() }
    folders.insert(path)
    return path
  }

  public static func removeFolder(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
    lock.lock(); defer { lock.unlock() }
    folders.remove(path)
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
    for folder in folders { try? FileManager.default.removeItem(atPath: folder) }
    folders.removeAll()
  }
}
