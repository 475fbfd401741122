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
  /// (recursively, sorted by path), less hidden files and folders and YAML files (`*.yaml`,
  /// `*.yml`: configs, such as the `journey.yaml` beside the exports, never data); `-` or no
  /// argument at all is standard input.
  ///
  /// Every file is checked to be readable. Missing or unreadable paths throw
  /// `JourneyError(kind: .input, location: path, message: "no such file or directory")` (or the strerror text);
  /// so does a folder without an input file (exit 2: an empty report would look like no traffic).
  /// Arguments keep their order; duplicates are kept.
  package static func expand(_ arguments: [String]) throws(JourneyError) -> [InputSource] {
    var skipped: [String] = []
    return try expand(arguments, skipped: &skipped)
  }

  /// ``expand(_:)``, adding the YAML files it left out of folders to `skipped`, in path order.
  package static func expand(_ arguments: [String], skipped: inout [String]) throws(JourneyError) -> [InputSource] {
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
        var configs: [String] = []
        try collectFiles(in: argument, into: &files, configs: &configs)
        files.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        configs.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        guard !files.isEmpty else {
          let note = configs.isEmpty ? "" : " (only YAML config files: \(configs.joined(separator: ", ")))"
          throw JourneyError(kind: .input, location: argument, message: "the folder has no input files\(note)")
        }
        sources += files.map(InputSource.file)
        skipped += configs
      case .regular, .other:  // a FIFO or /dev/stdin is readable too
        try checkReadable(argument)
        sources.append(.file(argument))
      }
    }
    return sources
  }

  /// Whether a file in a folder is taken for a config rather than data.
  static func isConfigFile(_ name: String) -> Bool {
    let lower = name.lowercased()
    return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
  }

  private static func collectFiles(
    in folder: String, into files: inout [String], configs: inout [String]
  ) throws(JourneyError) {
    let prefix = folder.hasSuffix("/") ? folder : folder + "/"
    for name in try SystemFile.entries(of: folder) where !name.hasPrefix(".") {
      let path = prefix + name
      let kind: SystemFile.Kind
      do { kind = try SystemFile.kind(of: path) } catch { continue }  // a dangling symbolic link
      switch kind {
      case .directory:
        guard !isSymbolicLink(path) else { continue }  // no loops through linked folders
        try collectFiles(in: path, into: &files, configs: &configs)
      case .regular:
        if isConfigFile(name) {
          configs.append(path)
          continue
        }
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
