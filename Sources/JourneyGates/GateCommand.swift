/// The command a gate runs under: `delta(…)` and `p` need two reports.
package enum GateCommand: Sendable, Hashable {
  case report
  case compare
}
