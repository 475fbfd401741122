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
  /// as standard input (nothing: /dev/null).
  public static func run(
    _ arguments: [String], stdin: Data? = nil, stdinFile: URL? = nil,
    directory: URL = TestPaths.repository
  ) throws -> Result {
    try requireBinary()
    let scratch = TestPaths.temporaryDirectory("journey-cli")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout")
    let errURL = scratch.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.standardOutput = out
    process.standardError = err
    if let stdin {
      let inURL = scratch.appendingPathComponent("stdin")
      try stdin.write(to: inURL)
      process.standardInput = try FileHandle(forReadingFrom: inURL)
    } else if let stdinFile {
      process.standardInput = try FileHandle(forReadingFrom: stdinFile)
    } else {
      process.standardInput = FileHandle.nullDevice
    }
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    return Result(
      status: process.terminationStatus, stdout: try Data(contentsOf: outURL),
      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
      signalled: process.terminationReason == .uncaughtSignal)
  }

  /// Starts `journey arguments…` and returns the running process (stdout/stderr to the given files).
  public static func start(
    _ arguments: [String], stdout: URL, stderr: URL, stdin: FileHandle? = nil, environment: [String: String] = [:]
  ) throws -> Process {
    try requireBinary()
    _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
    _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = TestPaths.repository
    process.standardOutput = try FileHandle(forWritingTo: stdout)
    process.standardError = try FileHandle(forWritingTo: stderr)
    process.standardInput = stdin ?? FileHandle.nullDevice
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    try process.run()
    return process
  }
}

/// Validates many reports against the schema in one `python3` run (each run costs ~0.4 s).
public enum ReportSchemaBatch {
  private static let script = """
    import json, sys
    import jsonschema
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in sys.argv[2:]:
        try:
            with open(path, encoding="utf-8") as f:
                instance = json.load(f)
        except ValueError as error:
            print("%s: not JSON: %s" % (path, error)); bad += 1; continue
        for error in list(validator.iter_errors(instance))[:10]:
            bad += 1
            print("%s at /%s: %s" % (path, "/".join(str(p) for p in error.absolute_path), error.message))
    sys.exit(1 if bad else 0)
    """

  /// Throws with the validator's messages (naming each report by its label) when one does not match.
  public static func validate(_ reports: [(label: String, json: Data)]) throws {
    guard !reports.isEmpty else { return }
    let folder = TestPaths.temporaryDirectory("journey-schema-batch")
    defer { try? FileManager.default.removeItem(at: folder) }
    var paths: [String] = []
    for (index, report) in reports.enumerated() {
      let safe = report.label.map { $0.isLetter || $0.isNumber ? $0 : "_" }
      let url = folder.appendingPathComponent("\(index)-\(String(safe.prefix(80))).json")
      try report.json.write(to: url)
      paths.append(url.path)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, SchemaValidation.schemaFile.path] + paths
    let logURL = folder.appendingPathComponent("log")
    _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
    let log = try FileHandle(forWritingTo: logURL)
    process.standardOutput = log
    process.standardError = log
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try log.close()
    guard process.terminationStatus == 0 else {
      let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
      throw SchemaValidation.Failure(description: "schema validation failed: \(text.suffix(4000))")
    }
  }
}
