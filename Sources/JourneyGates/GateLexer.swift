/// Splits a `--fail-if` expression into tokens; columns count characters from 1.
///
/// Numbers: an optional `-`, digits with an optional fraction, then their unit with no space between:
/// none (a plain number), `%` (÷100), `pp` (percentage points, ÷100), or a duration unit of the
/// config (`ms`, `s`, `m`, `h`, `d`, `w` and their long forms: `90s`, `10m`, `2h`, `7d`).
/// Words: a letter or `_`, then letters, digits, `_`, `-`, `.` (`add-to-cart`). Quoted stage names:
/// `"add to cart"`, with `\"` and `\\`.
struct GateLexer {
  private let characters: [Character]
  private var index = 0

  init(_ text: String) {
    characters = Array(text)
  }

  /// Every token, the last one ``GateToken/Kind/end``; on a lexical error, the tokens before it, an
  /// `end` where it is, and the error, which the parser reports only if it gets there (so the
  /// leftmost error is the one reported).
  static func tokens(_ text: String) -> (tokens: [GateToken], error: GateSyntaxError?) {
    var lexer = GateLexer(text)
    var tokens: [GateToken] = []
    while true {
      do {
        let token = try lexer.next()
        tokens.append(token)
        if token.kind == .end { return (tokens, nil) }
      } catch {
        tokens.append(GateToken(kind: .end, column: error.column, text: ""))
        return (tokens, error)
      }
    }
  }

  private var column: Int { index + 1 }

  private func peek(_ offset: Int = 0) -> Character? {
    index + offset < characters.count ? characters[index + offset] : nil
  }

  mutating func next() throws(GateSyntaxError) -> GateToken {
    while let c = peek(), c.isWhitespace { index += 1 }
    let start = index
    guard let c = peek() else { return GateToken(kind: .end, column: column, text: "") }
    func token(_ kind: GateToken.Kind, length: Int) -> GateToken {
      index = start + length
      return GateToken(kind: kind, column: start + 1, text: String(characters[start..<index]))
    }
    switch c {
    case "(": return token(.leftParenthesis, length: 1)
    case ")": return token(.rightParenthesis, length: 1)
    case ",": return token(.comma, length: 1)
    case "<", ">", "=", "!":
      if peek(1) == "=" {
        let op: GateOperator = switch c {
        case "<": .lessOrEqual
        case ">": .greaterOrEqual
        case "=": .equal
        default: .notEqual
        }
        return token(.comparison(op), length: 2)
      }
      switch c {
      case "<": return token(.comparison(.less), length: 1)
      case ">": return token(.comparison(.greater), length: 1)
      case "=": return token(.equals, length: 1)
      default:
        throw GateSyntaxError(column: column, message: "expected '!=', found '!' alone")
      }
    case "\"": return try quoted()
    default: break
    }
    if c.isASCII && c.isNumber || c == "." || (c == "-" && (peek(1).map { $0.isASCII && ($0.isNumber || $0 == ".") } ?? false)) {
      return try number()
    }
    if c.isLetter || c == "_" {
      index += 1
      while let c = peek(), c.isLetter || c.isNumber || c == "_" || c == "-" || c == "." { index += 1 }
      let word = String(characters[start..<index])
      return GateToken(kind: .name(word), column: start + 1, text: word)
    }
    throw GateSyntaxError(column: column, message: "unexpected character '\(c)'")
  }

  private mutating func quoted() throws(GateSyntaxError) -> GateToken {
    let start = index
    index += 1
    var value = ""
    while let c = peek() {
      index += 1
      switch c {
      case "\"":
        return GateToken(kind: .string(value), column: start + 1, text: String(characters[start..<index]))
      case "\\":
        guard let escaped = peek(), escaped == "\"" || escaped == "\\" else {
          throw GateSyntaxError(column: index, message: "expected \\\" or \\\\ in a quoted stage name")
        }
        value.append(escaped)
        index += 1
      default: value.append(c)
      }
    }
    throw GateSyntaxError(column: start + 1, message: "expected a closing \" for the stage name that starts here")
  }

  private mutating func number() throws(GateSyntaxError) -> GateToken {
    let start = index
    if peek() == "-" { index += 1 }
    let digitsStart = index
    while let c = peek(), c.isASCII && c.isNumber { index += 1 }
    if peek() == ".", let after = peek(1), after.isASCII && after.isNumber {
      index += 1
      while let c = peek(), c.isASCII && c.isNumber { index += 1 }
    }
    let digits = String(characters[start..<index])
    guard index > digitsStart, let value = Double(digits) else {
      throw GateSyntaxError(column: start + 1, message: "expected a number like 2, 0.5 or 2%, found '\(characters[start])'")
    }
    let unitStart = index
    var kind = GateKind.number
    var scaled = value
    if peek() == "%" {
      index += 1
      kind = .ratio
      scaled = Double(digits + "e-2")!  // exact decimal scaling: 1.1% is the double nearest 0.011
    } else if let c = peek(), c.isLetter {
      while let c = peek(), c.isLetter { index += 1 }
      let unit = String(characters[unitStart..<index])
      if unit == "pp" {
        kind = .points
        scaled = Double(digits + "e-2")!
      } else if let seconds = Self.durationUnits[unit.lowercased()] {
        kind = .duration
        scaled = value * seconds
      } else {
        throw GateSyntaxError(
          column: unitStart + 1, message: "unknown unit '\(unit)' after \(digits); expected %, pp or a duration unit (ms, s, m, h, d, w)")
      }
    } else {
      // `2 %`: the unit belongs to its number; say so at the number rather than at a stray '%'.
      var ahead = index
      while ahead < characters.count, characters[ahead].isWhitespace { ahead += 1 }
      if ahead > index, ahead < characters.count {
        let rest = characters[ahead...]
        let unit: String? = rest.first == "%" ? "%" : rest.starts(with: ["p", "p"]) && (rest.dropFirst(2).first.map { !$0.isLetter } ?? true) ? "pp" : nil
        if let unit {
          throw GateSyntaxError(column: start + 1, message: "expected \(digits)\(unit), with no space before '\(unit)'")
        }
      }
    }
    if let c = peek(), c.isNumber || c == "." || c == "%" {
      throw GateSyntaxError(column: index + 1, message: "unexpected '\(c)' after \(String(characters[start..<index]))")
    }
    return GateToken(kind: .literal(scaled, kind), column: start + 1, text: String(characters[start..<index]))
  }

  /// Seconds per duration unit: the units of the config's durations (`sessions.timeout`, `within`).
  static let durationUnits: [String: Double] = {
    var units: [String: Double] = ["ms": 0.001]
    for name in ["s", "sec", "secs", "second", "seconds"] { units[name] = 1 }
    for name in ["m", "min", "mins", "minute", "minutes"] { units[name] = 60 }
    for name in ["h", "hr", "hour", "hours"] { units[name] = 3600 }
    for name in ["d", "day", "days"] { units[name] = 86_400 }
    for name in ["w", "week", "weeks"] { units[name] = 604_800 }
    return units
  }()
}
