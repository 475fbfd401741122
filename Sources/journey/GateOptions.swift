import ArgumentParser
import JourneyGates
import JourneyModel

/// `--fail-if EXPR` (repeatable): the gates of a nightly job (SPEC §10), for `report` and `compare`.
struct GateOptions: ParsableArguments {
  // `.unconditional`: an expression may start with `-` (`-1pp > delta(…)`).
  @Option(
    name: .customLong("fail-if"), parsing: .unconditionalSingleValue,
    help: ArgumentHelp(
      "After writing every output, exit 4 when this holds, e.g. 'conversion(purchase) < 2%' (repeatable; see the README's gates).",
      valueName: "expr"))
  var failIf: [String] = []

  /// Every gate, parsed before anything is read; the first bad one is a usage error naming its column.
  func gates(for command: GateCommand) throws(JourneyError) -> [Gate] {
    var gates: [Gate] = []
    for text in failIf { gates.append(try Gate.parse(text, for: command)) }
    return gates
  }

  /// Evaluates the gates on `source` and prints one `gate failed: …` line per failed gate on stderr
  /// (even with `--quiet`: they are the run's result); returns whether any failed.
  static func report(_ gates: [Gate], on source: some GateQuantities) -> Bool {
    var failed = false
    for gate in gates {
      if let line = gate.evaluate(source).line {
        Diagnostics.raw(line)
        failed = true
      }
    }
    return failed
  }

  /// The exit status of a run whose gates failed.
  static let failedStatus = ExitCode(4)
}
