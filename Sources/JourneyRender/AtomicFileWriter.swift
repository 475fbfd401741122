public import Foundation
import JourneyModel
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes output files so that readers only ever see a complete file or none (SPEC §5).
///
/// The bytes go to `.NAME.XXXXXX.tmp` beside the target (created with `O_CREAT | O_EXCL`), are
/// flushed with `fsync(2)`, and the file is renamed over the target with `rename(2)`, which is
/// atomic within one file system. On failure the temporary file is removed. While a write is in
/// flight its temporary path is listed in a registry, so a SIGINT handler can call
/// ``removeAllPending()`` before exiting.
public enum AtomicFileWriter {
  private static let pending = Mutex<Set<String>>([])

  /// Writes `text` as UTF-8.
  public static func write(_ text: String, to path: String) throws {
    try write(Array(text.utf8), to: path)
  }

  public static func write(_ data: Data, to path: String) throws {
    try data.withUnsafeBytes { buffer in
      try write(buffer: buffer, to: path)
    }
  }

  public static func write(_ bytes: some Collection<UInt8>, to path: String) throws {
    let array = Array(bytes)
    try array.withUnsafeBytes { buffer in
      try write(buffer: buffer, to: path)
    }
  }

  /// The temporary files being written right now.
  public static var pendingPaths: [String] {
    pending.withLock { $0.sorted() }
  }

  /// Unlinks every temporary file still being written; safe to call from any thread (a signal
  /// handler's dispatch source, say) while writes are in flight. Returns how many it removed.
  @discardableResult
  public static func removeAllPending() -> Int {
    let paths = pending.withLock { paths -> Set<String> in
      let all = paths
      paths.removeAll()
      return all
    }
    var removed = 0
    for path in paths where unlink(path) == 0 { removed += 1 }
    return removed
  }

  private static func write(buffer: UnsafeRawBufferPointer, to path: String) throws {
    let (folder, name) = split(path)
    guard !name.isEmpty else { throw failure(path, "is not a file name") }
    var (temporary, descriptor) = ("", Int32(-1))
    for _ in 0..<64 {
      temporary = "\(folder)/.\(name).\(randomSuffix()).tmp"
      // Registered before it exists: a SIGINT in between finds nothing to unlink, which is harmless.
      _ = pending.withLock { $0.insert(temporary) }
      descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
      if descriptor >= 0 { break }
      let code = errno
      _ = pending.withLock { $0.remove(temporary) }
      guard code == EEXIST else { throw failure(path, "cannot create a temporary file in \(folder): \(message(code))") }
    }
    guard descriptor >= 0 else { throw failure(path, "cannot find a free temporary file name in \(folder)") }

    func abandon(_ reason: String) -> JourneyError {
      close(descriptor)
      unlink(temporary)
      _ = pending.withLock { $0.remove(temporary) }
      return failure(path, reason)
    }

    var offset = 0
    while offset < buffer.count {
      let written = posixWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        throw abandon("cannot write: \(message(errno))")
      }
      offset += written
    }
    if fsync(descriptor) != 0, errno != EINVAL { throw abandon("cannot flush: \(message(errno))") }
    if close(descriptor) != 0 {
      let code = errno
      unlink(temporary)
      _ = pending.withLock { $0.remove(temporary) }
      throw failure(path, "cannot close: \(message(code))")
    }
    if rename(temporary, path) != 0 {
      let code = errno
      unlink(temporary)
      _ = pending.withLock { $0.remove(temporary) }
      throw failure(path, "cannot rename the temporary file into place: \(message(code))")
    }
    _ = pending.withLock { $0.remove(temporary) }
  }

  /// The folder (`.` when none) and the file name of `path`.
  private static func split(_ path: String) -> (String, String) {
    guard let slash = path.lastIndex(of: "/") else { return (".", path) }
    let folder = String(path[..<slash])
    return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
  }

  private static func randomSuffix() -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    return String((0..<6).map { _ in alphabet.randomElement()! })
  }

  private static func message(_ code: Int32) -> String { String(cString: strerror(code)) }

  private static func failure(_ path: String, _ message: String) -> JourneyError {
    JourneyError(kind: .input, location: path, message: message)
  }
}

/// `write(2)`, named apart from ``AtomicFileWriter/write(_:to:)``.
private func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
  #if canImport(Glibc)
    Glibc.write(descriptor, bytes, count)
  #elseif canImport(Musl)
    Musl.write(descriptor, bytes, count)
  #else
    Darwin.write(descriptor, bytes, count)
  #endif
}
