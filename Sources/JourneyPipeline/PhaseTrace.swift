import Foundation

/// Prints the wall time of each phase of a run to standard error when `JOURNEY_TRACE` is set
/// (`ingest 1.92 s`, `engine 0.41 s`): for profiling, never part of a report.
final class PhaseTrace {
  private let enabled = ProcessInfo.processInfo.environment["JOURNEY_TRACE"] != nil
  private var last = DispatchTime.now().uptimeNanoseconds

  /// Prints the time since the previous mark (or since creation) under `phase`.
  func mark(_ phase: String) {
    guard enabled else { return }
    let now = DispatchTime.now().uptimeNanoseconds
    let seconds = Double(now - last) / 1e9
    FileHandle.standardError.write(Data("journey trace: \(phase) \(String(format: "%.3f", seconds)) s\n".utf8))
    last = now
  }
}
