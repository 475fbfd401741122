#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif
import JourneyModel

/// The few POSIX calls the input module needs, with errors in the user's words.
enum SystemFile {
  /// `open(path, O_RDONLY | O_CLOEXEC)`.
  static func openForReading(_ path: String) throws(JourneyError) -> Int32 {
    while true {
      let descriptor = open(path, O_RDONLY | O_CLOEXEC)
      if descriptor >= 0 { return descriptor }
      let code = errno
      if code == EINTR { continue }
      throw error(code, path)
    }
  }

  /// `read(2)` into `buffer`, retrying on EINTR; 0 at the end of the input.
  static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, name: String) throws(JourneyError) -> Int {
    guard let base = buffer.baseAddress, !buffer.isEmpty else { return 0 }
    while true {
      #if canImport(Glibc) || canImport(Musl)
      let count = Glibc.read(descriptor, base, buffer.count)
      #else
      let count = Darwin.read(descriptor, base, buffer.count)
      #endif
      if count >= 0 { return count }
      let code = errno
      if code == EINTR { continue }
      throw error(code, name)
    }
  }

  /// A JourneyError for `errno`: "no such file or directory", "permission denied", ...
  static func error(_ code: Int32, _ location: String) -> JourneyError {
    JourneyError(kind: .input, location: location, message: message(for: code))
  }

  /// strerror text with a lowercase first letter, as the rest of our messages.
  static func message(for code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    let message = String(cString: text)
    return message.prefix(1).lowercased() + message.dropFirst()
  }

  enum Kind { case directory, regular, other }

  /// `stat(path)` (following symbolic links).
  static func kind(of path: String) throws(JourneyError) -> Kind {
    var info = stat()
    guard stat(path, &info) == 0 else { throw error(errno, path) }
    switch info.st_mode & S_IFMT {
    case S_IFDIR: return .directory
    case S_IFREG: return .regular
    default: return .other
    }
  }

  /// The names in a folder, `.` and `..` left out.
  static func entries(of path: String) throws(JourneyError) -> [String] {
    guard let directory = opendir(path) else { throw error(errno, path) }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
        String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }
}
