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
    let elapsed = now.timeIntervalSince(started)
    let rate = elapsed > 0 ? Double(bytes) / elapsed : 0
    var line = "reading \(Self.size(bytes))"
    if let total, total > 0 {
      let fraction = min(1, Double(bytes) / Double(total))
      let filled = Int(fraction * 24)
      line = "[" + String(repeating: "█", count: filled) + String(repeating: "·", count: 24 - filled) + "] "
        + String(format: "%3.0f%% ", fraction * 100) + "\(Self.size(bytes)) of \(Self.size(total))"
      if rate > 0, fraction < 1 { line += ", ~\(Self.duration(Double(total - bytes) / rate)) left" }
    }
    line += "  \(Self.size(Int(rate)))/s"
    if events > 0, elapsed > 0 { line += "  \(Self.count(Double(events) / elapsed)) events/s" }
    line += "  \(Self.duration(elapsed))"
    OutputFile.writeToStandardError("\r\u{1B}[K\(line)")
  }

  func finish(events: Int) {
    Progress.clearLine()
    Progress.active = false
  }

  static func clearLine() {
    if active { OutputFile.writeToStandardError("\r\u{1B}[K") }
  }

  static func size(_ bytes: Int) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
    return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
  }

  /// `812k`, `1.4M`.
  static func count(_ value: Double) -> String {
    value >= 1_000_000 ? String(format: "%.1fM", value / 1_000_000)
      : value >= 1_000 ? String(format: "%.0fk", value / 1_000) : String(format: "%.0f", value)
  }

  static func duration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    return s >= 3600 ? "\(s / 3600)h\(s / 60 % 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
  }
}
