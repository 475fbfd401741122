import Foundation
import JourneyRender

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif

/// Prints the wall time and the CPU time (all threads) of each phase of a run to standard error
/// when `JOURNEY_TRACE` is set (`ingest 1.92 s wall, 3.61 s cpu (1.88 cores)`): for profiling,
/// never part of a report. The cores figure shows how well a phase keeps the processors busy.
final class PhaseTrace {
  private let enabled = ProcessInfo.processInfo.environment["JOURNEY_TRACE"] != nil
  private var lastWall = DispatchTime.now().uptimeNanoseconds
  private var lastCPU = PhaseTrace.processCPUSeconds()

  /// Prints the time since the previous mark (or since creation) under `phase`.
  func mark(_ phase: String) {
    guard enabled else { return }
    let now = DispatchTime.now().uptimeNanoseconds
    let cpu = Self.processCPUSeconds()
    let wall = Double(now - lastWall) / 1e9
    let used = cpu - lastCPU
    let line = String(
      format: "journey trace: %@ %.3f s wall, %.3f s cpu (%.2f cores)\n", phase, wall, used, wall > 0 ? used / wall : 0)
    OutputFile.writeToStandardError(line)
    lastWall = now
    lastCPU = cpu
  }

  /// User and system time of every thread of the process so far.
  static func processCPUSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    let who = __rusage_who_t(RUSAGE_SELF.rawValue)
    #else
    let who = RUSAGE_SELF
    #endif
    guard getrusage(who, &usage) == 0 else { return 0 }
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
  }
}
