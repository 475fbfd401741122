import ArgumentParser
import Foundation
import JourneyModel
import JourneyPipeline
import JourneyRender
import JourneyStages

struct ClassifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "classify",
    abstract: "Show how each event was labelled and by which rule (file:line).",
    discussion: """
      One line per event in input order: where it came from, its event name, the stage and \
      the rule that matched. With --explain, every earlier rule is listed with the reason it \
      failed. With personas in the config, each line also names the user's personas (in \
      config order, or (no persona); none for a record without a user of the run): the inputs \
      are read twice, the first time to decide membership, so standard input is first copied \
      to a file in the temporary folder ($TMPDIR), removed when the run ends.

      Examples:
        journey classify -c shop.yaml events.ndjson.gz | head
        journey classify --explain -c shop.yaml events.ndjson.gz --limit 20
        journey classify -c shop.yaml -f ndjson events.ndjson.gz | jq 'select(.stage == null)'
      """)

  @OptionGroup var input: InputOptions
  @OptionGroup var range: TimeRangeOptions
  @OptionGroup var work: WorkOptions

  @Flag(help: "Also say why each earlier rule did not match.")
  var explain = false

  @Option(name: [.short, .long], help: "Output: text or ndjson.")
  var format: ClassifyFormat = .text

  @Option(parsing: .unconditional, help: "Stop after this many events.")
  var limit: Int?

  struct Done: Error {}

  func run() throws {
    if let limit, limit < 0 { throw JourneyError(kind: .usage, message: "--limit must not be negative (got \(limit))") }
    var settings = try input.runSettings()
    try range.apply(to: &settings)
    try work.apply(to: &settings, quiet: input.quiet)
    settings.outputs = ["-"]
    let sink = try OutputFile(path: nil)
    var count = 0
    do {
      try ClassifyPipeline.run(settings, explain: explain) { row in
        if let limit, count >= limit { throw Done() }
        count += 1
        try sink.write(format == .text ? Self.text(row, explain: explain) : Self.json(row, explain: explain))
      }
    } catch is Done {}
    try sink.commit()
  }

  /// One event as text for a terminal; names and values from the data are escaped (``TerminalText``).
  static func text(_ row: ClassifyPipeline.Row, explain: Bool) -> String {
    let clean = { (text: String) in TerminalText.escape(text) }
    var line = "\(clean(row.file)):\(row.line)  \(row.event.map { "'\(clean($0))'" } ?? "(no event)")  → "
    if let note = row.note {
      line += clean(note)
    } else if let stage = row.stage {
      line += "\(clean(stage))  (rule at \(clean(row.rule ?? "?")))"
    } else {
      line += "(no stage)"
    }
    if let personas = row.personas, !personas.isEmpty {
      line += "  personas: " + clean(personas.joined(separator: "|"))
    }
    line += "\n"
    if explain {
      for explanation in row.explanations { line += "    \(clean(explanation.description))\n" }
    }
    return line
  }

  static func json(_ row: ClassifyPipeline.Row, explain: Bool) -> String {
    var line = "{\"file\":\(FieldQuoting.jsonString(row.file)),\"line\":\(row.line)"
    line += ",\"user\":" + (row.user.map(FieldQuoting.jsonString) ?? "null")
    line += ",\"time\":" + (row.time.map { "\"\(Timestamp.iso8601($0))\"" } ?? "null")
    line += ",\"event\":" + (row.event.map(FieldQuoting.jsonString) ?? "null")
    line += ",\"stage\":" + (row.stage.map(FieldQuoting.jsonString) ?? "null")
    line += ",\"rule\":" + (row.rule.map(FieldQuoting.jsonString) ?? "null")
    if let personas = row.personas { line += ",\"personas\":[" + personas.map(FieldQuoting.jsonString).joined(separator: ",") + "]" }
    if let note = row.note { line += ",\"note\":\(FieldQuoting.jsonString(note))" }
    if explain {
      let items = row.explanations.map { FieldQuoting.jsonString($0.description) }
      line += ",\"explain\":[\(items.joined(separator: ","))]"
    }
    return line + "}\n"
  }
}

enum ClassifyFormat: String, ExpressibleByArgument, CaseIterable {
  case text, ndjson
}
