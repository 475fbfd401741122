import Dispatch
import Foundation
import JourneyPipeline
import JourneyRender

/// SIGINT/SIGTERM: remove every temporary output file, then exit 130 (SPEC §6).
enum Signals {
  nonisolated(unsafe) static var sources: [any DispatchSourceSignal] = []

  static func install() {
    for signalNumber in [SIGINT, SIGTERM] {
      signal(signalNumber, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
      source.setEventHandler {
        _ = AtomicFileWriter.removeAllPending()
        TemporaryFiles.removeAll()
        Progress.clearLine()
        FileHandle.standardError.write(Data("Error: interrupted\n".utf8))
        exit(130)
      }
      source.resume()
      sources.append(source)
    }
  }
}
