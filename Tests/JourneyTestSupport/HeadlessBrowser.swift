import Foundation

/// Drives Debian's `chromium` headless, to check that HTML reports render in a real browser.
///
/// Runs `chromium --headless --no-sandbox --disable-gpu` with `--screenshot` or `--dump-dom`; a
/// fresh `--user-data-dir` per call keeps parallel tests apart. Network access is blocked with a
/// proxy that goes nowhere, so a page that needed the network would render broken.
public enum HeadlessBrowser {
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// The browser executable: `$CHROMIUM`, or the first of chromium / chromium-browser / google-chrome on PATH.
  public static let executable: String? = {
    if let path = ProcessInfo.processInfo.environment["CHROMIUM"], FileManager.default.isExecutableFile(atPath: path) {
      return path
    }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for name in ["chromium", "chromium-browser", "google-chrome"] {
      for folder in path.split(separator: ":") {
        let candidate = "\(folder)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      }
    }
    return nil
  }()

  public static var isAvailable: Bool { executable != nil }

  /// Renders `file` at `width`×`height` CSS pixels and writes a PNG to `png`.
  public static func screenshot(html file: URL, to png: URL, width: Int = 1280, height: Int = 2000) throws {
    try? FileManager.default.removeItem(at: png)
    let output = try run(["--screenshot=\(png.path)", "--window-size=\(width),\(height)", "--hide-scrollbars", fileURL(file)])
    guard FileManager.default.fileExists(atPath: png.path) else {
      throw Failure(description: "chromium wrote no screenshot: \(output.log)")
    }
  }

  /// The DOM after the page loaded, serialised as HTML.
  public static func dumpDOM(html file: URL) throws -> String {
    let output = try run(["--dump-dom", fileURL(file)])
    return output.stdout
  }

  /// Console messages chromium logged while loading the page (errors of inline scripts among them).
  public static func consoleLog(html file: URL) throws -> String {
    try run(["--enable-logging=stderr", "--v=0", "--dump-dom", fileURL(file)]).log
  }

  private static func fileURL(_ file: URL) -> String { "file://" + file.standardizedFileURL.path }

  private static func run(_ arguments: [String]) throws -> (stdout: String, log: String) {
    guard let executable else { throw Failure(description: "no chromium on PATH (apt-get install chromium)") }
    let profile = FileManager.default.temporaryDirectory
      .appendingPathComponent("journey-chromium-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: profile) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
      "--no-default-browser-check", "--disable-extensions", "--user-data-dir=\(profile.path)",
      "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--run-all-compositor-stages-before-draw",
      "--virtual-time-budget=2000",
    ] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = profile.path
    process.environment = environment
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Drain stderr on another thread so neither pipe can fill up and block chromium.
    let log = LogCollector()
    let thread = Thread { log.data = stderr.fileHandleForReading.readDataToEndOfFile(); log.done.signal() }
    thread.start()
    let out = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    log.done.wait()
    let logText = String(decoding: log.data, as: UTF8.self)
    guard process.terminationReason == .exit, process.terminationStatus == 0 else {
      throw Failure(description: "chromium exited with status \(process.terminationStatus): \(logText.suffix(2000))")
    }
    return (String(decoding: out, as: UTF8.self), logText)
  }

  private final class LogCollector: @unchecked Sendable {
    var data = Data()
    let done = DispatchSemaphore(value: 0)
  }
}
