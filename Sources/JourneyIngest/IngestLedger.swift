import JourneyInput
import JourneyModel
import JourneyParsing

/// The run's account of its inputs: rejected records, each input's summary, non-fatal input
/// problems, and the warnings about them on stderr.
///
/// Fed in input order (file, then line): directly by a one-thread run, by the in-order committer of
/// a parallel one. So the reject samples, the summaries and stderr are the same whatever the thread
/// count. Not thread-safe: one feeder at a time.
package final class IngestLedger {
  package private(set) var rejects: RejectLog
  package private(set) var inputs: [InputSummary] = []
  package private(set) var issues: [InputIssue] = []
  /// Rejected records kept as samples (the report's `rejects.samples`).
  package static let sampleLimit = 20
  /// Rejects warned about on stderr; the rest are counted in one closing line.
  package static let warningLimit = 5
  private var warningsShown = 0
  /// Files already warned about a duplicate key or column.
  private var duplicateWarned = Set<String>()
  private let warn: @Sendable (String) -> Void

  /// `warn` gets every line meant for stderr.
  package init(warn: @escaping @Sendable (String) -> Void) {
    self.warn = warn
    rejects = RejectLog(sampleLimit: Self.sampleLimit, sink: nil)
  }

  /// Sets where every rejected record goes besides the counts (`--rejects FILE`).
  package func setRejectSink(_ sink: @escaping @Sendable (RejectedRecord) -> Void) {
    rejects.sink = sink
  }

  /// Counts a rejected record and warns about the first few on stderr.
  package func reject(file: String, line: Int, reason: RejectReason, detail: String, excerpt: String? = nil) {
    rejects.reject(file: file, line: line, reason: reason, excerpt: excerpt)
    if warningsShown < Self.warningLimit {
      warningsShown += 1
      // One line per warning, whatever the record held (newlines, escape codes).
      warn(TerminalText.escape("\(file):\(line): warning: rejected record: \(reason): \(detail)"))
    }
  }

  /// Warns, once per file, that a record names a field twice (`what`: `key "x"`, `column "x"`).
  package func warnDuplicate(file: String, line: Int, _ what: String) {
    guard duplicateWarned.insert(file).inserted else { return }
    warn("\(file):\(line): warning: duplicate \(what); the last value is used")
  }

  /// Records a file read to its end (or to where its gzip data broke): its summary and its issue.
  package func finishFile(name: String, compression: Compression, format: RecordFormat?, outcome: InputOutcome, records: Int) {
    // No format: nothing was decoded, an empty input or one that broke before its first byte.
    var input = InputSummary(
      path: name, compression: compression.rawValue, format: format?.inputFormat.rawValue ?? "empty",
      records: records, bytes: format == nil && outcome.issue == nil ? 0 : outcome.compressedBytes)
    if let issue = outcome.issue {
      issues.append(issue)
      input.error = issue.message
      warn(TerminalText.escape("\(name): warning: \(issue.message)"))
    }
    inputs.append(input)
  }

  /// The closing hint about rejects not shown.
  func finishRun() {
    if rejects.count > warningsShown {
      warn("\(rejects.count) records rejected (first \(warningsShown) shown); --rejects FILE writes them all")
    }
  }
}
