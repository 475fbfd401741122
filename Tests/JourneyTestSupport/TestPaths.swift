import Foundation

/// Locations the tests read from, found from this file's path so `swift test` works from any folder.
public enum TestPaths {
  /// The repository root.
  public static let repository: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `Fixtures/` in the repository.
  public static let fixtures: URL = repository.appendingPathComponent("Fixtures")

  public static func fixture(_ relativePath: String) -> URL {
    fixtures.appendingPathComponent(relativePath)
  }

  /// `../shared/data` beside the checkout (or `$JOURNEY_SHARED_DATA`), nil when absent.
  public static let sharedData: URL? = {
    let candidates = [
      ProcessInfo.processInfo.environment["JOURNEY_SHARED_DATA"].map { URL(fileURLWithPath: $0) },
      repository.deletingLastPathComponent().appendingPathComponent("shared/data"),
    ].compactMap { $0 }
    return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
  }()

  /// A fresh temporary folder, removed by the caller (or left for the OS).
  public static func temporaryDirectory(_ label: String = "journey-tests") -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(label)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

/// Runs a command-line tool (`gzip`, `cat`) for tests that build fixtures the way users make them.
public enum Shell {
  @discardableResult
  public static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + arguments
    let output = Pipe()
    process.standardOutput = output
    let input = Pipe()
    if stdin != nil { process.standardInput = input }
    try process.run()
    if let stdin {
      try input.fileHandleForWriting.write(contentsOf: stdin)
      try input.fileHandleForWriting.close()
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data
  }

  /// `gzip -n -LEVEL` of `data`.
  public static func gzip(_ data: Data, level: Int = 6) throws -> Data {
    try run("gzip", ["-n", "-\(level)", "-c"], stdin: data)
  }
}
