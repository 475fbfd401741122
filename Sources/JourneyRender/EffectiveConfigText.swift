import JourneyReports

/// The report's effective config (every setting, defaults included) as YAML-like text for the HTML
/// page: the keys of the config file, in the file's usual order at the top and sorted below it
/// (after `name`, `stage` and `field`, which say what an entry is).
///
/// Strings are quoted (JSON style) only where plain YAML would read them otherwise (empty, numbers,
/// `true`/`null`, leading or trailing spaces, `: `, ` #`, flow characters); short lists of plain
/// values stay on one line, like `stages: [awareness, purchase]`. Deterministic: the same config
/// gives the same text.
enum EffectiveConfigText {
  /// The config file's sections in the order `journey init` writes them; other keys follow, sorted.
  static let sectionOrder = [
    "source", "input", "stages", "rules", "exclude", "funnel", "sessions", "touchpoint", "journey_map", "breakdown",
    "personas", "report",
  ]

  static func yaml(_ value: JSONValue) -> String {
    var lines: [String] = []
    switch value {
    case .object(let object): append(object, indent: 0, topLevel: true, to: &lines)
    default: lines.append(scalar(value) ?? "")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Keys that name what an entry is come first in it (`- stage: purchase`, `field: event`).
  static let leadingKeys = ["name", "stage", "field"]

  private static func keys(of object: [String: JSONValue], topLevel: Bool) -> [String] {
    guard topLevel else {
      let leading = leadingKeys.filter { object[$0] != nil }
      return leading + object.keys.filter { !leadingKeys.contains($0) }.sorted()
    }
    let known = sectionOrder.filter { object[$0] != nil }
    return known + object.keys.filter { !sectionOrder.contains($0) }.sorted()
  }

  private static func append(_ object: [String: JSONValue], indent: Int, topLevel: Bool = false, to lines: inout [String]) {
    let pad = String(repeating: " ", count: indent)
    for key in keys(of: object, topLevel: topLevel) {
      let value = object[key] ?? .null
      let name = plain(key) ? key : quoted(key)
      if let text = inline(value) {
        lines.append("\(pad)\(name): \(text)")
        continue
      }
      lines.append("\(pad)\(name):")
      switch value {
      case .object(let inner): append(inner, indent: indent + 2, to: &lines)
      case .array(let items): append(items, indent: indent + 2, to: &lines)
      default: break
      }
    }
  }

  private static func append(_ items: [JSONValue], indent: Int, to lines: inout [String]) {
    let pad = String(repeating: " ", count: indent)
    for item in items {
      if let text = inline(item) {
        lines.append("\(pad)- \(text)")
        continue
      }
      var inner: [String] = []
      switch item {
      case .object(let object): append(object, indent: indent + 2, to: &inner)
      case .array(let nested): append(nested, indent: indent + 2, to: &inner)
      default: break
      }
      // The first line of an item shares the dash: `- field: event`.
      if let first = inner.first {
        inner[0] = pad + "- " + first.dropFirst(indent + 2)
      }
      lines += inner
    }
  }

  /// A value that fits on its key's line: a scalar, an empty collection, or a short list of scalars.
  private static func inline(_ value: JSONValue) -> String? {
    if let text = scalar(value) { return text }
    switch value {
    case .array(let items):
      if items.isEmpty { return "[]" }
      let texts = items.compactMap(scalar)
      guard texts.count == items.count else { return nil }
      let joined = "[" + texts.joined(separator: ", ") + "]"
      return joined.count <= 72 ? joined : nil
    case .object(let object):
      return object.isEmpty ? "{}" : nil
    default: return nil
    }
  }

  private static func scalar(_ value: JSONValue) -> String? {
    switch value {
    case .null: "null"
    case .bool(let flag): flag ? "true" : "false"
    case .number(let number):
      number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
    case .string(let text): plain(text) ? text : quoted(text)
    default: nil
    }
  }

  /// Whether YAML reads `text` back as the same string without quotes.
  static func plain(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
    if first == " " || last == " " { return false }
    if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
    if text.contains(": ") || text.contains(" #") || text.hasSuffix(":") { return false }
    if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\u{7F}" }) { return false }
    if ["true", "false", "yes", "no", "on", "off", "null", "~"].contains(text.lowercased()) { return false }
    if Double(text) != nil || Int(text) != nil { return false }
    // Flow characters inside a value would end a `[a, b]` list early.
    if text.unicodeScalars.contains(where: { ",[]{}".unicodeScalars.contains($0) }) { return false }
    return true
  }

  /// JSON string syntax, which is also a YAML double-quoted string.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
