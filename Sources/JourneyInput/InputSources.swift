#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif
import JourneyModel

/// Turns the command line's INPUT arguments into sources.
package enum InputSources {
  /// Expands CLI arguments: a file stays a file; a folder becomes every regular file below it
  /// (recursively, hidden files and folders skipped, sorted by path); `-` or no argument at all is standard input.
  ///
  /// Every file is checked to be readable. Missing or unreadable paths throw
  /// `JourneyError(kind: .input, location: path, message: "no such file or directory")` (or the strerror text).
  /// Arguments keep their order; duplicates are kept.
  package static func expand(_ arguments: [String]) throws(JourneyError) -> [InputSource] {
    if arguments.isEmpty { return [.standardInput] }
    var sources: [InputSource] = []
    for argument in arguments {
      if argument == "-" {
        sources.append(.standardInput)
        continue
      }
      switch try SystemFile.kind(of: argument) {
      case .directory:
        var files: [String] = []
        try collectFiles(in: argument, into: &files)
        files.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        sources += files.map(InputSource.file)
      case .regular, .other:  // a FIFO or /dev/stdin is readable too
        try checkReadable(argument)
        sources.append(.file(argument))
      }
    }
    return sources
  }

  private static func collectFiles(in folder: String, into files: inout [String]) throws(JourneyError) {
    let prefix = folder.hasSuffix("/") ? folder : folder + "/"
    for name in try SystemFile.entries(of: folder) where !name.hasPrefix(".") {
      let path = prefix + name
      let kind: SystemFile.Kind
      do { kind = try SystemFile.kind(of: path) } catch { continue }  // a dangling symbolic link
      switch kind {
      case .directory:
        guard !isSymbolicLink(path) else { continue }  // no loops through linked folders
        try collectFiles(in: path, into: &files)
      case .regular:
        try checkReadable(path)
        files.append(path)
      case .other:
        continue
      }
    }
  }

  /// `access(R_OK)`, not `open`: opening a FIFO would block, and closing it would hang up its writer.
  private static func checkReadable(_ path: String) throws(JourneyError) {
    guard access(path, R_OK) == 0 else { throw SystemFile.error(errno, path) }
  }

  private static func isSymbolicLink(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
  }
}
