import JourneyModel
import Yams

/// Rules and conditions: `{stage: purchase, event: Order Completed}`, `any:`, `all:`, `not:`, field operators.
extension ConfigParser {
  static let conditionKeys = ["event", "url", "field", "any", "all", "not"] + FieldOperator.names

  func rule(_ node: Node, index: Int, stages: [String]) throws(JourneyError) -> Rule {
    let context = "rules[\(index)]"
    let items = try entries(node, context: context)
    try checkKeys(items, allowed: ["stage"] + Self.conditionKeys, context: "in \(context)")
    guard let stageNode = value(items, "stage") else {
      throw error(node, "\(context) has no 'stage'; expected a stage from stages: \(stages.joined(separator: ", "))")
    }
    let stage = try string(stageNode, context: "\(context).stage")
    guard stages.contains(stage) else {
      throw error(stageNode, "unknown stage '\(stage)' in \(context)\(Suggestion.hint(for: stage, in: stages)); stages are: \(stages.joined(separator: ", "))")
    }
    let rest = items.filter { $0.key != "stage" }
    guard !rest.isEmpty else {
      throw error(node, "\(context) has no condition; expected one of: event, url, field with an operator, any, all, not")
    }
    return Rule(stage: stage, condition: try conditionParts(rest, node: node, context: context), location: location(node))
  }

  func condition(_ node: Node, context: String) throws(JourneyError) -> Condition {
    let items = try entries(node, context: context)
    try checkKeys(items, allowed: Self.conditionKeys, context: "in \(context)")
    guard !items.isEmpty else {
      throw error(node, "\(context) is an empty condition; expected one of: event, url, field with an operator, any, all, not")
    }
    return try conditionParts(items, node: node, context: context)
  }

  /// The keys of one mapping, ANDed.
  func conditionParts(_ items: [Entry], node: Node, context: String) throws(JourneyError) -> Condition {
    var parts: [Condition] = []
    let operators = items.filter { FieldOperator.names.contains($0.key) }
    let fieldEntry = items.first { $0.key == "field" }
    if fieldEntry == nil, let first = operators.first {
      throw error(first.keyNode, "'\(first.key)' in \(context) needs a 'field' to test")
    }
    for item in items {
      switch item.key {
      case "event":
        guard let field = eventField else {
          throw error(item.keyNode, "'event:' in \(context) needs input.fields.event (which field holds the event name)")
        }
        parts.append(try shorthand(item, field: field, glob: false))
      case "url":
        guard let field = urlField else {
          throw error(item.keyNode, "'url:' in \(context) needs input.fields.url (which field holds the URL)")
        }
        parts.append(try shorthand(item, field: field, glob: true))
      case "field":
        let field = try string(item.value, context: "\(context).field")
        guard let op = operators.first else {
          throw error(item.keyNode, "field '\(field)' in \(context) needs an operator: one of \(FieldOperator.names.joined(separator: ", "))")
        }
        guard operators.count == 1 else {
          throw error(operators[1].keyNode, "field '\(field)' in \(context) has several operators (\(operators.map(\.key).joined(separator: ", "))); use 'all:' for more than one test")
        }
        parts.append(.test(FieldTest(field: field, op: try fieldOperator(op, context: context), location: location(item.keyNode))))
      case "any", "all":
        var children: [Condition] = []
        let list = try sequence(item.value, context: "\(context).\(item.key)")
        guard !list.isEmpty else { throw error(item.value, "\(context).\(item.key) is empty; expected a list of conditions") }
        for (i, child) in list.enumerated() {
          children.append(try condition(child, context: "\(context).\(item.key)[\(i)]"))
        }
        parts.append(item.key == "any" ? .any(children) : .all(children))
      case "not":
        parts.append(.not(try condition(item.value, context: "\(context).not")))
      default: break  // operators, read with `field`
      }
    }
    return parts.count == 1 ? parts[0] : .all(parts)
  }

  /// `event: X` (equals), `event: [X, Y]` (in); `url: G` (glob), `url: [G, H]` (any glob).
  func shorthand(_ item: Entry, field: String, glob: Bool) throws(JourneyError) -> Condition {
    let at = location(item.value)
    let values = try stringList(item.value, context: item.key)
    guard !values.isEmpty else { throw error(item.value, "'\(item.key):' expected a value or a list of values, found \(describe(item.value))") }
    if glob {
      var tests: [Condition] = []
      for value in values {
        guard GlobPattern(value) != nil else { throw error(item.value, "bad glob '\(value)': '[' without ']'") }
        tests.append(.test(FieldTest(field: field, op: .glob(value), location: at)))
      }
      return tests.count == 1 ? tests[0] : .any(tests)
    }
    if case .scalar = item.value { return .test(FieldTest(field: field, op: .equals(values[0]), location: at)) }
    return .test(FieldTest(field: field, op: .in(values), location: at))
  }

  func fieldOperator(_ item: Entry, context: String) throws(JourneyError) -> FieldOperator {
    let name = "\(context).\(item.key)"
    switch item.key {
    case "equals": return .equals(try string(item.value, context: name))
    case "in": return .in(try stringList(item.value, context: name))
    case "glob":
      let pattern = try string(item.value, context: name)
      guard GlobPattern(pattern) != nil else { throw error(item.value, "bad glob '\(pattern)' in \(context): '[' without ']'") }
      return .glob(pattern)
    case "regex":
      let pattern = try string(item.value, context: name)
      do {
        _ = try RE2Regex(pattern)
      } catch {
        throw self.error(item.value, "bad regex '\(pattern)' in \(context): \(error)")
      }
      return .regex(pattern)
    case "prefix": return .prefix(try string(item.value, context: name))
    case "suffix": return .suffix(try string(item.value, context: name))
    case "contains": return .contains(try string(item.value, context: name))
    case "exists": return .exists(try bool(item.value, context: name))
    case "gt": return .gt(try number(item.value, context: name))
    case "gte": return .gte(try number(item.value, context: name))
    case "lt": return .lt(try number(item.value, context: name))
    case "lte": return .lte(try number(item.value, context: name))
    default: throw error(item.keyNode, "unknown operator '\(item.key)' in \(context)\(Suggestion.hint(for: item.key, in: FieldOperator.names))")
    }
  }
}
