import Foundation
import JourneyModel
import JourneyReports

/// The page's panels on what went in: the inputs and data quality, and the configuration.
extension HTMLReportRenderer {
  /// The inputs, the counts and the rejected records.
  func inputSection() -> String {
    let s = report.summary
    var inputs = ""
    for input in s.inputs {
      inputs += """
        <tr><td class="mono">\(e(input.path))</td><td>\(e(input.compression))</td><td>\(e(input.format))</td>\
        <td class="num">\(int(input.records))</td><td class="num" title="\(int(input.bytes)) bytes">\(ReportFormatting.bytes(input.bytes))</td>\
        <td class="\(input.error == nil ? "muted" : "warn")">\(e(input.error ?? "ok"))</td></tr>

        """
    }
    if inputs.isEmpty { inputs = "<tr><td class=\"muted\" colspan=\"6\">none recorded</td></tr>\n" }
    var reasons = ""
    for (reason, count) in report.rejects.byReason.sorted(by: { $0.key < $1.key }) {
      reasons += "<tr data-reason=\"\(e(reason))\" data-count=\"\(count)\"><td>\(e(reason))</td><td class=\"num\">\(int(count))</td></tr>\n"
    }
    if reasons.isEmpty { reasons = "<tr><td class=\"muted\" colspan=\"2\">No record was rejected.</td></tr>\n" }
    var samples = ""
    for sample in report.rejects.samples {
      samples += "<tr><td class=\"mono\">\(e(sample.file)):\(sample.line)</td><td>\(e(sample.reason))</td></tr>\n"
    }
    let facts: [(String, String)] = [
      ("Events accepted", int(s.events)), ("Rejected", int(s.rejected)), ("Excluded", int(s.excluded)),
      ("Duplicates", int(s.duplicates)), ("Unclassified events", int(s.unclassifiedEvents)),
      ("Units without a stage", int(s.unitsWithoutStage)), ("First event", e(s.firstEvent ?? "–")),
      ("Last event", e(s.lastEvent ?? "–")), ("Ties", e(s.tieRule)),
    ]
    let factRows = facts.map { "<tr><th scope=\"row\">\($0.0)</th><td>\($0.1)</td></tr>" }.joined(separator: "\n")
    return """
      <section class="panel" id="inputs">
      <h2>Inputs and data quality</h2>
      <table class="data">
      <thead><tr><th>Input</th><th>Compression</th><th>Format</th><th class="num">Records</th><th class="num">Size</th><th>Status</th></tr></thead>
      <tbody>
      \(inputs)</tbody>
      </table>
      <div class="two">
      <div><h3>Counts</h3><table class="data compact facts"><tbody>
      \(factRows)
      </tbody></table></div>
      <div><h3>Rejected records by reason (\(int(report.rejects.count)))</h3><table class="data compact"><tbody>
      \(reasons)</tbody></table>
      \(samples.isEmpty ? "" : "<h3>First samples</h3><table class=\"data compact\"><tbody>\n\(samples)</tbody></table>")
      </div>
      </div>
      </section>

      """
  }

  /// The config the report was made with: its text as given, or the effective config as JSON.
  func configSection() -> String {
    let text: String
    var source = options.configName.map { " (\(e($0)))" } ?? ""
    if let configText = options.configText {
      text = configText
    } else if let config = report.config {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
      text = (try? encoder.encode(config)).map { String(decoding: $0, as: UTF8.self) } ?? ""
      source += " (effective, as JSON)"
    } else {
      text = "(not recorded)"
    }
    return """
      <section class="panel" id="config">
      <h2>Configuration\(source)</h2>
      <pre>\(e(text))</pre>
      </section>

      """
  }
}
