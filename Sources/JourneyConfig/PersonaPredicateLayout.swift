import JourneyModel

/// The per-event tests the personas need (SPEC §9), each one bit of ``EventRecord/traits``: what
/// the ingest evaluates per event and the engine's persona rules read.
///
/// A user's membership is decided over the whole history, but every test it rests on is a test of
/// one event: for `first_touch: {field: F, …}` whether the event has a non-empty value of `F`
/// (``Predicate/present``, one bit per field) and whether the test holds on it
/// (``Predicate/holds``); for `did:` whether the event matches the condition
/// (``Predicate/matches``). Equal tests share a bit, so personas that reuse a condition cost
/// nothing more; at most ``maximumBits`` distinct tests fit.
package struct PersonaPredicateLayout: Sendable, Equatable {
  /// Distinct per-event tests the 16-bit ``EventRecord/traits`` holds.
  package static let maximumBits = 16

  package enum Predicate: Sendable, Equatable {
    /// The event has a non-empty value of the field.
    case present(field: String)
    /// A `first_touch` test holds on the event (read only where ``present(field:)`` is set).
    case holds(Condition)
    /// A `did` condition matches the event.
    case matches(Condition)
  }

  /// The tests in bit order: bit *i* is `predicates[i]`.
  package private(set) var predicates: [Predicate] = []

  /// Assigns a bit to each distinct test of `personas`, in config order.
  /// - Throws: a config error located at the first persona that needs a 17th bit.
  package init(personas: [PersonaSettings]) throws(JourneyError) {
    for persona in personas {
      var needed = predicates
      Self.collect(persona.condition, into: &needed)
      guard needed.count <= Self.maximumBits else {
        throw JourneyError(
          kind: .config, location: persona.location?.description,
          message: "persona '\(persona.name)' needs per-event test \(needed.count); the personas may use at most \(Self.maximumBits) distinct first_touch fields, first_touch tests and did conditions together")
      }
      predicates = needed
    }
  }

  /// The bit of `predicate`; it must be one of ``predicates``.
  package func bit(_ predicate: Predicate) -> Int {
    guard let index = predicates.firstIndex(of: predicate) else { preconditionFailure("unknown persona test") }
    return index
  }

  private static func collect(_ condition: PersonaCondition, into predicates: inout [Predicate]) {
    func add(_ predicate: Predicate) { if !predicates.contains(predicate) { predicates.append(predicate) } }
    switch condition {
    case .firstTouch(let field, let test):
      add(.present(field: field))
      add(.holds(test))
    case .did(let did): add(.matches(did.condition))
    case .all(let parts), .any(let parts): for part in parts { collect(part, into: &predicates) }
    case .not(let inner): collect(inner, into: &predicates)
    }
  }
}
