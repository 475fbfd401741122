import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Every temporary file and folder this run made, so that an error or a signal removes them all
/// before the process ends (SPEC §5, §13).
///
/// Anything temporary is registered and created in one step, under the registry's lock
/// (``createFile(_:)``, ``createFolder(_:)``), and an output's temporary file is renamed into
/// place under it too (``commit(_:to:)``). ``terminate(status:_:)`` takes the lock for good,
/// removes everything registered and ends the process: nothing can be created or renamed between
/// the removal and the exit, whatever the other threads are doing. Files that other code creates
/// inside a registered folder (spilled runs) are removed with the folder; the folder is removed
/// until it is gone, so a file created during the removal does not keep it.
package enum TemporaryFiles {
  private struct Registry: ~Copyable {
    var files: Set<String> = []
    var folders: Set<String> = []
  }

  private static let registry = Mutex(Registry())

  /// Creates `path` with `O_CREAT | O_EXCL` for writing (mode 0666 less the umask) and registers it.
  ///
  /// - Returns: the descriptor, or `-errno` when `open(2)` failed.
  package static func createFile(_ path: String) -> Int32 {
    registry.withLock { registry in
      let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
      guard descriptor >= 0 else { return -errno }
      registry.files.insert(path)
      return descriptor
    }
  }

  /// Renames a registered temporary file over `target` and forgets it.
  ///
  /// - Returns: 0, or the `errno` of `rename(2)` (the temporary file is then removed).
  package static func commit(_ temporary: String, to target: String) -> Int32 {
    registry.withLock { registry in
      registry.files.remove(temporary)
      guard rename(temporary, target) == 0 else {
        let code = errno
        unlink(temporary)
        return code
      }
      return 0
    }
  }

  /// Removes a registered temporary file and forgets it.
  package static func discard(_ path: String) {
    registry.withLock { registry in
      registry.files.remove(path)
      unlink(path)
    }
  }

  /// A registered, not yet created path for this run's spill folder in `parent` (default: `$TMPDIR`
  /// or `/tmp`). Whoever needs it creates it with ``createFolder(_:)``; ``removeFolder(_:)`` at the
  /// end of the run, or a signal, removes it with everything in it.
  package static func makeFolder(in parent: String?) -> String {
    let base = parent ?? defaultParent
    var generator = SystemRandomNumberGenerator()
    let suffix = String(generator.next() as UInt64, radix: 36)
    let path = "\(base)/journey-\(getpid())-\(suffix)"
    registry.withLock { _ = $0.folders.insert(path) }
    return path
  }

  /// `mkdir -p path`, under the registry's lock: after a terminating signal nothing is created.
  ///
  /// Use it for folders inside one from ``makeFolder(in:)``, or that the caller removes itself.
  /// - Returns: false when a folder could not be made.
  @discardableResult
  package static func createFolder(_ path: String) -> Bool {
    registry.withLock { _ in makeFolders(path) }
  }

  /// Removes a folder from ``makeFolder(in:)`` with everything in it, and forgets it.
  package static func removeFolder(_ path: String) {
    registry.withLock { registry in
      registry.folders.remove(path)
      removeTree(path)
    }
  }

  /// Removes everything registered (a run that ends on an error).
  package static func removeAll() {
    registry.withLock { registry in
      removeEverything(&registry)
    }
  }

  /// Removes everything registered, calls `last` (a message, say), and ends the process with
  /// `_exit(status)`, keeping the lock: no other thread creates or renames anything meanwhile.
  package static func terminate(status: Int32, _ last: () -> Void) -> Never {
    registry.withLock { registry -> Never in
      removeEverything(&registry)
      last()
      _exit(status)
    }
  }

  /// The temporary files being written right now (for tests).
  package static var pendingFiles: [String] {
    registry.withLock { $0.files.sorted() }
  }

  private static var defaultParent: String {
    if let value = getenv("TMPDIR"), value.pointee != 0 {
      let text = String(cString: value)
      return text.count > 1 && text.hasSuffix("/") ? String(text.dropLast()) : text
    }
    return "/tmp"
  }

  private static func removeEverything(_ registry: inout Registry) {
    for path in registry.files { unlink(path) }
    registry.files.removeAll()
    for folder in registry.folders { removeTree(folder) }
    registry.folders.removeAll()
  }

  private static func makeFolders(_ path: String) -> Bool {
    if mkdir(path, 0o700) == 0 { return true }
    switch errno {
    case EEXIST:
      var info = stat()
      return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    case ENOENT:
      guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return false }
      guard makeFolders(String(path[..<slash])) else { return false }
      return mkdir(path, 0o700) == 0 || errno == EEXIST
    default:
      return false
    }
  }

  /// `rm -rf path`, not following links; again while files appear in it meanwhile (a spill in
  /// progress on another thread), at most 100 times.
  private static func removeTree(_ path: String) {
    for _ in 0..<100 {
      removeEntry(path)
      var info = stat()
      if lstat(path, &info) != 0 { return }
    }
  }

  private static func removeEntry(_ path: String) {
    if unlink(path) == 0 || errno == ENOENT { return }
    if let folder = opendir(path) {
      var names: [String] = []
      while let entry = readdir(folder) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
          String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name != ".", name != ".." { names.append(name) }
      }
      closedir(folder)
      for name in names { removeEntry("\(path)/\(name)") }
    }
    rmdir(path)
  }
}
