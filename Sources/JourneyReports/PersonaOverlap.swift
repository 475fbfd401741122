/// Users in both of two personas, for every pair (SPEC §9): `users[i][j]` for personas *i* and *j*
/// in config order; the diagonal is each persona's users. `(no persona)` overlaps nothing and is
/// left out.
package struct PersonaOverlap: Codable, Sendable, Equatable {
  package var personas: [String]
  package var users: [[Int]]

  package init(personas: [String], users: [[Int]]) {
    self.personas = personas
    self.users = users
  }
}
