import JourneyGates
import JourneyModel
import Testing

/// The `--fail-if` language: what parses to what, and every error with its column.
@Suite struct GateParserTests {
  static func parse(_ text: String, for command: GateCommand = .report) throws -> GateExpression {
    try Gate.parse(text, for: command).expression
  }

  static func comparison(_ text: String, for command: GateCommand = .report) throws -> GateComparison {
    let expression = try parse(text, for: command)
    guard case .comparison(let comparison) = expression else {
      Issue.record("not one comparison: \(expression)")
      throw GateSyntaxError(column: 0, message: "")
    }
    return comparison
  }

  /// The message of the usage error for `text`, after `--fail-if 'TEXT': `.
  static func message(_ text: String, for command: GateCommand = .report) -> String? {
    do {
      _ = try Gate.parse(text, for: command)
      return nil
    } catch {
      #expect(error.kind == .usage)
      #expect(error.exitStatus == 1)
      let trimmed = text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()
      let prefix = "--fail-if '\(String(trimmed))': "  // the expression as quoted: trimmed
      #expect(error.description.hasPrefix(prefix), "\(error.description)")
      return String(error.description.dropFirst(prefix.count))
    }
  }

  static let purchase = GateStage("purchase", column: 12)

  @Test(arguments: [
    ("units < 1", GateOperator.less), ("units <= 1", .lessOrEqual), ("units > 1", .greater),
    ("units >= 1", .greaterOrEqual), ("units == 1", .equal), ("units != 1", .notEqual),
  ])
  func everyOperator(_ text: String, _ op: GateOperator) throws {
    let parsed = try Self.comparison(text)
    #expect(parsed == GateComparison(left: .quantity(.units), comparison: op, right: .literal(1, .number), kind: .number))
  }

  @Test(arguments: [
    ("units > 1000", 1000.0, GateKind.number), ("units > 0.5", 0.5, .number), ("units > -3", -3, .number),
    ("units > .5", 0.5, .number),
    ("rejected > 2%", 0.02, .ratio), ("rejected > 0.5%", 0.005, .ratio), ("rejected > 1.1%", 0.011, .ratio),
    ("median_time(cart) > 90s", 90, .duration), ("median_time(cart) > 10m", 600, .duration),
    ("median_time(cart) > 2h", 7200, .duration), ("median_time(cart) > 7d", 604_800, .duration),
    ("median_time(cart) > 500ms", 0.5, .duration), ("median_time(cart) > 1w", 604_800, .duration),
    ("median_time(cart) > 1.5min", 90, .duration), ("median_time(cart) > 2hours", 7200, .duration),
  ])
  func everyUnit(_ text: String, _ value: Double, _ kind: GateKind) throws {
    #expect(try Self.comparison(text).right == .literal(value, kind))
    #expect(try Self.comparison(text).kind == kind)
  }

  @Test func percentagePointsAndDeltaOnCompare() throws {
    let parsed = try Self.comparison("delta(conversion(purchase)) < -1pp", for: .compare)
    #expect(parsed.left == .quantity(.delta(.conversion(GateStage("purchase", column: 18), fromPrevious: false))))
    #expect(parsed.right == .literal(-0.01, .points))
    #expect(parsed.kind == .points)
    // `p` is bound to the gate's delta(conversion(…)) (see pIsBoundToTheGatesOneConversionChange).
    guard case .and(_, .comparison(let p)) = try Self.parse("delta(conversion(a)) < 0pp and p < 0.05", for: .compare) else {
      Issue.record("expected delta … and p …")
      return
    }
    #expect(p == GateComparison(left: .quantity(.p), comparison: .less, right: .literal(0.05, .number), kind: .number))
    #expect(try Self.comparison("delta(units) < -100", for: .compare).kind == .number)
    #expect(try Self.comparison("delta(median_time(cart)) > 5m", for: .compare).kind == .duration)
  }

  @Test func everyQuantity() throws {
    let stage = { (column: Int) in GateStage("purchase", column: column) }
    let cases: [(String, GateQuantity, GateKind, String)] = [
      ("conversion(purchase) < 2%", .conversion(stage(12), fromPrevious: false), .ratio, "conversion(purchase)"),
      ("conversion(purchase, from=previous) < 2%", .conversion(stage(12), fromPrevious: true), .ratio,
       "conversion(purchase, from=previous)"),
      ("conversion(purchase,from=start) < 2%", .conversion(stage(12), fromPrevious: false), .ratio, "conversion(purchase)"),
      ("dropped(purchase) > 5000", .dropped(stage(9)), .number, "dropped(purchase)"),
      ("units(purchase) < 10", .stageUnits(stage(7)), .number, "units(purchase)"),
      ("reach(purchase) < 10", .reach(stage(7)), .number, "reach(purchase)"),
      ("reach(purchase) < 10%", .reach(stage(7)), .ratio, "reach(purchase)"),
      ("median_time(purchase) > 10m", .medianTime(stage(13)), .duration, "median_time(purchase)"),
      ("units < 1000", .units, .number, "units"),
      ("events < 1000", .events, .number, "events"),
      ("rejected > 0.5%", .rejected, .ratio, "rejected"),
      ("rejected > 50", .rejected, .number, "rejected"),
    ]
    for (text, quantity, kind, written) in cases {
      let parsed = try Self.comparison(text)
      #expect(parsed.left == .quantity(quantity), "\(text)")
      #expect(parsed.kind == kind, "\(text)")
      #expect(quantity.text == written)
    }
  }

  @Test func quotedStagesAndQuantityOnTheRight() throws {
    let parsed = try Self.comparison(#"2% > conversion("add to \"cart\"")"#)
    #expect(parsed.left == .literal(0.02, .ratio))
    #expect(parsed.right == .quantity(.conversion(GateStage(#"add to "cart""#, column: 17), fromPrevious: false)))
    #expect(GateQuantity.conversion(GateStage(#"add to "cart""#, column: 17), fromPrevious: false).text == #"conversion("add to \"cart\"")"#)
    #expect(GateQuantity.stageUnits(GateStage("add-to-cart", column: 1)).text == "units(add-to-cart)")
    // Two quantities of one kind compare with each other.
    #expect(try Self.comparison("units(cart) < dropped(view)").kind == .number)
  }

  @Test func andBindsTighterThanOrAndParenthesesGroup() throws {
    let a = GateExpression.comparison(try Self.comparison("units < 1"))
    let b = GateExpression.comparison(try Self.comparison("events < 2"))
    let c = GateExpression.comparison(try Self.comparison("rejected > 3"))
    #expect(try Self.parse("units < 1 or events < 2 and rejected > 3") == .or(a, .and(b, c)))
    #expect(try Self.parse("units < 1 and events < 2 or rejected > 3") == .or(.and(a, b), c))
    #expect(try Self.parse("(units < 1 or events < 2) and rejected > 3") == .and(.or(a, b), c))
    #expect(try Self.parse("units < 1 or events < 2 or rejected > 3") == .or(.or(a, b), c))
    #expect(try Self.parse("((units < 1))") == a)
  }

  @Test func textIsTrimmed() throws {
    #expect(try Gate.parse("  units < 1 ", for: .report).text == "units < 1")
  }

  @Test(arguments: [
    // The lexer.
    ("conversion(purchase) < 2 %", "column 24: expected 2%, with no space before '%'"),
    ("delta(conversion(cart)) < -1 pp", "column 1: delta(…) needs journey compare (two reports); journey report has one"),
    ("units < 10 pp", "column 9: expected 10pp, with no space before 'pp'"),
    ("units < 3 and units(cart) < 2 %", "column 29: expected 2%, with no space before '%'"),
    ("units < 3 and units(cart < 2 %", "column 26: expected ')' after the stage, found <"),
    ("median_time(cart) > 10x", "column 23: unknown unit 'x' after 10; expected %, pp or a duration unit (ms, s, m, h, d, w)"),
    ("units < 2%%", "column 11: unexpected '%' after 2%"),
    ("units ! 3", "column 7: expected '!=', found '!' alone"),
    ("units < 3 # 4", "column 11: unexpected character '#'"),
    (#"units("cart) < 3"#, #"column 7: expected a closing " for the stage name that starts here"#),
    (#"units("ca\rt") < 3"#, #"column 10: expected \" or \\ in a quoted stage name"#),
    // The parser.
    ("", "column 1: expected a comparison like conversion(purchase) < 2%, found an empty expression"),
    ("units", "column 6: expected a comparison (<, <=, >, >=, ==, !=) after units, found the end of the expression"),
    ("units = 3", "column 7: expected a comparison (<, <=, >, >=, ==, !=), found '=' (write ==)"),
    // The message quotes the expression trimmed ("units <"), and its end is column 8.
    ("units < ", "column 8: expected a quantity (conversion(STAGE), units, rejected, …) or a value (2%, 1000, 10m), found the end of the expression"),
    ("units < 3 units < 4", "column 11: expected 'and', 'or' or the end of the expression, found 'units'"),
    ("units < 3 and", "column 14: expected a quantity (conversion(STAGE), units, rejected, …) or a value (2%, 1000, 10m), found the end of the expression"),
    ("(units < 3", "column 11: expected ')' to close the '(' at column 1, found the end of the expression"),
    ("units < 3)", "column 10: expected 'and', 'or' or the end of the expression, found )"),
    ("sales < 3", "column 1: unknown quantity 'sales'; expected one of conversion, dropped, units, reach, median_time, events, rejected, delta, p"),
    ("conversion < 3%", "column 12: expected '(' and a stage after conversion, found <"),
    ("conversion() < 3%", "column 12: expected a stage name (in \"…\" when it has spaces), found )"),
    ("conversion(cart, to=start) < 3%", "column 18: expected from=start or from=previous, found 'to'"),
    ("conversion(cart, from=next) < 3%", "column 23: expected start or previous after from=, found 'next'"),
    ("conversion(cart, from previous) < 3%", "column 23: expected '=' after from, found 'previous'"),
    ("units(cart, from=previous) < 3", "column 11: expected ')' after the stage, found ,"),
    ("events(cart) < 3", "column 7: events takes no stage; expected a comparison after it"),
    (#""cart" < 3"#, #"column 1: expected a quantity or a value; a quoted stage name goes inside a quantity, as in units("cart"), found "cart""#),
    ("2% < 3%", "column 1: expected a quantity on one side (conversion(STAGE), units, rejected, …); two values compare the same way every night"),
    ("p < 0.05", "column 1: p needs journey compare (two reports); journey report has one"),
    // Kinds.
    ("conversion(purchase) < 2", "column 24: conversion(purchase) compares with a percentage (e.g. 2%), not with a plain number (e.g. 1000)"),
    ("units < 2%", "column 9: units compares with a plain number (e.g. 1000), not with a percentage (e.g. 2%)"),
    ("10 < median_time(cart)", "column 1: median_time(cart) compares with a duration (e.g. 10m), not with a plain number (e.g. 1000)"),
    ("rejected > 10m", "column 12: rejected compares with a plain number (e.g. 1000) or a percentage (e.g. 2%), not with a duration (e.g. 10m)"),
    ("units < conversion(cart)", "column 9: units compares with a plain number (e.g. 1000), not with conversion(cart), which compares with a percentage (e.g. 2%)"),
  ])
  func errorsNameTheColumn(_ text: String, _ expected: String) {
    #expect(Self.message(text) == expected)
  }

  @Test(arguments: [
    ("delta(conversion(purchase)) < -1%", "column 31: delta(conversion(purchase)) compares with percentage points (e.g. -1pp), not with a percentage (e.g. 2%)"),
    ("delta(p) < 1", "column 7: expected a quantity of one report inside delta(…), found p"),
    ("delta(delta(units)) < 1", "column 7: expected a quantity of one report inside delta(…), found delta(units)"),
    ("delta(3) < 1", "column 7: expected a quantity inside delta(…), e.g. delta(conversion(purchase)), found 3"),
    ("delta(units < 1", "column 13: expected ')' to close delta(, found <"),
  ])
  func compareErrors(_ text: String, _ expected: String) {
    #expect(Self.message(text, for: .compare) == expected)
  }

  @Test func stagesAreCheckedAgainstTheConfig() throws {
    let stages = ["view", "add to cart", "purchase"]
    func check(_ text: String, stepsAreStages: Bool = true) -> String? {
      do {
        try Gate.parse(text, for: .compare).check(stages: stages, stepsAreStages: stepsAreStages)
        return nil
      } catch {
        #expect(error.kind == .usage)
        return error.description
      }
    }
    #expect(check(#"conversion(purchase) < 2% and units("add to cart") < 3"#) == nil)
    #expect(check("conversion(purhcase) < 2%") == #"--fail-if 'conversion(purhcase) < 2%': column 12: unknown stage 'purhcase'; did you mean 'purchase'?; the stages are view, "add to cart", purchase"#)
    #expect(check("units < 3 or delta(dropped(cart)) > 4") == #"--fail-if 'units < 3 or delta(dropped(cart)) > 4': column 28: unknown stage 'cart'; the stages are view, "add to cart", purchase"#)
    #expect(check("median_time(view) > 1h") == "--fail-if 'median_time(view) > 1h': column 13: view is the funnel's first step: it has no time from a previous step")
    #expect(check("delta(median_time(view)) > 1h") == "--fail-if 'delta(median_time(view)) > 1h': column 19: view is the funnel's first step: it has no time from a previous step")
    #expect(check("reach(purchase) < 3%", stepsAreStages: false) == nil)
    #expect(check("units(purchase) < 3", stepsAreStages: false) == "--fail-if 'units(purchase) < 3': column 7: units(purchase) needs a funnel of stages; with order: any its steps count stages (reach(purchase) names one)")
  }
}

/// Seeded random expressions from the language's own pieces: each parses or fails with a column
/// inside the text (or just after it), never crashes.
@Suite struct GateParserRandomTests {
  static let pieces = [
    "conversion(", "dropped(", "units(", "reach(", "median_time(", "units", "events", "rejected", "delta(", "p",
    "purchase", "\"add to cart\"", "\"", "\\", ")", "(", ",", "from", "=", "previous", "start", " and ", " or ",
    "<", "<=", ">", ">=", "==", "!=", "!", "2%", "-1pp", "10m", "90s", "1000", "0.05", ".5", "-", "%", "pp", " ",
    "x", "7d", "2 %", "é", "#",
    "units < 1000", "conversion(purchase) < 2%", "rejected > 0.5%", "median_time(cart) > 10m",
    "delta(conversion(cart)) < -1pp", "p < 0.05", "(events == 3 or units(cart) < 2)",
  ]

  @Test(arguments: [GateCommand.report, .compare])
  func randomExpressionsParseOrFailAtAColumn(_ command: GateCommand) {
    var random = SplitMix64(seed: command == .report ? 13 : 31)
    var parsed = 0
    for _ in 0..<5_000 {
      let count = Int(random.next() % 9) + 1
      var text = ""
      for _ in 0..<count { text += Self.pieces[Int(random.next() % UInt64(Self.pieces.count))] }
      if random.next() % 2 == 0, !text.isEmpty {  // or a piece with one character less
        var characters = Array(text)
        characters.remove(at: Int(random.next() % UInt64(characters.count)))
        text = String(characters)
      }
      do {
        let gate = try Gate.parse(text, for: command)
        parsed += 1
        #expect(!gate.expression.comparisons.isEmpty)
      } catch {
        // Messages quote the expression without surrounding whitespace; columns count in it.
        var trimmed = Substring(text)
        while trimmed.first?.isWhitespace == true { trimmed = trimmed.dropFirst() }
        while trimmed.last?.isWhitespace == true { trimmed = trimmed.dropLast() }
        let prefix = "--fail-if '\(trimmed)': column "
        #expect(error.description.hasPrefix(prefix), "\(error.description)")
        let column = Int(error.description.dropFirst(prefix.count).prefix { $0.isNumber }) ?? 0
        #expect((1...trimmed.count + 1).contains(column), "\(error.description)")
      }
    }
    #expect(parsed > 20, "the generator makes some valid expressions (\(parsed))")
  }
}

extension GateParserTests {
  /// `p` is the p-value of the gate's one change of a conversion.
  @Test func pIsBoundToTheGatesOneConversionChange() throws {
    let gate = try Gate.parse("delta(conversion(purchase)) < -1pp and p < 0.05", for: .compare)
    #expect(gate.pSubject?.text == "conversion(purchase)")
    let twice = try Gate.parse(
      "delta(conversion(purchase)) < -1pp and p < 0.05 or delta(conversion(purchase)) < -5pp", for: .compare)
    #expect(twice.pSubject?.text == "conversion(purchase)", "the same change twice is one")
    let previous = try Gate.parse("p < 5% and delta(conversion(cart, from=previous)) < 0pp", for: .compare)
    #expect(previous.pSubject?.text == "conversion(cart, from=previous)")
    #expect(try Gate.parse("delta(units) < 0", for: .compare).pSubject == nil)
    #expect(
      Self.message("delta(units) < 0 and p < 0.05", for: .compare)
        == "column 22: p is the p-value of the gate's one change of a conversion, delta(conversion(…)); found none")
    #expect(
      Self.message("delta(conversion(a)) < 0pp and delta(conversion(b)) < 0pp and p < 0.05", for: .compare)
        == "column 63: p is the p-value of the gate's one change of a conversion, delta(conversion(…)); found delta(conversion(a)), delta(conversion(b))")
    #expect(Self.message("conversion(p) < 2%", for: .compare) == nil, "a stage named p is no p")
  }
}
