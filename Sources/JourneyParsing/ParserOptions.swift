/// Input settings a parser needs beyond the field names.
public struct ParserOptions: Sendable, Equatable {
  /// Path of an array of nested events in each line (`events` for OTTO, `hits` for GA360), or nil.
  package var eventsPath: String?
  /// Values that mean "no value" (`NA`): such fields become null. Compared on the decoded bytes.
  package var nullMarkers: [String]

  public init(eventsPath: String? = nil, nullMarkers: [String] = []) {
    self.eventsPath = eventsPath
    self.nullMarkers = nullMarkers
  }
}
