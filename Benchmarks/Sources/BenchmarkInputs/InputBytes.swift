import Foundation

/// A byte buffer with its lines already found, so a parser benchmark measures parsing, not framing.
public struct LinedBytes: @unchecked Sendable {
  public let bytes: UnsafeMutableRawBufferPointer
  /// `(start, end)` of each line, newline excluded.
  public let lines: [(start: Int, end: Int)]

  /// Copies `data` into an aligned buffer that lives as long as the benchmark process.
  public init(_ data: [UInt8], skipFirstLine: Bool = false) {
    bytes = .allocate(byteCount: max(1, data.count), alignment: 64)
    bytes.copyBytes(from: data)
    var lines: [(start: Int, end: Int)] = []
    var start = 0
    for (i, byte) in data.enumerated() where byte == UInt8(ascii: "\n") {
      lines.append((start, i))
      start = i + 1
    }
    if start < data.count { lines.append((start, data.count)) }
    self.lines = skipFirstLine ? Array(lines.dropFirst()) : lines
  }

  public var count: Int { lines.count }

  /// Line `i` as a raw buffer; valid while the process lives.
  @inline(__always) public func line(_ i: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(rebasing: bytes[lines[i].start..<lines[i].end])
  }

  /// The first line (a CSV header).
  public var firstLine: UnsafeRawBufferPointer {
    let end = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
    return UnsafeRawBufferPointer(rebasing: bytes[0..<end])
  }
}

/// Files and compression for benchmark setup (never measured).
public enum BenchmarkFiles {
  /// A new empty folder under the system's temporary folder.
  public static func temporaryFolder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("journey-bench-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(at: url)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Writes `data` gzipped (`gzip -n -6`, reproducible bytes) to `url`.
  public static func writeGzip(_ data: [UInt8], to url: URL) throws {
    let plain = url.deletingPathExtension()
    try Data(data).write(to: plain)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "gzip -n -6 -c \"$0\" > \"$1\" && rm -f \"$0\"", plain.path, url.path]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
    }
  }

  /// `data` gzipped in memory (through a temporary file and the `gzip` command).
  public static func gzip(_ data: [UInt8]) throws -> [UInt8] {
    let folder = try temporaryFolder("gzip")
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("data.gz")
    try writeGzip(data, to: url)
    return [UInt8](try Data(contentsOf: url))
  }
}
