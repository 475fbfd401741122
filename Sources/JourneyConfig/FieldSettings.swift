/// Which record fields hold the user, time, event name, session id and URL (`input.fields`).
public struct FieldSettings: Sendable, Equatable, Encodable {
  public var user: UserKey
  public var time: String
  /// Added to `time` (diginetica's `timeframe`: milliseconds since the session's start).
  public var timeOffset: String?
  /// Unit of `timeOffset` (default: milliseconds).
  public var timeOffsetUnit: TimeOffsetUnit
  public var event: String?
  public var session: String?
  public var url: String?

  public init(
    user: UserKey = .fallbacks([]), time: String = "", timeOffset: String? = nil, timeOffsetUnit: TimeOffsetUnit = .milliseconds,
    event: String? = nil, session: String? = nil, url: String? = nil
  ) {
    self.user = user
    self.time = time
    self.timeOffset = timeOffset
    self.timeOffsetUnit = timeOffsetUnit
    self.event = event
    self.session = session
    self.url = url
  }

  enum CodingKeys: String, CodingKey {
    case user, time, timeOffset = "time_offset", timeOffsetUnit = "time_offset_unit", event, session, url
  }
}
