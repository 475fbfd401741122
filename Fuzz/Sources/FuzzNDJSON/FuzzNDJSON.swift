import Foundation
import FuzzSupport
import JourneyModel
import JourneyParsing

/// The paths extracted from every line: top-level and nested members, indices, a key/value lookup,
/// a quoted segment with a dot.
let paths = [
  "userId", "a", "b", "a.b", "a.b.c", "a.0", "items.0.id", "items.1", "context.page.url", "p[k=v].x", "\"x.y\"", "n",
]

/// Parses each line of the input with ``NDJSONRecordParser`` and with Foundation's `JSONSerialization`,
/// and compares them: a differential target.
///
/// Invariants, for every line (split at `\n`, as the framer does):
/// - the parser accepts the line exactly when `JSONSerialization` reads it as an object;
/// - for an accepted line, every path's value is the one found in Foundation's tree (missing, null,
///   string bytes, number, bool, or an object/array whose text reads back to the same tree);
/// - with `input.events: events`, an accepted line gives one event per element of its `events` array.
///
/// Differences allowed on purpose (each one a legitimate disagreement, not a bug):
/// - a line with a NUL byte or invalid UTF-8: the parser rejects it (every format does); Foundation
///   may read UTF-16/32 (detected from NUL bytes) or repair bytes. Not compared.
/// - a leading UTF-8 BOM: skipped by the parser (the first line of a file); not compared.
/// - U+FEFF inside a string or key: Foundation drops it (`"\u{FEFF}page"` reads as `"page"`), the parser
///   keeps it. Accept/reject compared, values not.
/// - nesting deeper than 512: the parser rejects it, Foundation has its own limit. Not compared.
/// - a number beyond the range of `Double` (`1e400`): the parser keeps its text; Foundation rejects the
///   line. Not compared; numbers are compared as `Double`, within 1e-12 relative (Foundation may read
///   big integers as `Decimal`).
/// - duplicate keys in any object of the line: the parser keeps one (the first, or the last after issue
///   10), Foundation's choice is unspecified. Accept/reject still compared, values not.
/// - `"\u0000"` escapes: Foundation keeps U+0000, the parser rejects the line as `nul byte` (like a raw
///   NUL, issue 10). A line with such an escape (in a key too) that the parser rejects so is not compared.
/// - U+FEFF inside the line: Foundation drops it at the start of a string or after an escape (found by
///   this target: the JSON string `"\"` U+FEFF `ted"` reads as `"ted`); values are not compared on such a line.
/// - a trailing comma (`{"a":1,}`, `[1,]`): Foundation accepts it, JSON (RFC 8259) does not, and the
///   parser rejects the line. Not compared when the parser rejects and the line has one.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNDJSON(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let input = UnsafeBufferPointer(start: start, count: count)
  // Fresh copies of parsers compiled once: every input starts from the same state (the member shapes a
  // parser learns from earlier lines are kept only within the input), without compiling the paths again.
  var parser = parserTemplate
  var nested = nestedTemplate
  var fields = RecordFields(slotCount: paths.count)
  var nestedFields = RecordFields(slotCount: 2)
  for line in input.split(separator: 0x0A, omittingEmptySubsequences: true) {
    let bytes = Array(line)
    var extracted: [Value] = []
    let result = bytes.withUnsafeBytes { raw in
      parser.parse(raw, into: &fields) { event in
        extracted = (0..<paths.count).map { Value(event, slot: $0) }
      }
    }
    var nestedEvents = 0
    let nestedResult = bytes.withUnsafeBytes { raw in nested.parse(raw, into: &nestedFields) { _ in nestedEvents += 1 } }
    compare(bytes, result, extracted, nestedResult, nestedEvents)
  }
  return 0
}

/// The parser of ``paths``, compiled once; each input parses with a copy (see ``fuzzNDJSON(_:_:)``).
nonisolated(unsafe) let parserTemplate = NDJSONRecordParser(schema: FieldSchema(paths))

/// The parser with `input.events: events`, compiled once.
nonisolated(unsafe) let nestedTemplate = NDJSONRecordParser(
  schema: FieldSchema(["id", "$parent.userId"]), options: ParserOptions(eventsPath: "events"))

/// ``paths`` cut into components once, for ``resolve(_:_:)``.
let pathComponents = paths.map(components)

/// One extracted value, copied out of the parser's callback.
enum Value: Equatable {
  case missing, null, string([UInt8]), number([UInt8]), bool([UInt8]), composite([UInt8])

  init(_ fields: borrowing RecordFields, slot: Int) {
    let bytes = Array(fields.bytes(slot) ?? [])
    switch fields.kind(slot) {
    case .missing: self = .missing
    case .null: self = .null
    case .string: self = .string(bytes)
    case .number: self = .number(bytes)
    case .bool: self = .bool(bytes)
    case .composite: self = .composite(bytes)
    }
  }
}

func compare(_ line: [UInt8], _ result: ParseResult, _ extracted: [Value], _ nestedResult: ParseResult, _ nestedEvents: Int) {
  var trimmed = line[...]
  if trimmed.last == 0x0D { trimmed = trimmed.dropLast() }
  if trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
    fuzzCheck(result == .events(0), "a blank line gave \(result)")
    return
  }
  // Allowed differences: not compared at all.
  if line.contains(0) || String(validating: line, as: UTF8.self) == nil { return }
  if line.starts(with: [0xEF, 0xBB, 0xBF]) { return }
  if nestingDepth(line) > 500 { return }
  // JSONSerialization gives an object only for text that is `{` … `}` between JSON whitespace: a line
  // the parser rejected that is not has its answer without asking Foundation (most mutated lines).
  let object: NSDictionary?
  if case .rejected = result, !looksLikeObject(line) {
    object = nil
  } else {
    object = (try? JSONSerialization.jsonObject(with: Data(line), options: [])) as? NSDictionary
  }
  if object == nil, case .events = result, hasOutOfRangeNumber(line) { return }
  switch result {
  case .events(let n):
    fuzzCheck(n == 1, "an accepted line gave \(n) events: \(fuzzDescribe(line))")
    guard let object else {
      fuzzCheck(false, "accepted by the parser, rejected by JSONSerialization: \(fuzzDescribe(line))")
      return
    }
    if hasDuplicateKeys(line) || (hasNULEscape(line) && containsNUL(object)) || hasBOM(line) { return }
    for (index, path) in paths.enumerated() {
      let expected = resolve(object, pathComponents[index])
      fuzzCheck(
        matches(extracted[index], expected),
        "path \(path): parser \(describe(extracted[index])), JSONSerialization \(String(describing: expected)) in \(fuzzDescribe(line))"
      )
    }
    // Nested events: one per element of the `events` array (none when it is not an array).
    if let events = object["events"] as? NSArray {
      let objects = events.allSatisfy { $0 is NSDictionary }
      if objects {
        fuzzCheck(nestedResult == .events(events.count), "\(events.count) nested events, parser \(nestedResult): \(fuzzDescribe(line))")
      }
    } else if case .events(let n) = nestedResult {
      fuzzCheck(n == 0 || object["events"] != nil, "nested events \(n) without an events array: \(fuzzDescribe(line))")
    }
  case .rejected(let reason, let detail):
    if object != nil && hasTrailingComma(line) { return }
    // A `\u0000` escape (in a key too) rejects the line as a NUL byte (issue 10); Foundation keeps U+0000
    // (or drops it with the value a duplicate key replaces).
    if reason == .nulByte, object != nil, hasNULEscape(line) { return }
    fuzzCheck(
      object == nil,
      "rejected by the parser (\(reason): \(detail)), read by JSONSerialization: \(fuzzDescribe(line))")
  case .header:
    fuzzCheck(false, "an NDJSON line read as a header")
  }
}

func describe(_ value: Value) -> String {
  switch value {
  case .missing: "missing"
  case .null: "null"
  case .string(let b): "string \(fuzzDescribe(b))"
  case .number(let b): "number \(fuzzDescribe(b))"
  case .bool(let b): "bool \(fuzzDescribe(b))"
  case .composite(let b): "composite \(fuzzDescribe(b))"
  }
}

/// The value at a path (its ``components(_:)``) in Foundation's tree, by the parser's documented path
/// rules (nil: missing).
func resolve(_ root: Any, _ path: [PathComponent]) -> Any? {
  var current: Any? = root
  for component in path {
    guard let value = current else { return nil }
    switch component {
    case .member(let key):
      if let object = value as? NSDictionary {
        current = object[key]
      } else if let array = value as? NSArray, let index = Int(key), key.allSatisfy(\.isASCII), key.first != "+" {
        current = index >= 0 && index < array.count ? array[index] : nil
      } else {
        return nil
      }
    case .lookup(let name, let wanted):
      guard let array = value as? NSArray else { return nil }
      current = array.first { element in ((element as? NSDictionary)?[name] as? String).map { Array($0.utf8) == Array(wanted.utf8) } ?? false }
    }
  }
  return current
}

enum PathComponent { case member(String), lookup(String, String) }

/// `a.b`, `"x.y"`, `p[k=v].x`: the forms used in ``paths`` (a reference, not the product's parser).
func components(_ path: String) -> [PathComponent] {
  if path.hasPrefix("\"") { return [.member(String(path.dropFirst().dropLast()))] }
  return path.split(separator: ".").flatMap { segment -> [PathComponent] in
    if let open = segment.firstIndex(of: "["), let eq = segment.firstIndex(of: "=") {
      return [
        .member(String(segment[..<open])),
        .lookup(String(segment[segment.index(after: open)..<eq]), String(segment[segment.index(after: eq)...].dropLast())),
      ]
    }
    return [.member(String(segment))]
  }
}

func matches(_ value: Value, _ expected: Any?) -> Bool {
  switch value {
  case .missing: return expected == nil
  case .null: return expected is NSNull
  case .string(let bytes): return (expected as? String).map { Array($0.utf8) == bytes } ?? false
  case .number(let text):
    guard let number = expected as? NSNumber, !(expected is String), let mine = Double(String(decoding: text, as: UTF8.self)) else { return false }
    let theirs = number.doubleValue
    return mine == theirs || abs(mine - theirs) <= 1e-12 * max(abs(mine), abs(theirs))
  case .bool(let text):
    guard let number = expected as? NSNumber else { return false }
    return number.boolValue == (text == Array("true".utf8))
  case .composite(let text):
    guard let mine = try? JSONSerialization.jsonObject(with: Data(text), options: [.fragmentsAllowed]) as? NSObject,
      let theirs = expected as? NSObject
    else { return false }
    return mine.isEqual(theirs)
  }
}

/// The deepest nesting of `[` and `{` outside strings.
func nestingDepth(_ line: [UInt8]) -> Int {
  var depth = 0, deepest = 0, inString = false, escaped = false
  for b in line {
    if inString {
      if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
    } else if b == 0x22 { inString = true
    } else if b == 0x7B || b == 0x5B { depth += 1; deepest = max(deepest, depth)
    } else if b == 0x7D || b == 0x5D { depth -= 1 }
  }
  return deepest
}

/// A number token whose exponent or digits take it beyond `Double` (Foundation rejects those).
func hasOutOfRangeNumber(_ line: [UInt8]) -> Bool {
  var inString = false, escaped = false, token: [UInt8] = []
  func check(_ token: [UInt8]) -> Bool {
    guard !token.isEmpty, let value = Double(String(decoding: token, as: UTF8.self)) else { return false }
    return !value.isFinite || token.count > 300
  }
  for b in line {
    if inString {
      if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
      continue
    }
    if (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2B || b == 0x2E || b == 0x65 || b == 0x45 {
      token.append(b)
      continue
    }
    if check(token) { return true }
    token.removeAll()
    if b == 0x22 { inString = true }
  }
  return check(token)
}

/// Whether a `,` is followed (after whitespace) by `}` or `]` outside strings: `{"a":1,}` or `[1,]`.
func hasTrailingComma(_ line: [UInt8]) -> Bool {
  var inString = false, escaped = false, afterComma = false
  for b in line {
    if inString {
      if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
      continue
    }
    switch b {
    case 0x20, 0x09, 0x0A, 0x0D: continue
    case 0x7D, 0x5D: if afterComma { return true }
    case 0x22: inString = true
    default: break
    }
    afterComma = b == 0x2C
  }
  return false
}

/// Whether any object of the (valid JSON) line has a key twice, keys compared decoded.
func hasDuplicateKeys(_ line: [UInt8]) -> Bool {
  var stack: [Set<[UInt8]>?] = []  // one entry per open container: a key set for objects, nil for arrays
  var i = 0
  var expectKey = false
  while i < line.count {
    let b = line[i]
    switch b {
    case 0x7B: stack.append([]); expectKey = true
    case 0x5B: stack.append(nil); expectKey = false
    case 0x7D, 0x5D: if !stack.isEmpty { stack.removeLast() }; expectKey = false
    case 0x2C: expectKey = stack.last.map { $0 != nil } ?? false
    case 0x22:
      var j = i + 1
      while j < line.count && line[j] != 0x22 { j += line[j] == 0x5C ? 2 : 1 }
      let token = Array(line[i...min(j, line.count - 1)])
      if expectKey, var keys = stack.last!, let decoded = decodeString(token) {
        if !keys.insert(decoded).inserted { return true }
        stack[stack.count - 1] = keys
      }
      expectKey = false
      i = j
    default: break
    }
    i += 1
  }
  return false
}

func decodeString(_ token: [UInt8]) -> [UInt8]? {
  guard token.contains(0x5C) else { return Array(token.dropFirst().dropLast()) }
  return (try? JSONSerialization.jsonObject(with: Data(token), options: [.fragmentsAllowed]) as? String).map { Array($0.utf8) }
}

/// Whether the line, after JSON whitespace (space, tab, CR; LF cannot occur), starts with `{` and ends
/// with `}`: the only lines `JSONSerialization` can read as an object (no BOM or NUL here: those lines
/// are not compared).
func looksLikeObject(_ line: [UInt8]) -> Bool {
  let isSpace = { (b: UInt8) in b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
  guard let first = line.firstIndex(where: { !isSpace($0) }), let last = line.lastIndex(where: { !isSpace($0) }) else {
    return false
  }
  return first < last && line[first] == 0x7B && line[last] == 0x7D
}

/// Whether the text `\u0000` occurs in the line: without it no string of the line decodes to U+0000
/// (raw NUL bytes are not compared), so ``containsNUL(_:)`` need not walk Foundation's tree.
func hasNULEscape(_ line: [UInt8]) -> Bool {
  let needle: [UInt8] = Array("\\u0000".utf8)
  guard line.count >= needle.count else { return false }
  for i in 0...(line.count - needle.count) where line[i] == 0x5C && line[i + 1] == 0x75 {
    if line[i..<(i + needle.count)].elementsEqual(needle) { return true }
  }
  return false
}

/// Whether U+FEFF (`EF BB BF`) occurs in the line: Foundation drops it at the start of a string and
/// after an escape (the JSON string `"\"` U+FEFF `x"` reads as `"x`), the parser keeps the bytes.
func hasBOM(_ line: [UInt8]) -> Bool {
  guard line.count >= 3 else { return false }
  for i in 0...(line.count - 3) where line[i] == 0xEF && line[i + 1] == 0xBB && line[i + 2] == 0xBF { return true }
  return false
}

/// Whether any string (key or value) in the tree holds U+0000.
func containsNUL(_ value: Any) -> Bool {
  if let string = value as? String { return string.utf8.contains(0) }
  if let object = value as? NSDictionary {
    return object.contains { element in containsNUL(element.key) || containsNUL(element.value) }
  }
  if let array = value as? NSArray { return array.contains { containsNUL($0) } }
  return false
}

/// The process entry (see ``runFuzzer(_:_:_:)``): libFuzzer's driver on ``fuzzNDJSON(_:_:)``.
@_cdecl("FuzzNDJSON_main")
public func fuzzNDJSONMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv, fuzzNDJSON)
}
