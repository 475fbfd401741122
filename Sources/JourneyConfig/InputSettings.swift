import JourneyModel

/// How to read the input (`input:`): format, field mapping, timestamp form.
public struct InputSettings: Sendable, Equatable, Encodable {
  public var format: InputFormat
  /// The word `--input-format` named ``format`` with when it is not the format's own name (`JSON`,
  /// `jsonl`, `clf`): the report's `config` section and messages repeat the user's word.
  public var formatSpelling: String?
  /// CSV separator when not `,` (diginetica: `;`).
  public var separator: String?
  /// The preset this config starts from, if any.
  public var preset: String?
  /// Path of a nested events array (`events` for OTTO); fields of the enclosing object are `$parent.X`.
  public var events: String?
  public var timeFormat: TimeFormat
  /// Values that mean "no value" (`NA`).
  public var nullValues: [String]
  public var fields: FieldSettings

  public init(
    format: InputFormat = .auto, separator: String? = nil, preset: String? = nil, events: String? = nil,
    timeFormat: TimeFormat = .auto, nullValues: [String] = [], fields: FieldSettings = FieldSettings()
  ) {
    self.format = format
    self.separator = separator
    self.preset = preset
    self.events = events
    self.timeFormat = timeFormat
    self.nullValues = nullValues
    self.fields = fields
  }

  /// ``format`` as the user wrote it: ``formatSpelling``, else the format's name.
  public var formatName: String { formatSpelling ?? format.rawValue }

  enum CodingKeys: String, CodingKey {
    case format, separator, preset, events, timeFormat = "time_format", nullValues = "null_values", fields
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(formatName, forKey: .format)
    try container.encodeIfPresent(separator, forKey: .separator)
    try container.encodeIfPresent(preset, forKey: .preset)
    try container.encodeIfPresent(events, forKey: .events)
    try container.encode(timeFormat, forKey: .timeFormat)
    try container.encode(nullValues, forKey: .nullValues)
    try container.encode(fields, forKey: .fields)
  }
}
