import JourneyModel
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// One output of a run — a report, the `--rejects` file, the rows of `sessions` or `classify` —
/// written so that nothing is lost or damaged (SPEC §5, §13).
///
/// - A regular file (or a path that does not exist yet) is written to `.NAME.XXXXXX.tmp` beside it,
///   flushed with `fsync(2)` and renamed over it by ``commit()``: readers see the old file or the
///   whole new one. A symbolic link is followed to its final target, which is replaced the same
///   way (the temporary file in the target's folder), so the link stays a link.
/// - Anything else is written through, never replaced: character devices (`/dev/null`), FIFOs,
///   sockets, and `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N` (the descriptor
///   itself, whatever it is). Standard output is `nil` or `-`. A block device or a folder is refused.
///
/// Writes are buffered (64 KiB) and may come from several threads; memory does not grow with what
/// is written. Every failure is a ``JourneyError`` naming the path (`standard output`) and the
/// reason from `strerror(3)`, of kind `input` (exit 2); the temporary file is removed. A broken
/// pipe calls ``brokenPipe`` when it is set (the CLI ends quietly, like Unix tools), else it is such
/// an error too. A file neither committed nor discarded is discarded when the value goes away.
package final class OutputFile: Sendable {
  /// Called on `EPIPE` (the reader went away) instead of throwing, when set: the CLI sets it to
  /// end the run quietly unless SIGPIPE was ignored when it started. Set once, at start-up.
  nonisolated(unsafe) package static var brokenPipe: (@Sendable () -> Void)?

  /// What is being written: the label of errors (`standard output` or the path as given).
  package let label: String

  private enum Target {
    /// Written to a temporary file that ``commit()`` renames over `path`.
    case replace(temporary: String, path: String)
    /// A descriptor of ours, written through and closed by ``commit()``.
    case through
    /// A descriptor we do not own (standard output): written through, never closed.
    case borrowed
  }

  private struct State: ~Copyable {
    var descriptor: Int32
    var buffer: [UInt8] = []
    var open = true
  }

  private let target: Target
  private let state: Mutex<State>
  private static let bufferSize = 1 << 16

  /// Opens `path` for writing; `nil` or `-` is standard output.
  package init(path: String?) throws(JourneyError) {
    guard let path, path != "-" else {
      label = "standard output"
      target = .borrowed
      state = Mutex(State(descriptor: STDOUT_FILENO))
      return
    }
    label = path
    let final = try Self.followLinks(path)
    if let number = Self.descriptorNumber(final) {
      let descriptor = fcntl(number, F_DUPFD_CLOEXEC, 3)
      guard descriptor >= 0 else { throw Self.failure(path, "cannot open", errno) }
      target = .through
      state = Mutex(State(descriptor: descriptor))
      return
    }
    var info = stat()
    if stat(final, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
      switch info.st_mode & S_IFMT {
      case S_IFDIR: throw JourneyError(kind: .usage, location: path, message: "is a folder, not a file")
      case S_IFBLK: throw JourneyError(kind: .usage, location: path, message: "is a block device; refusing to write a report over it")
      default: break
      }
      // A FIFO waits here for its reader, as a shell's `>` does.
      var descriptor: Int32
      repeat { descriptor = open(final, O_WRONLY | O_CLOEXEC | O_NOCTTY) } while descriptor < 0 && errno == EINTR
      guard descriptor >= 0 else { throw Self.failure(path, "cannot open", errno) }
      target = .through
      state = Mutex(State(descriptor: descriptor))
      return
    }
    let (folder, name) = Self.split(final)
    guard !name.isEmpty, name != ".", name != ".." else {
      throw JourneyError(kind: .usage, location: path, message: "is not a file name")
    }
    var temporary = ""
    var descriptor: Int32 = -EEXIST
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<64 where descriptor == -EEXIST {
      temporary = "\(folder)/.\(name).\(String(generator.next() as UInt32, radix: 36)).tmp"
      descriptor = TemporaryFiles.createFile(temporary)
    }
    guard descriptor >= 0 else {
      // An I/O failure (exit 2, as every failure to write an output), the path named once: the
      // report is written beside it first and renamed over it.
      throw JourneyError(
        kind: .input, location: path,
        message: "cannot be written: \(String(cString: strerror(-descriptor))) (in its folder, where it is written first)")
    }
    // Keep the permissions of the file being replaced.
    var existing = stat()
    if lstat(final, &existing) == 0 { _ = fchmod(descriptor, existing.st_mode & 0o7777) }
    target = .replace(temporary: temporary, path: final)
    state = Mutex(State(descriptor: descriptor))
  }

  deinit { discard() }

  /// Writes `text` (after what was written before).
  package func write(_ text: String) throws(JourneyError) {
    var text = text
    if let code = text.withUTF8({ append(UnsafeRawBufferPointer($0)) }) { try fail(code) }
  }

  /// Writes `bytes` (after what was written before).
  package func write(_ bytes: [UInt8]) throws(JourneyError) {
    if let code = bytes.withUnsafeBytes({ append($0) }) { try fail(code) }
  }

  /// Writes `bytes` (after what was written before); safe to call from several threads.
  package func write(_ bytes: UnsafeRawBufferPointer) throws(JourneyError) {
    if let code = append(bytes) { try fail(code) }
  }

  /// Buffers or writes `bytes`; the `errno` of a failure.
  private func append(_ bytes: UnsafeRawBufferPointer) -> Int32? {
    state.withLock { state in
      guard state.open else { return EBADF }
      if state.buffer.count + bytes.count > Self.bufferSize {
        if let code = Self.flush(&state) { return code }
        if bytes.count >= Self.bufferSize { return Self.writeAll(state.descriptor, bytes) }
      }
      if state.buffer.capacity == 0 { state.buffer.reserveCapacity(Self.bufferSize) }
      state.buffer.append(contentsOf: bytes)
      return nil
    }
  }

  /// Writes what is buffered and finishes: `fsync(2)` and the rename for a replaced file, `close(2)`
  /// for a device or FIFO; nothing more for standard output.
  package func commit() throws(JourneyError) {
    let failed: (code: Int32, what: String)? = state.withLock { state in
      guard state.open else { return (EBADF, "cannot write") }
      if let code = Self.flush(&state) { return (code, "cannot write") }
      switch target {
      case .borrowed:
        return nil
      case .through:
        state.open = false
        return close(state.descriptor) == 0 || errno == EINTR ? nil : (errno, "cannot write")
      case .replace(let temporary, let path):
        state.open = false
        if fsync(state.descriptor) != 0, errno != EINVAL {
          let code = errno
          close(state.descriptor)
          TemporaryFiles.discard(temporary)
          return (code, "cannot write")
        }
        if close(state.descriptor) != 0, errno != EINTR {
          let code = errno
          TemporaryFiles.discard(temporary)
          return (code, "cannot write")
        }
        let code = TemporaryFiles.commit(temporary, to: path)
        return code == 0 ? nil : (code, "cannot rename the temporary file into place")
      }
    }
    if let failed {
      if failed.code == EPIPE, let brokenPipe = Self.brokenPipe { brokenPipe() }
      discard()
      throw Self.failure(label, failed.what, failed.code)
    }
  }

  /// Drops what was written: the temporary file is removed (the target is untouched). Idempotent.
  package func discard() {
    state.withLock { state in
      guard state.open else { return }
      state.open = false
      state.buffer = []
      switch target {
      case .borrowed: break
      case .through: close(state.descriptor)
      case .replace(let temporary, _):
        close(state.descriptor)
        TemporaryFiles.discard(temporary)
      }
    }
  }

  /// Writes `text` to `path` (`nil` or `-`: standard output) and commits it.
  package static func write(_ text: String, to path: String?) throws(JourneyError) {
    let file = try OutputFile(path: path)
    try file.write(text)
    try file.commit()
  }

  /// Writes `text` to standard error whole, ignoring failures (there is nowhere left to report them).
  package static func writeToStandardError(_ text: String) {
    var text = text
    text.withUTF8 { _ = writeAll(STDERR_FILENO, UnsafeRawBufferPointer($0)) }
  }

  private func fail(_ code: Int32) throws(JourneyError) -> Never {
    if code == EPIPE, let brokenPipe = Self.brokenPipe { brokenPipe() }
    discard()
    throw Self.failure(label, "cannot write", code)
  }

  /// Writes the buffer out; the `errno` of a failure.
  private static func flush(_ state: inout State) -> Int32? {
    guard !state.buffer.isEmpty else { return nil }
    let code = state.buffer.withUnsafeBytes { writeAll(state.descriptor, $0) }
    state.buffer.removeAll(keepingCapacity: true)
    return code
  }

  /// `write(2)` until every byte is out, again after `EINTR` and short writes; the `errno` of a failure.
  static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
    guard var next = bytes.baseAddress else { return nil }
    var left = bytes.count
    while left > 0 {
      let written = systemWrite(descriptor, next, left)
      if written < 0 {
        let code = errno
        if code == EINTR { continue }
        if code == EAGAIN || code == EWOULDBLOCK {  // a non-blocking descriptor we were handed
          var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
          _ = poll(&ready, 1, -1)
          continue
        }
        return code
      }
      if written == 0 { return EIO }
      next += written
      left -= written
    }
    return nil
  }

  /// `N` for `/dev/stdout` (1), `/dev/stderr` (2), `/dev/fd/N` and `/proc/self/fd/N`.
  package static func descriptorNumber(_ path: String) -> Int32? {
    switch path {
    case "/dev/stdout": return STDOUT_FILENO
    case "/dev/stderr": return STDERR_FILENO
    default:
      for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
        return Int32(path.dropFirst(prefix.count))
      }
      return nil
    }
  }

  /// The path a chain of symbolic links ends at (which may not exist yet), or the first descriptor
  /// path on the way (`/dev/stdout`); `path` when it is no link.
  package static func followLinks(_ path: String) throws(JourneyError) -> String {
    var current = path
    for _ in 0..<40 {
      // `/dev/stdout` and the like stand for a descriptor, not for the file their link names.
      if descriptorNumber(current) != nil { return current }
      var info = stat()
      guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let count = readlink(current, &buffer, buffer.count - 1)
      guard count > 0 else { throw failure(path, "cannot read the link", errno) }
      let link = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current = link.hasPrefix("/") ? link : "\(split(current).folder)/\(link)"
    }
    throw failure(path, "cannot follow the link", ELOOP)
  }

  /// The folder (`.` when none) and the file name of `path`.
  package static func split(_ path: String) -> (folder: String, name: String) {
    guard let slash = path.lastIndex(of: "/") else { return (".", path) }
    let folder = String(path[..<slash])
    return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
  }

  private static func failure(_ label: String, _ what: String, _ code: Int32) -> JourneyError {
    JourneyError(kind: .input, location: label, message: "\(what): \(String(cString: strerror(code)))")
  }
}

/// `write(2)`, named apart from ``OutputFile/write(_:)``.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
  #if canImport(Glibc)
    Glibc.write(descriptor, bytes, count)
  #elseif canImport(Musl)
    Musl.write(descriptor, bytes, count)
  #else
    Darwin.write(descriptor, bytes, count)
  #endif
}
