import ArgumentParser
import Foundation
import JourneyModel
import JourneyPipeline
import JourneyRender

struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Show what an export holds: compression, format, preset, fields, events, time range, rejects.",
    discussion: """
      Examples:
        journey inspect events.ndjson.gz
        journey inspect exports/                    # every file below, each on its own
        journey inspect --preset ga4 bq-export.json -f json
        zcat access.log.3.gz | journey inspect --preset combined -
      """)

  @OptionGroup var input: InputOptions

  @Option(name: [.short, .long], help: "Output: text or json.")
  var format: InspectFormat = .text

  func run() throws {
    let settings = try input.runSettings(unknownInputFormatIsAuto: true)
    let reports = try InspectPipeline.run(settings)
    switch format {
    case .json:
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      var data = try encoder.encode(reports)
      data.append(0x0A)
      try OutputFile.write(String(decoding: data, as: UTF8.self), to: nil)
    case .text:
      try OutputFile.write(reports.map(Self.text).joined(separator: "\n"), to: nil)
    }
  }

  /// The report as text for a terminal; every name and value from the data is escaped (``TerminalText``).
  static func text(_ report: InspectPipeline.FileReport) -> String {
    let clean = { (text: String) in TerminalText.escape(text) }
    var out = "\(clean(report.path))\n"
    func row(_ label: String, _ value: String) { out += "  " + label.padding(toLength: 13, withPad: " ", startingAt: 0) + value + "\n" }
    row("compression", report.compression)
    row("format", report.format ?? "empty")
    row("preset", report.preset.map { "\($0)  (journey report --preset \($0) …)" } ?? "none matched: write a config (journey init)")
    row("records", Self.grouped(report.records))
    row("events", Self.grouped(report.events))
    if let first = report.firstEvent, let last = report.lastEvent { row("time range", "\(clean(first)) .. \(clean(last))") }
    if let issue = report.issue { row("problem", clean(issue)) }
    if report.rejected > 0 {
      let reasons = report.rejectedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \(grouped($0.value))" }
      row("rejected", "\(grouped(report.rejected)) (\(reasons.joined(separator: ", ")))")
      for sample in report.rejectSamples.prefix(5) { out += "    \(clean(sample.file)):\(sample.line): \(clean(sample.reason))\n" }
    }
    if !report.fields.isEmpty {
      out += "  fields\n"
      let width = min(44, report.fields.map { clean($0.name).count }.max() ?? 10)
      for field in report.fields.prefix(80) {
        let fieldName = clean(field.name)
        let name = fieldName.count > width ? String(fieldName.prefix(width - 1)) + "…" : fieldName
        let rate = String(format: "%5.1f%%", field.fillRate * 100)
        let examples = field.examples.map(clean).map { $0.count > 30 ? String($0.prefix(29)) + "…" : $0 }.joined(separator: " | ")
        out += "    " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(rate)  \(examples)\n"
      }
      if report.fields.count > 80 { out += "    … \(report.fields.count - 80) more (-f json lists all)\n" }
    }
    return out
  }

  static func grouped(_ value: Int) -> String {
    let digits = String(value)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { out += "," }
      out.append(c)
    }
    return out
  }
}

enum InspectFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}
