import Foundation

/// Drives Debian's `chromium` headless, to check that HTML reports render in a real browser.
///
/// Runs `chromium --headless --no-sandbox --disable-gpu` with `--screenshot` or `--dump-dom`; a
/// fresh `--user-data-dir` per call keeps parallel tests apart. Network access is blocked with a
/// proxy that goes nowhere, so a page that needed the network would render broken.
public enum HeadlessBrowser {
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
    var timedOut = false
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

  /// Renders `file` at `width`×`height` CSS pixels and writes a PNG to `png`; `dark` sets
  /// `prefers-color-scheme: dark` (`--force-dark-mode`). Chromium lays out at least 500 px wide and
  /// crops the picture to `width`: narrower views need a frame (``HTMLLayoutCheck``).
  public static func screenshot(html file: URL, to png: URL, width: Int = 1280, height: Int = 2000, dark: Bool = false) throws {
    try? FileManager.default.removeItem(at: png)
    let output = try run(
      ["--screenshot=\(png.path)", "--window-size=\(width),\(height)", "--hide-scrollbars"] + (dark ? ["--force-dark-mode"] : [])
        + [fileURL(file)])
    guard FileManager.default.fileExists(atPath: png.path) else {
      throw Failure(description: "chromium wrote no screenshot: \(output.log)")
    }
  }

  /// The DOM after the page loaded, serialised as HTML.
  public static func dumpDOM(html file: URL) throws -> String {
    let output = try run(["--dump-dom", fileURL(file)])
    return output.stdout
  }

  /// The DOM after the page loaded in a `width`×`height` window.
  public static func dumpDOM(html file: URL, width: Int, height: Int) throws -> String {
    try run(["--dump-dom", "--window-size=\(width),\(height)", fileURL(file)]).stdout
  }

  /// The page printed (`@media print`) to a PDF at `pdf`, without chromium's header and footer.
  public static func printToPDF(html file: URL, to pdf: URL) throws {
    try? FileManager.default.removeItem(at: pdf)
    let output = try run(["--print-to-pdf=\(pdf.path)", "--no-pdf-header-footer", fileURL(file)])
    guard FileManager.default.fileExists(atPath: pdf.path) else {
      throw Failure(description: "chromium wrote no PDF: \(output.log)")
    }
  }

  /// Console messages chromium logged while loading the page (errors of inline scripts among them).
  public static func consoleLog(html file: URL) throws -> String {
    try run(["--enable-logging=stderr", "--v=0", "--dump-dom", fileURL(file)]).log
  }

  private static func fileURL(_ file: URL) -> String { "file://" + file.standardizedFileURL.path }

  /// How long one chromium run may take before it is killed (a loaded page takes about a second;
  /// chromium has been seen to hang for good in its headless screenshot path).
  static let timeoutSeconds = 60

  /// Runs chromium once; a run that hangs is killed and tried once more.
  private static func run(_ arguments: [String]) throws -> (stdout: String, log: String) {
    do {
      return try runOnce(arguments)
    } catch let failure as Failure where failure.timedOut {
      return try runOnce(arguments)
    }
  }

  private static func runOnce(_ arguments: [String]) throws -> (stdout: String, log: String) {
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
    // A hung chromium (and the helpers that share its pipes, all named by the profile) is killed,
    // so the reads below end.
    let watchdog = Watchdog()
    let pid = process.processIdentifier
    DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(timeoutSeconds)) {
      guard !watchdog.finished else { return }
      watchdog.fired = true
      kill(pid, SIGKILL)
      let killer = Process()
      killer.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
      killer.arguments = ["-KILL", "-f", profile.path]
      try? killer.run()
      killer.waitUntilExit()
    }
    defer { watchdog.finished = true }
    // Drain stderr on another thread so neither pipe can fill up and block chromium.
    let log = LogCollector()
    let thread = Thread { log.data = stderr.fileHandleForReading.readDataToEndOfFile(); log.done.signal() }
    thread.start()
    let out = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    log.done.wait()
    let logText = String(decoding: log.data, as: UTF8.self)
    if watchdog.fired {
      throw Failure(description: "chromium did not finish within \(timeoutSeconds) s (killed): \(logText.suffix(2000))", timedOut: true)
    }
    guard process.terminationReason == .exit, process.terminationStatus == 0 else {
      throw Failure(description: "chromium exited with status \(process.terminationStatus): \(logText.suffix(2000))")
    }
    return (String(decoding: out, as: UTF8.self), logText)
  }

  /// Set by the watchdog when it killed the run, and by the run when it ended first (racy reads are
  /// harmless: a kill just after the end finds no process).
  private final class Watchdog: @unchecked Sendable {
    var fired = false
    var finished = false
  }

  private final class LogCollector: @unchecked Sendable {
    var data = Data()
    let done = DispatchSemaphore(value: 0)
  }
}
