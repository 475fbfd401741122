import JourneyModel

/// Who a persona is (SPEC §9): a test of a **user's whole history** in the input, not of one event.
///
/// - `firstTouch`: a condition on the user's first non-empty value of one field (the condition reads
///   that field only; a user with no value never matches).
/// - `did`: how many of the user's events match a rule condition — at least ``Did/atLeast`` and
///   at most ``Did/atMost``; with ``Did/within``, counted in a sliding window of that length: the
///   user matches when some window of that length holds at least `atLeast` matching events and no
///   window holds more than `atMost` (a window [t, t + within] starts at each matching event).
/// - `all` / `any` / `not` combine them.
package indirect enum PersonaCondition: Sendable, Equatable, Encodable {
  case firstTouch(field: String, Condition)
  case did(Did)
  case all([PersonaCondition])
  case any([PersonaCondition])
  case not(PersonaCondition)

  /// `did:`: a rule condition and the counts it must reach.
  package struct Did: Sendable, Equatable, Encodable {
    package var condition: Condition
    /// Matching events needed (≥ 1).
    package var atLeast: Int
    /// Matching events allowed at most; nil: no bound.
    package var atMost: Int?
    /// The sliding window the counts are taken in (µs); nil: the whole history.
    package var within: Microseconds?

    package init(condition: Condition, atLeast: Int = 1, atMost: Int? = nil, within: Microseconds? = nil) {
      self.condition = condition
      self.atLeast = atLeast
      self.atMost = atMost
      self.within = within
    }

    enum CodingKeys: String, CodingKey {
      case condition
      case atLeast = "at_least"
      case atMost = "at_most"
      case within = "within_seconds"
    }

    package func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(condition, forKey: .condition)
      try c.encode(atLeast, forKey: .atLeast)
      try c.encodeIfPresent(atMost, forKey: .atMost)
      try c.encodeIfPresent(within.map { Double($0) / 1_000_000 }, forKey: .within)
    }
  }

  /// The fields whose first non-empty value some `first_touch:` tests, in first-use order.
  package var firstTouchFields: [String] {
    var names: [String] = []
    visit { if case .firstTouch(let field, _) = $0, !names.contains(field) { names.append(field) } }
    return names
  }

  /// Every `did:` of the condition, in first-use order.
  package var didConditions: [Did] {
    var found: [Did] = []
    visit { if case .did(let did) = $0 { found.append(did) } }
    return found
  }

  private func visit(_ body: (PersonaCondition) -> Void) {
    body(self)
    switch self {
    case .all(let parts), .any(let parts): for part in parts { part.visit(body) }
    case .not(let inner): inner.visit(body)
    case .firstTouch, .did: break
    }
  }

  enum CodingKeys: String, CodingKey {
    case firstTouch = "first_touch"
    case did, all, any, not
  }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .firstTouch(_, let condition): try c.encode(condition, forKey: .firstTouch)
    case .did(let did): try c.encode(did, forKey: .did)
    case .all(let parts): try c.encode(parts, forKey: .all)
    case .any(let parts): try c.encode(parts, forKey: .any)
    case .not(let inner): try c.encode(inner, forKey: .not)
    }
  }
}
