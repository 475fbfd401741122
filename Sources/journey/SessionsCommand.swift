import ArgumentParser
import Foundation
import JourneyModel
import JourneyPipeline
import JourneyRender

struct SessionsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sessions",
    abstract: "Write the sessionized, stage-labelled events (NDJSON or CSV) for downstream tools.",
    discussion: """
      One row per event, user by user, each user's sessions in time order: user, session \
      (1-based within the user), export_session, time, stage, event.

      Examples:
        journey sessions -c shop.yaml exports/ > sessions.ndjson
        journey sessions --preset rees46 2019-Oct.csv.gz -f csv -o sessions.csv
      """)

  @OptionGroup var input: InputOptions

  @Option(name: [.short, .long], help: "Output: ndjson or csv.")
  var format: SessionsPipeline.RowFormat = .ndjson

  @Option(name: [.short, .long], help: "Write to this file atomically instead of standard output.")
  var output: String?

  func run() throws {
    let settings = try input.runSettings()
    let sink = try RowSink(path: output)
    _ = try SessionsPipeline.run(settings, format: format) { bytes in sink.write(bytes) }
    try sink.finish()
  }
}

extension SessionsPipeline.RowFormat: ExpressibleByArgument {}

/// Streams rows to standard output, or to a temporary file renamed into place at the end.
final class RowSink {
  private let handle: FileHandle
  private let path: String?
  private let temporaryPath: String?
  private var buffer: [UInt8] = []

  init(path: String?) throws(JourneyError) {
    self.path = path
    guard let path, path != "-" else {
      handle = FileHandle.standardOutput
      temporaryPath = nil
      return
    }
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
    guard FileManager.default.createFile(atPath: temporary, contents: nil),
      let handle = FileHandle(forWritingAtPath: temporary)
    else { throw JourneyError(kind: .usage, location: path, message: "cannot write here") }
    TemporaryFiles.register(temporary)
    self.handle = handle
    temporaryPath = temporary
  }

  func write(_ bytes: UnsafeRawBufferPointer) {
    buffer.append(contentsOf: bytes)
    if buffer.count >= 1 << 16 { flush() }
  }

  func write(_ text: String) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= 1 << 16 { flush() }
  }

  private func flush() {
    handle.write(Data(buffer))
    buffer.removeAll(keepingCapacity: true)
  }

  func finish() throws {
    flush()
    guard let temporaryPath, let path else { return }
    try? handle.close()
    guard rename(temporaryPath, path) == 0 else {
      unlink(temporaryPath)
      throw JourneyError(kind: .usage, location: path, message: "cannot write here")
    }
    TemporaryFiles.unregister(temporaryPath)
  }
}
