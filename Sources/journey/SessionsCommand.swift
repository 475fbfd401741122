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
      One row per event, user by user (a fixed order), each user's sessions in the order they \
      start and a session's events in time order (with export session ids, a session's rows stay \
      together even where sessions overlap in time): user, session (1-based within the user), \
      export_session, time, stage, event; with personas in the \
      config, a last column `personas`: the user's personas in config order (NDJSON an array, \
      CSV joined by |), or (no persona).

      Examples:
        journey sessions -c shop.yaml exports/ > sessions.ndjson
        journey sessions --preset rees46 2019-Oct.csv.gz -f csv -o sessions.csv
      """)

  @OptionGroup var input: InputOptions
  @OptionGroup var range: TimeRangeOptions
  @OptionGroup var work: WorkOptions
  @OptionGroup var sessions: SessionOptions
  @OptionGroup var rejectFile: RejectFileOption

  @Option(name: [.short, .long], help: "Output: ndjson or csv.")
  var format: SessionsPipeline.RowFormat = .ndjson

  @Option(name: [.short, .long], help: "Write to this file atomically instead of standard output.", completion: .file())
  var output: String?

  func run() throws {
    var settings = try input.runSettings()
    try range.apply(to: &settings)
    try work.apply(to: &settings, quiet: input.quiet)
    try sessions.apply(to: &settings)
    rejectFile.apply(to: &settings)
    settings.outputs = [output ?? "-"]
    // Opened with the first rows, after the inputs are checked against it: `-o` on a FIFO that is
    // also an input must be refused, not waited for.
    var sink: OutputFile?
    _ = try SessionsPipeline.run(settings, format: format) { bytes in
      let file = try sink ?? OutputFile(path: output)
      sink = file
      try file.write(bytes)
    }
    try (sink ?? OutputFile(path: output)).commit()
  }
}

extension SessionsPipeline.RowFormat: ExpressibleByArgument {}
