import JourneyModel

/// How to read the input (`input:`): format, field mapping, timestamp form.
public struct InputSettings: Sendable, Equatable, Encodable {
  package var format: InputFormat {
    didSet { formatName = format.rawValue }
  }
  /// The word that named ``format``: its own name, or the command line's spelling (`JSON`, `jsonl`,
  /// `clf`), which the report's `config` section and messages repeat.
  package private(set) var formatName: String
  /// CSV separator when not `,` (diginetica: `;`).
  package var separator: String?
  /// The preset this config starts from, if any.
  package var preset: String?
  /// Path of a nested events array (`events` for OTTO); fields of the enclosing object are `$parent.X`.
  public var events: String?
  package var timeFormat: TimeFormat
  /// Values that mean "no value" (`NA`).
  package var nullValues: [String]
  package var fields: FieldSettings

  package init(
    format: InputFormat = .auto, separator: String? = nil, preset: String? = nil, events: String? = nil,
    timeFormat: TimeFormat = .auto, nullValues: [String] = [], fields: FieldSettings = FieldSettings()
  ) {
    self.format = format
    formatName = format.rawValue
    self.separator = separator
    self.preset = preset
    self.events = events
    self.timeFormat = timeFormat
    self.nullValues = nullValues
    self.fields = fields
  }

  /// Sets ``format`` as the command line named it (`--input-format JSON`).
  package mutating func setFormat(_ format: InputFormat, spelledAs name: String) {
    self.format = format
    formatName = name
  }

  enum CodingKeys: String, CodingKey {
    case formatName = "format", separator, preset, events, timeFormat = "time_format", nullValues = "null_values"
    case fields
  }
}
