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
      ("Outside --from/--to", int(s.outOfRange ?? 0)),
      ("Duplicates", int(s.duplicates)), ("Unclassified events", int(s.unclassifiedEvents)),
      ("Units without a stage", int(s.unitsWithoutStage)), ("First event", e(s.firstEvent ?? "–")),
      ("Last event", e(s.lastEvent ?? "–")), ("Ties", e(s.tieRule)),
    ]
    let factRows = facts.map { "<tr><th scope=\"row\">\($0.0)</th><td>\($0.1)</td></tr>" }.joined(separator: "\n")
    return """
      <section class="panel" id="inputs">
      <h2>Inputs and data quality</h2>
      <div class="scroll"><table class="data">
      <thead><tr><th>Input</th><th>Compression</th><th>Format</th><th class="num">Records</th><th class="num">Size</th><th>Status</th></tr></thead>
      <tbody>
      \(inputs)</tbody>
      </table></div>
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

  /// The effective config in full (every setting with its default, from the report's `config`),
  /// then the user's own file as given, collapsed; never cut, on screen or in print.
  func configSection() -> String {
    var effective = "<pre data-config=\"effective\">(not recorded)</pre>"
    if let config = report.config {
      effective = "<pre data-config=\"effective\">\(e(EffectiveConfigText.yaml(config)))</pre>"
    }
    var file = ""
    if let configText = options.configText {
      let name = options.configName.map { " <code>\(e($0))</code>" } ?? ""
      file = """
        <details class="config-file"><summary>The config file as written\(name)</summary>
        <pre data-config="file">\(e(configText))</pre>
        </details>

        """
    }
    return """
      <section class="panel" id="config">
      <h2>Configuration</h2>
      <p class="hint">The effective configuration: every setting the report was made with, defaults included.</p>
      \(effective)
      \(file)</section>

      """
  }
}
