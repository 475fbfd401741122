import JourneyModel

/// How events are grouped into sessions (`sessions:`, SPEC §4).
package struct SessionSettings: Sendable, Equatable, Encodable {
  package static let defaultTimeout: Microseconds = 30 * 60 * Timestamp.microsecondsPerSecond

  package var timeout: Microseconds
  package var splitAtMidnight: Bool
  /// An IANA time zone name, checked when the config is loaded.
  package var timezone: String
  package var newOnChange: String?
  /// Where `new_on_change` is written, for the warning when no event has the field; not part of
  /// equality or the JSON.
  package var newOnChangeLocation: SourceLocation?
  package var maxDuration: Microseconds?

  package init(
    timeout: Microseconds = SessionSettings.defaultTimeout, splitAtMidnight: Bool = false, timezone: String = "UTC",
    newOnChange: String? = nil, maxDuration: Microseconds? = nil
  ) {
    self.timeout = timeout
    self.splitAtMidnight = splitAtMidnight
    self.timezone = timezone
    self.newOnChange = newOnChange
    self.maxDuration = maxDuration
  }

  package static func == (a: SessionSettings, b: SessionSettings) -> Bool {
    a.timeout == b.timeout && a.splitAtMidnight == b.splitAtMidnight && a.timezone == b.timezone
      && a.newOnChange == b.newOnChange && a.maxDuration == b.maxDuration
  }

  enum CodingKeys: String, CodingKey {
    case timeout, splitAtMidnight = "split_at_midnight", timezone, newOnChange = "new_on_change"
    case maxDuration = "max_duration"
  }

  package func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(ConfigLoader.durationText(timeout), forKey: .timeout)
    try container.encode(splitAtMidnight, forKey: .splitAtMidnight)
    try container.encode(timezone, forKey: .timezone)
    try container.encode(newOnChange, forKey: .newOnChange)
    try container.encode(maxDuration.map(ConfigLoader.durationText), forKey: .maxDuration)
  }
}
