import ArgumentParser
import Foundation
import JourneyModel
import JourneyPipeline
import JourneyRender

struct KeysCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "keys",
    abstract: "Print each record with its user key, for a shuffle by user outside journey (Spark).",
    discussion: """
      One line per record, in input order: KEY<TAB>INPUT<TAB>LINE<TAB>RECORD, where KEY is the \
      user key exactly as --partition hashes it (empty for a record without a user, one that \
      cannot be parsed, or one longer than --max-line-length, whose RECORD is then \\L), INPUT \
      the input's index (from --input-index), LINE the record's first line in its file and \
      RECORD its bytes. KEY and RECORD are escaped: \\ as \\\\, TAB as \\t, LF as \\n, CR as \\r. \
      A CSV or TSV header is not a record. After each input, one line #input<TAB>{json}: its \
      index, path, compression, format, records, bytes, error (as the report's summary.inputs) \
      and header (the header record's text, or null).

      `journey report --keyed` reads these lines back, sorted by (INPUT, LINE) and after a \
      header line; contrib/spark/journey_spark.py does both around Spark's shuffle.

      Examples:
        journey keys -c shop.yaml events.ndjson.gz | head
        hdfs dfs -cat /logs/day.csv.gz | journey keys -c shop.yaml --input-name day.csv.gz --input-index 3 -
      """)

  @OptionGroup var input: InputOptions

  @Option(name: .customLong("input-name"), help: "The path to report for standard input in the #input line.")
  var inputName: String?

  @Option(name: .customLong("input-index"), parsing: .unconditional, help: "The INPUT of the first input (default 0).")
  var inputIndex: Int = 0

  func run() throws {
    guard inputIndex >= 0 else { throw JourneyError(kind: .usage, message: "--input-index must not be negative (got \(inputIndex))") }
    var settings = try input.runSettings()
    settings.outputs = ["-"]
    // One thread parses; with more than one core, another inflates gzip ahead of it.
    settings.threads = RunSettings.defaultThreads
    let sink = try OutputFile(path: nil)
    try KeysPipeline.run(settings, inputName: inputName, inputIndex: inputIndex) { bytes in try sink.write(bytes) }
    try sink.commit()
  }
}
