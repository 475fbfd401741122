public import JourneyModel

/// One `--fail-if` gate: a condition on a report's quantities that, when it holds, fails the run
/// (exit status 4) after every output is written (SPEC §10).
///
/// The grammar (words are case-sensitive; spaces between tokens are free, none inside a number
/// and its unit):
///
///     gate       := or
///     or         := and ("or" and)*
///     and        := comparison ("and" comparison)*
///     comparison := "(" or ")" | value OP value          -- at least one side a quantity
///     OP         := "<" | "<=" | ">" | ">=" | "==" | "!="
///     value      := NUMBER | quantity
///     NUMBER     := ["-"] digits ["." digits] [unit]     -- 1000, 0.05, 2%, -1pp, 90s, 10m, 2h, 7d
///     unit       := "%" | "pp" | ms | s | m | h | d | w   -- and the config's long forms (min, hours, …)
///     quantity   := "conversion" "(" STAGE ["," "from" "=" ("start" | "previous")] ")"
///                 | "dropped" "(" STAGE ")" | "units" "(" STAGE ")" | "reach" "(" STAGE ")"
///                 | "median_time" "(" STAGE ")"
///                 | "units" | "events" | "rejected"
///                 | "delta" "(" quantity ")" | "p"      -- journey compare only
///     STAGE      := WORD | '"' chars '"'                 -- a stage of the config; \" and \\ in quotes
///
/// `and` binds tighter than `or`. Both sides of a comparison measure the same kind (``GateKind``):
/// a percentage with a ratio (`conversion`, `reach` and `rejected` as shares), percentage points
/// with the change of a ratio (`delta(conversion(…))`), a duration with `median_time`, a plain
/// number with counts and `p`; anything else is an error naming the column.
///
/// A gate whose quantities include an undefined one (a conversion of a funnel no unit entered, the
/// median time of a step no unit reached) fails: a nightly job must not pass on missing data.
public struct Gate: Sendable, Hashable {
  /// The expression as given (trimmed), repeated in messages.
  public var text: String
  package var expression: GateExpression
  /// What `p` is the p-value of: the one conversion whose change the gate reads
  /// (`delta(conversion(purchase)) < -1pp and p < 0.05`); nil when the gate has no `p`.
  package var pSubject: GateQuantity?

  /// Parses `text` once, before any input is read; a bad expression is the usage error
  /// `--fail-if 'TEXT': column N: expected …` (exit 1).
  public static func parse(_ text: String, for command: GateCommand) throws(JourneyError) -> Gate {
    // Columns count in the trimmed text, the one every message quotes (the stage checks run later,
    // on the gate's text).
    let trimmed = text.trimmingWhitespace
    do {
      var gate = Gate(text: trimmed, expression: try GateParser.parse(trimmed, for: command))
      try gate.bindP()
      return gate
    } catch {
      throw usageError(trimmed, error)
    }
  }

  /// Binds `p` to the conversion whose change the gate reads: exactly one distinct
  /// `delta(conversion(…))`, else an error at `p`'s column.
  private mutating func bindP() throws(GateSyntaxError) {
    guard quantities.contains(.p) else { return }
    var subjects: [GateQuantity] = []
    for quantity in quantities {
      if case .delta(let inner) = quantity, case .conversion = inner, !subjects.contains(where: { $0.text == inner.text }) {
        subjects.append(inner)
      }
    }
    guard subjects.count == 1 else {
      let found = subjects.isEmpty ? "none" : subjects.map { "delta(\($0.text))" }.joined(separator: ", ")
      throw GateSyntaxError(
        column: Self.pColumn(text),
        message: "p is the p-value of the gate's one change of a conversion, delta(conversion(…)); found \(found)")
    }
    pSubject = subjects[0]
  }

  /// The column of the quantity `p` (a word `p` that is not a stage name inside parentheses).
  private static func pColumn(_ text: String) -> Int {
    let tokens = GateLexer.tokens(text).tokens
    for (index, token) in tokens.enumerated() where token.kind == .name("p") {
      let previous = index > 0 ? tokens[index - 1].kind : nil
      if previous != .leftParenthesis && previous != .comma { return token.column }
    }
    return 1
  }

  private static func usageError(_ text: String, _ error: GateSyntaxError) -> JourneyError {
    JourneyError(kind: .usage, message: "--fail-if '\(text)': column \(error.column): \(error.message)")
  }

  /// Checks every stage the gate names against the config's `stages` (in funnel order), once the
  /// config is known and before the input is read. With `order: any` (`stepsAreStages` false) the
  /// funnel's steps count stages, so only `reach(…)` names one.
  public func check(stages: [String], stepsAreStages: Bool) throws(JourneyError) {
    for quantity in quantities {
      guard let stage = quantity.stage else { continue }
      guard let index = stages.firstIndex(of: stage.name) else {
        let known = stages.map { GateStage($0, column: 0).written }.joined(separator: ", ")
        throw Self.usageError(
          text, GateSyntaxError(
            column: stage.column,
            message: "unknown stage '\(stage.name)'\(Suggestion.hint(for: stage.name, in: stages)); the stages are \(known)"))
      }
      if quantity.readsFunnelStep, !stepsAreStages {
        throw Self.usageError(
          text,
          GateSyntaxError(
            column: stage.column,
            message: "\(quantity.text) needs a funnel of stages; with order: any its steps count stages (reach(\(stage.written)) names one)"))
      }
      var innermost = quantity
      while case .delta(let inner) = innermost { innermost = inner }
      if case .medianTime = innermost, index == 0 {
        throw Self.usageError(
          text,
          GateSyntaxError(
            column: stage.column, message: "\(stage.written) is the funnel's first step: it has no time from a previous step"))
      }
    }
  }

  /// Every quantity the gate reads, left to right, `delta`'s inner one through it.
  private var quantities: [GateQuantity] {
    expression.comparisons.flatMap { comparison in
      [comparison.left, comparison.right].compactMap { operand in
        if case .quantity(let quantity) = operand { quantity } else { nil }
      }
    }
  }

  /// Whether the gate fails on `source`, with every reading it made (each quantity once, in order).
  ///
  /// Every comparison is evaluated (no short cut), so the failure line shows all the values.
  package func evaluate(_ source: some GateQuantities) -> GateOutcome {
    var readings: [GateOutcome.Reading] = []
    func read(_ operand: GateOperand, as kind: GateKind) -> Double? {
      switch operand {
      case .literal(let value, _): return value
      case .quantity(let quantity):
        let reading =
          quantity == .p
          ? pSubject.map { source.pValue(of: $0) } ?? .undefined("no delta(conversion(…)) to test")
          : source.reading(of: quantity, as: kind)
        // Once per quantity as written (the same quantity at two columns is one value).
        if !readings.contains(where: { $0.quantity.text == quantity.text && $0.kind == kind }) {
          readings.append(.init(quantity: quantity, kind: kind, reading: reading))
        }
        if case .value(let value) = reading { return value }
        return nil
      }
    }
    func holds(_ expression: GateExpression) -> Bool {
      switch expression {
      case .comparison(let comparison):
        let left = read(comparison.left, as: comparison.kind)
        let right = read(comparison.right, as: comparison.kind)
        guard let left, let right else { return true }
        return comparison.comparison.holds(left, right)
      case .and(let left, let right):
        let l = holds(left)
        let r = holds(right)
        return l && r
      case .or(let left, let right):
        let l = holds(left)
        let r = holds(right)
        return l || r
      }
    }
    let held = holds(expression)
    let undefined = readings.contains { if case .undefined = $0.reading { true } else { false } }
    return GateOutcome(text: text, failed: held || undefined, readings: readings)
  }
}

extension String {
  fileprivate var trimmingWhitespace: String {
    var text = Substring(self)
    while text.first?.isWhitespace == true { text = text.dropFirst() }
    while text.last?.isWhitespace == true { text = text.dropLast() }
    return String(text)
  }
}
