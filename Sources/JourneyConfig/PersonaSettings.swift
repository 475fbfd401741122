/// One persona of `personas:` (SPEC §9): a named set of users, decided over each user's whole
/// history in the input by ``condition``. A user may be in several personas; users in none form
/// ``PersonaSettings/nobody``.
package struct PersonaSettings: Sendable, Equatable, Encodable {
  /// The name of the users in no persona; no persona may take it.
  package static let nobody = "(no persona)"

  package var name: String
  package var condition: PersonaCondition
  /// Where the persona is written (`file:line:column`), for messages about it.
  package var location: SourceLocation?

  package init(name: String, condition: PersonaCondition, location: SourceLocation? = nil) {
    self.name = name
    self.condition = condition
    self.location = location
  }

  enum CodingKeys: String, CodingKey { case name, condition }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(condition, forKey: .condition)
  }
}
