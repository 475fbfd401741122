import Foundation
import JourneyModel
import JourneyRender

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The signals that end a run, each of which removes every temporary file and folder first
/// (SPEC §5, §13): SIGINT → 130, SIGTERM → 143, SIGHUP → 129 with `Error: interrupted (…)`;
/// SIGPIPE, and a write to a reader that went away, → 141 with no message, as Unix tools end in a
/// pipe (`journey sessions … | head`). When SIGPIPE was ignored at start (`trap '' PIPE`), a broken
/// pipe is an error instead: `Error: standard output: cannot write: Broken pipe`, exit 2. A signal
/// ignored at start stays ignored, as `nohup` expects.
///
/// The signals are blocked in every thread (``install()`` runs before any other thread starts, and
/// threads inherit the mask) and taken by one thread in `sigwait(3)`, which calls
/// ``TemporaryFiles/terminate(status:_:)``: the cleanup runs as ordinary code, never inside a
/// signal handler.
enum Signals {
  static func install() {
    var set = sigset_t()
    sigemptyset(&set)
    // A signal ignored when the run started stays ignored (`nohup`, `trap '' INT`, background jobs).
    for number in [SIGINT, SIGTERM, SIGHUP] where !wasIgnored(number) { sigaddset(&set, number) }
    if !wasIgnored(SIGPIPE) {
      sigaddset(&set, SIGPIPE)
      OutputFile.brokenPipe = { end(SIGPIPE) }
    }
    // Writes to a closed pipe return EPIPE; OutputFile decides what that means.
    signal(SIGPIPE, SIG_IGN)
    pthread_sigmask(SIG_BLOCK, &set, nil)
    let waiting = set
    let thread = Thread {
      var set = waiting
      while true {
        var number: Int32 = 0
        if sigwait(&set, &number) == 0 { end(number) }
      }
    }
    thread.start()
  }

  private static func wasIgnored(_ number: Int32) -> Bool {
    var current = sigaction()
    sigaction(number, nil, &current)
    return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
  }

  /// Removes everything temporary and exits with 128 + `number` (quietly for SIGPIPE).
  static func end(_ number: Int32) -> Never {
    TemporaryFiles.terminate(status: 128 + number) {
      guard number != SIGPIPE else { return }
      Progress.clearLine()
      let name = [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP"][number] ?? "signal \(number)"
      OutputFile.writeToStandardError("Error: interrupted (\(name))\n")
    }
  }
}
