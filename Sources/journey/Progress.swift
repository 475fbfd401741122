import Foundation
import JourneyRender
import JourneyInput
import Synchronization

/// A progress line on stderr for long runs on a terminal: bytes read (of the total, for files),
/// rate, elapsed time and an estimate. Never in a pipe or CI log unless `--progress always`.
final class Progress: @unchecked Sendable {
  private struct Counts {
    var bytes = 0
    var events = 0
    var lastDraw = Date.distantPast
  }

  private let counts = Mutex(Counts())
  private let total: Int?
  private let started = Date()
  nonisolated(unsafe) private static var active = false

  /// nil when no progress should be shown.
  init?(mode: ProgressMode, quiet: Bool, inputs: [String]) {
    if quiet || mode == .never { return nil }
    if mode == .auto {
      let env = ProcessInfo.processInfo.environment
      guard isatty(STDERR_FILENO) != 0, env["CI"] == nil, env["TERM"] != "dumb" else { return nil }
    }
    total = Progress.totalBytes(inputs)
    Progress.active = true
  }

  static func totalBytes(_ inputs: [String]) -> Int? {
    guard let sources = try? InputSources.expand(inputs) else { return nil }
    var sum = 0
    for source in sources {
      guard case .file(let path) = source,
        let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber
      else { return nil }
      sum += size.intValue
    }
    return sum
  }

  /// Records the events accepted so far (called every 65,536 events).
  func events(_ total: Int) {
    counts.withLock { $0.events = total }
  }

  func advance(_ count: Int) {
    counts.withLock { counts in
      counts.bytes += count
      let now = Date()
      guard now.timeIntervalSince(counts.lastDraw) >= 0.2 else { return }
      counts.lastDraw = now
      draw(now: now, bytes: counts.bytes, events: counts.events)
    }
  }

  private func draw(now: Date, bytes: Int, events: Int) {
    // The width is read at every draw, so a resized window gets a line of its new width.
    let reading = ProgressLine.Reading(bytes: bytes, total: total, events: events, elapsed: now.timeIntervalSince(started))
    OutputFile.writeToStandardError(ProgressLine.draw(reading, width: TerminalWidth.current()))
  }

  func finish(events: Int) {
    Progress.clearLine()
    Progress.active = false
  }

  static func clearLine() {
    if active { OutputFile.writeToStandardError(ProgressLine.clearLine) }
  }
}
