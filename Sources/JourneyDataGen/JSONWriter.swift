/// Writes one JSON value member by member into a ``LineBuilder``: the commas, and the spacing and
/// string escapes of the serializer a line pretends to come from.
///
/// `key` then exactly one value (`string`, `int`, `beginObject`…); `element` before each value of an
/// array. No validation: the varied writer's tests parse every line it writes.
struct JSONWriter {
  var out = LineBuilder(capacity: 0)
  var escapes: JSONEscapes = .plain
  /// `", "` and `": "` between members, as Python's `json.dumps` writes by default.
  var spaced = false
  private var needsComma = false

  private mutating func separator() {
    guard needsComma else { return }
    out.append(byte: 0x2C)
    if spaced { out.append(byte: 0x20) }
  }

  mutating func key(_ name: StaticString) {
    separator()
    out.append(byte: 0x22)
    out.append(name)
    out.append(byte: 0x22)
    out.append(byte: 0x3A)
    if spaced { out.append(byte: 0x20) }
    needsComma = false
  }

  /// Before each value of an array.
  mutating func element() {
    separator()
    needsComma = false
  }

  mutating func beginObject() { out.append(byte: 0x7B); needsComma = false }
  mutating func endObject() { out.append(byte: 0x7D); needsComma = true }
  mutating func beginArray() { out.append(byte: 0x5B); needsComma = false }
  mutating func endArray() { out.append(byte: 0x5D); needsComma = true }

  mutating func string(_ text: String) {
    out.appendJSONString(text, escapes: escapes)
    needsComma = true
  }

  /// A string of ASCII letters, digits and `-` written by `body` (ids, timestamps): nothing to escape.
  mutating func plainString(_ body: (inout LineBuilder) -> Void) {
    out.append(byte: 0x22)
    body(&out)
    out.append(byte: 0x22)
    needsComma = true
  }

  /// A literal value: `null`, `true`, `false`, `{}`, a number.
  mutating func literal(_ text: StaticString) {
    out.append(text)
    needsComma = true
  }

  mutating func bool(_ value: Bool) { literal(value ? "true" : "false") }

  mutating func int(_ value: Int) {
    out.append(value)
    needsComma = true
  }

  /// An amount in cents as JavaScript writes it: `12.5`, `12.05`, `12`.
  mutating func amount(cents: Int) {
    out.appendJSNumber(cents: cents)
    needsComma = true
  }

  mutating func timestamp(milliseconds: Int64) {
    plainString { $0.appendISO8601(milliseconds: milliseconds) }
  }
}
