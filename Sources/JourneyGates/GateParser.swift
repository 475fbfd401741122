/// A recursive-descent parser of `--fail-if` expressions (the grammar is ``Gate``'s), which also
/// checks that both sides of each comparison measure the same kind.
struct GateParser {
  private let tokens: [GateToken]
  private var position = 0
  private let command: GateCommand
  /// The lexer's error, where the tokens end early; reported when the parser reaches that end.
  private let lexicalError: GateSyntaxError?

  init(tokens: [GateToken], lexicalError: GateSyntaxError?, command: GateCommand) {
    self.tokens = tokens
    self.lexicalError = lexicalError
    self.command = command
  }

  static func parse(_ text: String, for command: GateCommand) throws(GateSyntaxError) -> GateExpression {
    let lexed = GateLexer.tokens(text)
    var parser = GateParser(tokens: lexed.tokens, lexicalError: lexed.error, command: command)
    if parser.current.kind == .end {
      throw lexed.error
        ?? GateSyntaxError(column: 1, message: "expected a comparison like conversion(purchase) < 2%, found an empty expression")
    }
    let expression = try parser.parseOr()
    if let error = lexed.error { throw error }
    guard parser.current.kind == .end else {
      throw parser.expected("'and', 'or' or the end of the expression")
    }
    return expression
  }

  private var current: GateToken { tokens[position] }

  private mutating func advance() -> GateToken {
    let token = tokens[position]
    if position < tokens.count - 1 { position += 1 }
    return token
  }

  private func expected(_ what: String, at token: GateToken? = nil) -> GateSyntaxError {
    let token = token ?? current
    if token.kind == .end, let lexicalError { return lexicalError }
    return GateSyntaxError(column: token.column, message: "expected \(what), found \(token.described)")
  }

  private func isWord(_ word: String) -> Bool {
    if case .name(let name) = current.kind { return name == word }
    return false
  }

  // or := and ("or" and)*
  private mutating func parseOr() throws(GateSyntaxError) -> GateExpression {
    var expression = try parseAnd()
    while isWord("or") {
      _ = advance()
      expression = .or(expression, try parseAnd())
    }
    return expression
  }

  // and := comparison ("and" comparison)*
  private mutating func parseAnd() throws(GateSyntaxError) -> GateExpression {
    var expression = try parseComparison()
    while isWord("and") {
      _ = advance()
      expression = .and(expression, try parseComparison())
    }
    return expression
  }

  // comparison := "(" or ")" | value OP value
  private mutating func parseComparison() throws(GateSyntaxError) -> GateExpression {
    if current.kind == .leftParenthesis {
      let open = advance()
      let inner = try parseOr()
      guard current.kind == .rightParenthesis else {
        throw expected("')' to close the '(' at column \(open.column)")
      }
      _ = advance()
      return inner
    }
    let leftToken = current
    let left = try parseValue()
    let comparison: GateOperator
    switch current.kind {
    case .comparison(let op):
      comparison = op
      _ = advance()
    case .equals:
      throw GateSyntaxError(column: current.column, message: "expected a comparison (<, <=, >, >=, ==, !=), found '=' (write ==)")
    default:
      let leftText = if case .quantity(let quantity) = left { quantity.text } else { leftToken.text }
      throw expected("a comparison (<, <=, >, >=, ==, !=) after \(leftText)")
    }
    let rightToken = current
    let right = try parseValue()
    return .comparison(try Self.typed(left, comparison, right, leftColumn: leftToken.column, rightColumn: rightToken.column))
  }

  /// The comparison with its kind, or an error at the side that does not fit.
  static func typed(
    _ left: GateOperand, _ comparison: GateOperator, _ right: GateOperand, leftColumn: Int, rightColumn: Int
  ) throws(GateSyntaxError) -> GateComparison {
    // The quantity whose kinds decide, the other side, and the other side's column (the one to change).
    let (quantity, other, column): (GateQuantity, GateOperand, Int)
    switch (left, right) {
    case (.quantity(let q), _): (quantity, other, column) = (q, right, rightColumn)
    case (_, .quantity(let q)): (quantity, other, column) = (q, left, leftColumn)
    case (.literal, .literal):
      throw GateSyntaxError(
        column: leftColumn, message: "expected a quantity on one side (conversion(STAGE), units, rejected, …); two values compare the same way every night")
    }
    guard let kind = left.kinds.first(where: right.kinds.contains) else {
      let takes = quantity.kinds.map(\.literalDescription).joined(separator: " or ")
      let found: String
      switch other {
      case .literal(_, let kind): found = kind.literalDescription
      case .quantity(let q): found = "\(q.text), which compares with \(q.kinds.map(\.literalDescription).joined(separator: " or "))"
      }
      throw GateSyntaxError(column: column, message: "\(quantity.text) compares with \(takes), not with \(found)")
    }
    return GateComparison(left: left, comparison: comparison, right: right, kind: kind)
  }

  // value := NUMBER | quantity
  private mutating func parseValue() throws(GateSyntaxError) -> GateOperand {
    switch current.kind {
    case .literal(let value, let kind):
      _ = advance()
      return .literal(value, kind)
    case .name:
      return .quantity(try parseQuantity())
    case .string:
      throw expected("a quantity or a value; a quoted stage name goes inside a quantity, as in units(\(current.text))")
    default:
      throw expected("a quantity (conversion(STAGE), units, rejected, …) or a value (2%, 1000, 10m)")
    }
  }

  static let quantityNames = "conversion, dropped, units, reach, median_time, events, rejected, delta, p"

  // quantity := NAME "(" STAGE ["," "from" "=" ("start" | "previous")] ")" | NAME | "delta" "(" quantity ")"
  private mutating func parseQuantity() throws(GateSyntaxError) -> GateQuantity {
    let nameToken = advance()
    guard case .name(let name) = nameToken.kind else { throw expected("a quantity", at: nameToken) }
    if command == .report, name == "delta" || name == "p" {
      let what = name == "delta" ? "delta(…)" : "p"
      throw GateSyntaxError(
        column: nameToken.column, message: "\(what) needs journey compare (two reports); journey report has one")
    }
    switch name {
    case "units" where current.kind != .leftParenthesis: return .units
    case "events", "rejected", "p":
      if current.kind == .leftParenthesis {
        throw GateSyntaxError(column: current.column, message: "\(name) takes no stage; expected a comparison after it")
      }
      return name == "events" ? .events : name == "rejected" ? .rejected : .p
    case "delta":
      try expect(.leftParenthesis, "'(' after delta")
      let innerToken = current
      guard case .name = innerToken.kind else {
        throw expected("a quantity inside delta(…), e.g. delta(conversion(purchase))")
      }
      let inner = try parseQuantity()
      if inner.needsComparison {
        throw GateSyntaxError(column: innerToken.column, message: "expected a quantity of one report inside delta(…), found \(inner.text)")
      }
      try expect(.rightParenthesis, "')' to close delta(")
      return .delta(inner)
    case "conversion", "dropped", "units", "reach", "median_time":
      try expect(.leftParenthesis, "'(' and a stage after \(name)")
      let stage = try parseStage()
      var fromPrevious = false
      if name == "conversion", current.kind == .comma {
        _ = advance()
        guard isWord("from") else { throw expected("from=start or from=previous") }
        _ = advance()
        try expect(.equals, "'=' after from")
        if isWord("previous") {
          fromPrevious = true
        } else if !isWord("start") {
          throw expected("start or previous after from=")
        }
        _ = advance()
      }
      try expect(.rightParenthesis, "')' after the stage")
      switch name {
      case "conversion": return .conversion(stage, fromPrevious: fromPrevious)
      case "dropped": return .dropped(stage)
      case "units": return .stageUnits(stage)
      case "reach": return .reach(stage)
      default: return .medianTime(stage)
      }
    default:
      throw GateSyntaxError(column: nameToken.column, message: "unknown quantity '\(name)'; expected one of \(Self.quantityNames)")
    }
  }

  private mutating func parseStage() throws(GateSyntaxError) -> GateStage {
    switch current.kind {
    case .name(let name), .string(let name):
      let token = advance()
      return GateStage(name, column: token.column)
    default:
      throw expected("a stage name (in \"…\" when it has spaces)")
    }
  }

  private mutating func expect(_ kind: GateToken.Kind, _ what: String) throws(GateSyntaxError) {
    guard current.kind == kind else { throw expected(what) }
    _ = advance()
  }
}
