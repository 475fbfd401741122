import JourneyModel
import Yams

/// `personas:` (SPEC §9): a list of `{name, <persona condition>}`; persona conditions are
/// `first_touch:` (a rule condition on one field), `did:` (a rule condition with `at_least`,
/// `at_most`, `within`), and `all` / `any` / `not` of persona conditions; several keys of one
/// mapping are ANDed, as in rule conditions.
extension ConfigParser {
  static let personaConditionKeys = ["first_touch", "did", "all", "any", "not"]
  static let didCountKeys = ["at_least", "at_most", "within"]
  static let maximumPersonas = 64

  func personas(_ node: Node) throws(JourneyError) -> [PersonaSettings] {
    var personas: [PersonaSettings] = []
    for (i, item) in try sequence(node, context: "personas").enumerated() {
      let context = "personas[\(i)]"
      // Membership is one bit per persona of a 64-bit word (the engine's PersonaEvaluator).
      guard i < Self.maximumPersonas else {
        throw error(item, "\(context): at most \(Self.maximumPersonas) personas; this is persona \(i + 1)")
      }
      let items = try entries(item, context: context)
      try checkKeys(items, allowed: ["name"] + Self.personaConditionKeys, context: "in \(context)")
      guard let nameNode = value(items, "name") else {
        throw error(item, "\(context) has no 'name'; expected a name such as 'Paid search'")
      }
      let name = try string(nameNode, context: "\(context).name")
      guard name.contains(where: { !$0.isWhitespace }) else {
        throw error(nameNode, "\(context).name is empty; expected a name such as 'Paid search'")
      }
      guard name != PersonaSettings.nobody else {
        throw error(nameNode, "\(context).name '\(name)' is the name of the users in no persona; choose another")
      }
      if let earlier = personas.first(where: { $0.name == name }) {
        throw error(nameNode, "persona '\(name)' is named twice (first at \(earlier.location?.description ?? "an earlier entry")); names must differ")
      }
      let rest = items.filter { $0.key != "name" }
      guard !rest.isEmpty else {
        throw error(item, "persona '\(name)' (\(context)) has no condition; expected one of: \(Self.personaConditionKeys.joined(separator: ", "))")
      }
      personas.append(
        PersonaSettings(
          name: name, condition: try personaParts(rest, node: item, context: context), location: location(item)))
    }
    return personas
  }

  func personaCondition(_ node: Node, context: String) throws(JourneyError) -> PersonaCondition {
    let items = try entries(node, context: context)
    try checkKeys(items, allowed: Self.personaConditionKeys, context: "in \(context)")
    guard !items.isEmpty else {
      throw error(node, "\(context) is an empty persona condition; expected one of: \(Self.personaConditionKeys.joined(separator: ", "))")
    }
    return try personaParts(items, node: node, context: context)
  }

  /// The persona-condition keys of one mapping, ANDed.
  func personaParts(_ items: [Entry], node: Node, context: String) throws(JourneyError) -> PersonaCondition {
    var parts: [PersonaCondition] = []
    for item in items {
      let name = "\(context).\(item.key)"
      switch item.key {
      case "first_touch":
        let condition = try self.condition(item.value, context: name)
        let fields = condition.fieldNames
        guard fields.count == 1 else {
          throw error(item.value, "\(name) tests the first value of one field; it reads \(fields.joined(separator: ", ")) (use 'all:' of several first_touch conditions)")
        }
        parts.append(.firstTouch(field: fields[0], condition))
      case "did":
        parts.append(.did(try did(item.value, context: name)))
      case "any", "all":
        let list = try sequence(item.value, context: name)
        guard !list.isEmpty else { throw error(item.value, "\(name) is empty; expected a list of persona conditions") }
        var children: [PersonaCondition] = []
        for (i, child) in list.enumerated() { children.append(try personaCondition(child, context: "\(name)[\(i)]")) }
        parts.append(item.key == "any" ? .any(children) : .all(children))
      case "not":
        parts.append(.not(try personaCondition(item.value, context: name)))
      default: break
      }
    }
    return parts.count == 1 ? parts[0] : .all(parts)
  }

  /// `did: {<rule condition>, at_least: N, at_most: M, within: 7d}`.
  func did(_ node: Node, context: String) throws(JourneyError) -> PersonaCondition.Did {
    let items = try entries(node, context: context)
    try checkKeys(items, allowed: Self.conditionKeys + Self.didCountKeys, context: "in \(context)")
    let conditionItems = items.filter { !Self.didCountKeys.contains($0.key) }
    guard !conditionItems.isEmpty else {
      throw error(node, "\(context) has no condition on the events it counts; expected one of: event, url, field with an operator, any, all, not")
    }
    var did = PersonaCondition.Did(condition: try conditionParts(conditionItems, node: node, context: context))
    if let count = value(items, "at_least") { did.atLeast = try positiveInt(count, context: "\(context).at_least") }
    if let count = value(items, "at_most") {
      guard case .scalar(let scalar) = count, let atMost = Int(scalar.string), atMost >= 0 else {
        throw error(count, "\(context).at_most expected a whole number ≥ 0, found \(describe(count))")
      }
      did.atMost = atMost
      // `at_most` alone means "did it at most N times": zero times included.
      if value(items, "at_least") == nil { did.atLeast = 0 }
      if atMost < did.atLeast {
        throw error(count, "\(context).at_most \(atMost) is below at_least \(did.atLeast): no user can match")
      }
    }
    if let window = value(items, "within") {
      let within = try duration(window, context: "\(context).within")
      guard within > 0 else { throw error(window, "\(context).within must be longer than 0") }
      did.within = within
    }
    return did
  }
}
