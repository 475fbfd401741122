import JourneyModel

/// How events are grouped into sessions (`sessions:`, SPEC §4).
public struct SessionSettings: Sendable, Equatable, Encodable {
  public static let defaultTimeout: Microseconds = 30 * 60 * Timestamp.microsecondsPerSecond

  public var timeout: Microseconds
  public var splitAtMidnight: Bool
  /// An IANA time zone name, checked when the config is loaded.
  public var timezone: String
  public var newOnChange: String?
  public var maxDuration: Microseconds?

  public init(
    timeout: Microseconds = SessionSettings.defaultTimeout, splitAtMidnight: Bool = false, timezone: String = "UTC",
    newOnChange: String? = nil, maxDuration: Microseconds? = nil
  ) {
    self.timeout = timeout
    self.splitAtMidnight = splitAtMidnight
    self.timezone = timezone
    self.newOnChange = newOnChange
    self.maxDuration = maxDuration
  }

  enum CodingKeys: String, CodingKey {
    case timeout, splitAtMidnight = "split_at_midnight", timezone, newOnChange = "new_on_change"
    case maxDuration = "max_duration"
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(ConfigLoader.durationText(timeout), forKey: .timeout)
    try container.encode(splitAtMidnight, forKey: .splitAtMidnight)
    try container.encode(timezone, forKey: .timezone)
    try container.encode(newOnChange, forKey: .newOnChange)
    try container.encode(maxDuration.map(ConfigLoader.durationText), forKey: .maxDuration)
  }
}
