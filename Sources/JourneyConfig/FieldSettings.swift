/// Which record fields hold the user, time, event name, session id and URL (`input.fields`).
package struct FieldSettings: Sendable, Equatable, Encodable {
  package var user: UserKey
  package var time: String
  /// Added to `time` (diginetica's `timeframe`: milliseconds since the session's start).
  package var timeOffset: String?
  /// Unit of `timeOffset` (default: milliseconds).
  package var timeOffsetUnit: TimeOffsetUnit
  package var event: String?
  package var session: String?
  package var url: String?

  package init(
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
