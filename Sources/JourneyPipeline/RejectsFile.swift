import Foundation
import JourneyModel

/// `--rejects FILE`: every rejected record as one NDJSON line (`file`, `line`, `reason`, `excerpt`).
///
/// Written to a temporary file beside the target and renamed when the run finishes, like every output.
enum RejectsFile {
  final class Writer: @unchecked Sendable {
    let lock = NSLock()
    let handle: FileHandle
    let temporaryPath: String
    let path: String
    let encoder: JSONEncoder

    init(path: String) throws(JourneyError) {
      self.path = path
      let url = URL(fileURLWithPath: path)
      temporaryPath = url.deletingLastPathComponent()
        .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
      guard FileManager.default.createFile(atPath: temporaryPath, contents: nil),
        let handle = FileHandle(forWritingAtPath: temporaryPath)
      else {
        throw JourneyError(kind: .usage, location: path, message: "cannot write the rejects file")
      }
      self.handle = handle
      encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
      TemporaryFiles.register(temporaryPath)
    }

    func write(_ record: RejectedRecord) {
      guard var data = try? encoder.encode(record) else { return }
      data.append(0x0A)
      lock.lock()
      handle.write(data)
      lock.unlock()
    }

    func finish() throws(JourneyError) {
      try? handle.close()
      guard rename(temporaryPath, path) == 0 else {
        unlink(temporaryPath)
        throw JourneyError(kind: .usage, location: path, message: "cannot write the rejects file")
      }
      TemporaryFiles.unregister(temporaryPath)
    }
  }

  /// Opens `path` (through a temporary file) and sends every record `runner` rejects to it; call
  /// ``Writer/finish()`` after the run to move the file into place.
  static func attach(to runner: IngestRunner, path: String) throws(JourneyError) -> Writer {
    let writer = try Writer(path: path)
    runner.setRejectSink { writer.write($0) }
    return writer
  }
}
