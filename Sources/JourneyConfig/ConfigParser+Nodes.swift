import Foundation
import JourneyModel
import Yams

/// Reading typed values out of YAML nodes, with errors that point at the node.
extension ConfigParser {
  func location(_ node: Node) -> SourceLocation {
    let mark = node.mark
    return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
  }

  func error(_ node: Node, _ message: String) -> JourneyError {
    JourneyError(kind: .config, location: location(node).description, message: message)
  }

  func syntaxError(_ error: YamlError) -> JourneyError {
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let detail = context.map { " (\($0.text))" } ?? ""
      return JourneyError(kind: .config, location: "\(file):\(mark.line):\(mark.column)", message: "YAML syntax error: \(problem)\(detail)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      // The mark is the key's first occurrence (Yams's `context.text` is the whole document).
      let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
      return JourneyError(
        kind: .config, location: "\(file):\(context.mark.line):\(context.mark.column)",
        message: "duplicate key \(keys) in one mapping; write each key once")
    case .reader(let problem, _, _, _):
      return JourneyError(kind: .config, location: file, message: "cannot read the YAML: \(problem)")
    default:
      return JourneyError(kind: .config, location: file, message: "cannot parse the YAML: \(error)")
    }
  }

  /// What a node is, for "found …" in messages.
  func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let scalar): isNull(node) ? "null" : "'\(scalar.string)'"
    case .mapping: "a mapping"
    case .sequence: "a list"
    case .alias: "an alias"
    }
  }

  func isNull(_ node: Node) -> Bool {
    guard case .scalar(let scalar) = node else { return false }
    return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
  }

  func scalarText(_ node: Node) -> String {
    if case .scalar(let scalar) = node { return scalar.string }
    return describe(node)
  }

  /// The keys of a mapping in order; duplicate and non-scalar keys are errors.
  func entries(_ node: Node, context: String) throws(JourneyError) -> [Entry] {
    guard case .mapping(let mapping) = node else {
      throw error(node, "\(context) expected a mapping of keys, found \(describe(node))")
    }
    var result: [Entry] = []
    for (key, value) in mapping {
      guard case .scalar(let scalar) = key else { throw error(key, "\(context): expected a plain key, found \(describe(key))") }
      if result.contains(where: { $0.key == scalar.string }) {
        throw error(key, "duplicate key '\(scalar.string)' in \(context)")
      }
      if case .alias = value { throw error(value, "YAML aliases are not supported in configs") }
      result.append(Entry(key: scalar.string, keyNode: key, value: value))
    }
    return result
  }

  func value(_ items: [Entry], _ key: String) -> Node? { items.first { $0.key == key }?.value }
  func key(_ items: [Entry], _ key: String) -> Node? { items.first { $0.key == key }?.keyNode }

  func checkKeys(_ items: [Entry], allowed: [String], context: String) throws(JourneyError) {
    for item in items where !allowed.contains(item.key) {
      throw error(item.keyNode, "unknown key '\(item.key)' \(context)\(Suggestion.hint(for: item.key, in: allowed)); expected one of: \(allowed.joined(separator: ", "))")
    }
  }

  func sequence(_ node: Node, context: String) throws(JourneyError) -> [Node] {
    if isNull(node) { return [] }
    guard case .sequence(let items) = node else { throw error(node, "\(context) expected a list, found \(describe(node))") }
    return Array(items)
  }

  func string(_ node: Node, context: String) throws(JourneyError) -> String {
    guard case .scalar(let scalar) = node, !isNull(node) else {
      throw error(node, "\(context) expected a text value, found \(describe(node))")
    }
    return scalar.string
  }

  func optionalString(_ node: Node, context: String) throws(JourneyError) -> String? {
    if isNull(node) { return nil }
    let text = try string(node, context: context)
    return text.isEmpty ? nil : text
  }

  /// A single text or a list of texts.
  func stringList(_ node: Node, context: String) throws(JourneyError) -> [String] {
    if isNull(node) { return [] }
    if case .scalar = node { return [try string(node, context: context)] }
    var result: [String] = []
    for (i, item) in try sequence(node, context: context).enumerated() {
      result.append(try string(item, context: "\(context)[\(i)]"))
    }
    return result
  }

  func bool(_ node: Node, context: String) throws(JourneyError) -> Bool {
    guard case .scalar(let scalar) = node else { throw error(node, "\(context) expected true or false, found \(describe(node))") }
    switch scalar.string.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default: throw error(node, "\(context) expected true or false, found '\(scalar.string)'")
    }
  }

  func number(_ node: Node, context: String) throws(JourneyError) -> Double {
    guard case .scalar(let scalar) = node, let value = Double(scalar.string.replacingOccurrences(of: "_", with: "")),
      value.isFinite
    else { throw error(node, "\(context) expected a number, found \(describe(node))") }
    return value
  }

  func positiveInt(_ node: Node, context: String) throws(JourneyError) -> Int {
    guard case .scalar(let scalar) = node, let value = Int(scalar.string), value > 0 else {
      throw error(node, "\(context) expected a positive whole number, found \(describe(node))")
    }
    return value
  }

  func duration(_ node: Node, context: String) throws(JourneyError) -> Microseconds {
    guard case .scalar(let scalar) = node, !isNull(node), let value = ConfigLoader.durationMicroseconds(scalar.string) else {
      if case .scalar(let scalar) = node, let suggestion = ConfigLoader.unitSuggestion(scalar.string) {
        throw error(node, "duration \(describe(node)) for \(context) has no unit; did you mean \(suggestion)?")
      }
      throw error(node, "bad duration \(describe(node)) for \(context); expected a number and a unit, such as 90s, 30m, 2h, 7d or 500ms")
    }
    return value
  }

  /// One of an enum's cases, by its exact name; the message lists the names in declaration order.
  func choice<Value: RawRepresentable & CaseIterable>(_ node: Node, context: String) throws(JourneyError) -> Value
  where Value.RawValue == String {
    let text = try string(node, context: context)
    guard let value = Value(rawValue: text) else {
      let choices = Value.allCases.map(\.rawValue)
      throw error(node, "\(context) must be one of \(choices.joined(separator: ", ")), found '\(text)'\(Suggestion.hint(for: text, in: choices))")
    }
    return value
  }
}
