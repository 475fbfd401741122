import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Writes bytes to a file through a `gzip -c -LEVEL` child process (level 0: plain copy).
///
/// gzip runs on the other core while we generate, which is the cheapest way to compress
/// fast without linking zlib into this tool.
final class GzipSink {
  private let process: Process?
  private let descriptor: Int32
  private let path: String

  init(path: String, level: Int) throws {
    self.path = path
    guard FileManager.default.createFile(atPath: path, contents: nil),
      let output = FileHandle(forWritingAtPath: path)
    else { throw DataGenError("cannot create \(path)") }
    if level == 0 {
      process = nil
      descriptor = dup(output.fileDescriptor)
      try output.close()
      return
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["gzip", "-c", "-n", "-\(level)"]
    let pipe = Pipe()
    process.standardInput = pipe
    process.standardOutput = output
    try process.run()
    try output.close()
    descriptor = dup(pipe.fileHandleForWriting.fileDescriptor)
    try pipe.fileHandleForWriting.close()
    try pipe.fileHandleForReading.close()
    self.process = process
  }

  func write(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          throw DataGenError("writing \(path): \(String(cString: strerror(errno)))")
        }
        offset += written
      }
    }
  }

  /// Closes the pipe and waits for gzip; throws when gzip failed.
  func finish() throws {
    close(descriptor)
    guard let process else { return }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw DataGenError("gzip exited with status \(process.terminationStatus) for \(path)")
    }
  }
}

struct DataGenError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
