/// The command a gate runs under: `delta(…)` and `p` need two reports.
public enum GateCommand: Sendable, Hashable {
  case report
  case compare
}
