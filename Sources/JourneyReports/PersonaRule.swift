import JourneyModel

/// A persona's condition (SPEC §9) compiled to the per-event predicate bits the ingest sets (bit *i*
/// of ``PersonaEvaluator/observe(bits:time:)``), decided by ``PersonaEvaluator`` over each user's
/// whole history in time order:
///
/// - `firstTouch`: the user's first event whose `present` bit is set (the field has a non-empty
///   value) decides: its `holds` bit (the test on that value). A user with no such event does not
///   match.
/// - `did`: the events whose `matches` bit is set, counted over the whole history, or with `within`
///   in a closed sliding window `[t, t + within]`: the user matches when the most matches any such
///   window holds (the whole history's count without `within`) is at least `atLeast` and at most
///   `atMost`.
/// - `all` / `any` / `not` combine them.
package indirect enum PersonaRule: Sendable, Equatable {
  case firstTouch(present: Int, holds: Int)
  case did(matches: Int, atLeast: Int, atMost: Int?, within: Microseconds?)
  case all([PersonaRule])
  case any([PersonaRule])
  case not(PersonaRule)
}
