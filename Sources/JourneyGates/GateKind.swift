/// What a side of a gate's comparison measures, which decides what it may be compared with.
///
/// A literal has one kind, from how it is written: `1000` a plain number, `2%` a ratio, `-1pp`
/// percentage points, `10m` a duration. A quantity accepts one or two kinds (``GateQuantity/kinds``):
/// `rejected` is a count with a plain number and a share of the records with a percentage.
package enum GateKind: Sendable, Hashable, CaseIterable {
  /// A count, or `p` (a probability): compared with a plain number.
  case number
  /// A share between 0 and 1: compared with a percentage (`2%` is 0.02).
  case ratio
  /// A change of a ratio: compared with percentage points (`-1pp` is −0.01).
  case points
  /// Seconds: compared with a duration (`90s`, `10m`, `2h`, `7d`).
  case duration

  /// How a literal of this kind is written, for error messages.
  package var literalDescription: String {
    switch self {
    case .number: "a plain number (e.g. 1000)"
    case .ratio: "a percentage (e.g. 2%)"
    case .points: "percentage points (e.g. -1pp)"
    case .duration: "a duration (e.g. 10m)"
    }
  }
}
