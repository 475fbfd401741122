import Foundation

/// Runs the built `journey` binary (`.build/debug/journey`) the way a user or a batch job does.
///
/// Standard output and standard error are collected through files, not pipes, so a chatty run
/// can never block on a full pipe.
public enum JourneyCLI {
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// What one run printed and how it ended.
  public struct Result: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: String
    /// True when the process ended by a signal rather than `exit`.
    public var signalled: Bool
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
  }

  /// `$JOURNEY_BINARY`, or `.build/debug/journey` in the repository.
  public static let executable: URL = {
    if let path = ProcessInfo.processInfo.environment["JOURNEY_BINARY"] { return URL(fileURLWithPath: path) }
    return TestPaths.repository.appendingPathComponent(".build/debug/journey")
  }()

  /// Throws a clear message when the binary was not built.
  public static func requireBinary() throws {
    guard FileManager.default.isExecutableFile(atPath: executable.path) else {
      throw Failure(description: "no journey binary at \(executable.path): run `swift build` first (or set JOURNEY_BINARY)")
    }
  }

  /// Runs `journey arguments…` in the repository folder (relative fixture paths work), with `stdin`
  /// as standard input (nothing: /dev/null) and `environment` added to the test's own.
  public static func run(
    _ arguments: [String], stdin: Data? = nil, stdinFile: URL? = nil, environment: [String: String] = [:],
    directory: URL = TestPaths.repository
  ) throws -> Result {
    let scratch = TestPaths.temporaryDirectory("journey-cli")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout")
    let errURL = scratch.appendingPathComponent("stderr")
    var input: FileHandle?
    if let stdin {
      let inURL = scratch.appendingPathComponent("stdin")
      try stdin.write(to: inURL)
      input = try FileHandle(forReadingFrom: inURL)
    } else if let stdinFile {
      input = try FileHandle(forReadingFrom: stdinFile)
    }
    let process = try start(arguments, stdout: outURL, stderr: errURL, stdin: input, environment: environment, directory: directory)
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: try Data(contentsOf: outURL),
      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
      signalled: process.terminationReason == .uncaughtSignal)
  }

  /// Starts `journey arguments…` and returns the running process (stdout/stderr to the given files,
  /// created empty).
  public static func start(
    _ arguments: [String], stdout: URL, stderr: URL, stdin: FileHandle? = nil, environment: [String: String] = [:],
    directory: URL = TestPaths.repository
  ) throws -> Process {
    _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
    return try start(
      arguments, stdout: try FileHandle(forWritingTo: stdout), stderr: stderr, stdin: stdin,
      environment: environment, directory: directory)
  }

  /// Starts `journey arguments…`, through `env FLAGS…` when there are flags (e.g. to set a signal's
  /// disposition), with standard output on any descriptor (a device, a FIFO, a file opened for
  /// appending) and standard error to a file (created empty); standard input: `stdin` or /dev/null.
  public static func start(
    _ arguments: [String], env flags: [String] = [], stdout: FileHandle, stderr: URL, stdin: FileHandle? = nil,
    environment: [String: String] = [:], directory: URL = TestPaths.repository
  ) throws -> Process {
    try requireBinary()
    _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
    let process = Process()
    if flags.isEmpty {
      process.executableURL = executable
      process.arguments = arguments
    } else {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = flags + [executable.path] + arguments
    }
    process.currentDirectoryURL = directory
    process.standardOutput = stdout
    process.standardError = try FileHandle(forWritingTo: stderr)
    process.standardInput = stdin ?? FileHandle.nullDevice
    // COLUMNS sets the table's width: a run sees it only when the test gives it, so that a
    // terminal's COLUMNS does not change what the tests read.
    var inherited = ProcessInfo.processInfo.environment
    inherited["COLUMNS"] = nil
    process.environment = inherited.merging(environment) { $1 }
    try process.run()
    return process
  }
}
