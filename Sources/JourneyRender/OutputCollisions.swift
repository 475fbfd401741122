import JourneyModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Refuses a run whose outputs would overwrite one of its inputs or each other (SPEC §13).
///
/// Files are compared by device and inode where they exist (through symbolic links and hard links),
/// by their resolved path otherwise. Standard output counts when it is a regular file (`cat`'s
/// "input file is output file"). Several outputs on one character device (`/dev/null`) are fine.
package enum OutputCollisions {
  /// One output: the option that named it (`-o`, `--rejects`) and its path (`-` for standard output).
  package struct Output {
    package var option: String
    package var path: String

    package init(option: String, path: String) {
      self.option = option
      self.path = path
    }
  }

  /// Throws a usage error (exit 1) naming both files when an output is an input or another output.
  package static func check(_ outputs: [Output], inputs: [String]) throws(JourneyError) {
    guard !outputs.isEmpty else { return }
    let resolvedOutputs = outputs.map { ($0, FileKey($0.path)) }
    for path in inputs {
      let key = FileKey(path)
      for (output, outputKey) in resolvedOutputs where outputKey.sameFile(as: key) {
        let name = output.path == "-" ? "standard output" : "\(output.option) \(output.path)"
        throw JourneyError(
          kind: .usage, location: output.path == "-" ? "standard output" : output.path,
          message: "\(name) is the input \(path); refusing to overwrite an input")
      }
    }
    for (index, (first, firstKey)) in resolvedOutputs.enumerated() {
      for (second, secondKey) in resolvedOutputs[(index + 1)...]
      where firstKey.sameFile(as: secondKey) && !firstKey.isCharacterDevice {
        throw JourneyError(
          kind: .usage, location: second.path,
          message: "\(first.option) \(first.path) and \(second.option) \(second.path) are the same file")
      }
    }
  }

  /// What identifies a file: device and inode when it exists, else its resolved path.
  struct FileKey {
    var device: UInt64?
    var inode: UInt64?
    var resolvedPath: String?
    var isCharacterDevice = false

    init(_ path: String) {
      var info = stat()
      let found = path == "-" ? fstat(STDOUT_FILENO, &info) == 0 : stat(path, &info) == 0
      if found {
        let type = info.st_mode & S_IFMT
        // Standard output only counts when it is a file someone could read back.
        if path == "-" && type != S_IFREG { return }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        isCharacterDevice = type == S_IFCHR
        return
      }
      guard path != "-", let final = try? OutputFile.followLinks(path) else { return }
      let (folder, name) = OutputFile.split(final)
      guard let real = realpath(folder, nil) else {
        resolvedPath = final
        return
      }
      defer { free(real) }
      let base = String(cString: real)
      resolvedPath = base == "/" ? "/\(name)" : "\(base)/\(name)"
    }

    func sameFile(as other: FileKey) -> Bool {
      if let inode, let device, other.inode == inode, other.device == device { return true }
      if inode == nil, other.inode == nil, let resolvedPath, other.resolvedPath == resolvedPath { return true }
      return false
    }
  }
}
