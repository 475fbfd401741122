/// Something the report's reader must know that is not an error (SPEC §11 "Nothing silent"): a
/// rule, `exclude:` condition, persona or field that matched nothing, a funnel window longer than
/// the data, a setting that had no effect. Each is a line on stderr and an entry of the JSON's
/// `warnings[]`.
package struct ReportWarning: Codable, Sendable, Equatable {
  /// A stable name of the case, for programs: ``Kind``'s raw values.
  package var kind: String
  /// The sentence, without location and `warning:`.
  package var message: String
  /// Where the cause is written (`file:line:column` of the config), when it is.
  package var location: String?

  package enum Kind: String, Sendable {
    case ruleMatchedNothing = "rule-matched-nothing"
    case exclusionMatchedNothing = "exclude-matched-nothing"
    case personaMatchedNothing = "persona-matched-nothing"
    case touchpointFieldMissing = "touchpoint-field-missing"
    case breakdownFieldMissing = "breakdown-field-missing"
    /// `dedupe:` names a field no event has a non-empty value of.
    case dedupeFieldMissing = "dedupe-field-missing"
    /// `sessions.new_on_change` names a field no event has a non-empty value of.
    case sessionChangeFieldMissing = "new-on-change-field-missing"
    case windowLongerThanData = "window-longer-than-data"
    case timeoutIgnored = "timeout-ignored"
    case configFileSkipped = "config-skipped"
    case standardInputTerminal = "standard-input-terminal"
    /// `journey merge --allow-missing` without every partition (SPEC §12).
    case partitionsMissing = "partitions-missing"
    /// `--partition K/N` that no user of the inputs hashes to.
    case partitionEmpty = "partition-empty"
  }

  package init(_ kind: Kind, _ message: String, location: String? = nil) {
    self.kind = kind.rawValue
    self.message = message
    self.location = location
  }

  /// The stderr line: `file:line:column: warning: …`, or `warning: …`.
  package var line: String { (location.map { "\($0): " } ?? "") + "warning: " + message }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(kind, forKey: .kind)
    try c.encode(message, forKey: .message)
    try c.encode(location, forKey: .location)
  }
}
