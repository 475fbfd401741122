/// How a time field is written (`input.time_format`); `auto` recognises every form but compact
/// `yyyymmdd` dates.
public enum TimeFormat: String, Sendable, Equatable, CaseIterable, Encodable {
  case auto
  /// ISO 8601 / RFC 3339, and `YYYY-MM-DD HH:MM:SS[.fff] UTC`.
  case iso8601
  case epochSeconds = "s"
  case epochMillis = "ms"
  case epochMicros = "us"
  case epochNanos = "ns"
  /// `19970101` (CDNOW): midnight UTC of that day.
  case yyyymmdd
  /// The access-log form `10/Oct/2000:13:55:36 -0700`.
  case clf
}
