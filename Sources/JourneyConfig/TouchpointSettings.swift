/// `touchpoint:` as written: the field naming an event's touchpoint (SPEC §8), or several, of which
/// each event's first non-empty one counts.
///
/// Two are equal when their fields are; where they were written does not matter (a preset equals
/// the starter config that spells it out).
package struct TouchpointSettings: Sendable, Equatable {
  package var fields: [String]
  /// Where `touchpoint:`'s value was written, for warnings about it.
  package var location: SourceLocation?

  package init(fields: [String], location: SourceLocation? = nil) {
    self.fields = fields
    self.location = location
  }

  package static func == (a: TouchpointSettings, b: TouchpointSettings) -> Bool { a.fields == b.fields }
}
