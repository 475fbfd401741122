/// How to read the input (`input:`): format, field mapping, timestamp form.
public struct InputSettings: Sendable, Equatable, Encodable {
  public static let formats = ["auto", "ndjson", "csv", "tsv", "combined", "common", "whitespace"]
  public static let timeFormats = ["auto", "iso8601", "s", "ms", "us", "ns", "yyyymmdd", "clf"]

  /// One of ``formats``.
  public var format: String
  /// CSV separator when not `,` (diginetica: `;`).
  public var separator: String?
  /// The preset this config starts from, if any.
  public var preset: String?
  /// Path of a nested events array (`events` for OTTO); fields of the enclosing object are `$parent.X`.
  public var events: String?
  /// One of ``timeFormats``.
  public var timeFormat: String
  /// Values that mean "no value" (`NA`).
  public var nullValues: [String]
  public var fields: FieldSettings

  public init(
    format: String = "auto", separator: String? = nil, preset: String? = nil, events: String? = nil,
    timeFormat: String = "auto", nullValues: [String] = [], fields: FieldSettings = FieldSettings()
  ) {
    self.format = format
    self.separator = separator
    self.preset = preset
    self.events = events
    self.timeFormat = timeFormat
    self.nullValues = nullValues
    self.fields = fields
  }

  enum CodingKeys: String, CodingKey {
    case format, separator, preset, events, timeFormat = "time_format", nullValues = "null_values", fields
  }
}
