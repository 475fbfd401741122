import JourneyConfig
import JourneyModel

/// A regex compiled once by RE2 (time linear in the value), with a fast path for literal
/// alternatives and a per-value memo.
///
/// The memo holds shared mutable state (see ``RegexMemo``); ``withOwnMemo()`` gives a thread its own
/// memo and its own compiled regex (RE2 guards each regex's automaton with a lock).
struct CompiledRegex: @unchecked Sendable {
  let regex: RE2Regex
  /// The same test without the regex engine, when the pattern is only literal alternatives.
  let literals: LiteralAlternation?
  let memo: RegexMemo

  init(_ regex: RE2Regex) {
    self.regex = regex
    literals = LiteralAlternation(pattern: regex.pattern)
    memo = RegexMemo()
  }

  var pattern: String { regex.pattern }

  /// This regex with a memo and an automaton of its own (for another thread).
  func withOwnMemo() -> CompiledRegex {
    // It compiled once, so it compiles again; keep sharing the first if memory ran out.
    CompiledRegex((try? RE2Regex(regex.pattern)) ?? regex)
  }

  func matches(_ text: String) -> Bool { regex.matches(text) }

  /// Whether the regex matches somewhere in the UTF-8 `value`.
  func matches(_ value: ArraySlice<UInt8>) -> Bool {
    if let literals, let answer = literals.matches(value) { return answer }
    return memo.answer(value) { bytes in regex.matches(bytes) }
  }
}

/// An operator ready to run on raw bytes: literals as UTF-8, globs and regexes compiled.
enum CompiledOperator: Sendable {
  case equals([UInt8])
  case oneOf(small: [[UInt8]], large: Set<[UInt8]>?)
  case glob(GlobPattern)
  case regex(CompiledRegex)
  case prefix([UInt8])
  case suffix([UInt8])
  case contains([UInt8])
  case exists(Bool)
  case compare(Comparison, Double)

  enum Comparison: String, Sendable { case gt = ">", gte = ">=", lt = "<", lte = "<=" }
}

/// A ``FieldTest`` bound to its schema slot.
struct CompiledTest: Sendable {
  let slot: Int
  let field: String
  let op: CompiledOperator
  let source: FieldOperator
}

/// A ``Condition`` with every test compiled; evaluated per record without allocating (regexes
/// aside, and only for values their memo has not seen).
indirect enum CompiledCondition: Sendable {
  case all([CompiledCondition])
  case any([CompiledCondition])
  case not(CompiledCondition)
  case test(CompiledTest)

  /// Registers the fields in `schema` and compiles operators; bad regexes and globs are config errors.
  init(_ condition: Condition, schema: inout FieldSchema) throws(JourneyError) {
    switch condition {
    case .all(let parts):
      var compiled: [CompiledCondition] = []
      for part in parts { compiled.append(try CompiledCondition(part, schema: &schema)) }
      self = .all(compiled)
    case .any(let parts):
      var compiled: [CompiledCondition] = []
      for part in parts { compiled.append(try CompiledCondition(part, schema: &schema)) }
      self = .any(compiled)
    case .not(let inner):
      self = .not(try CompiledCondition(inner, schema: &schema))
    case .test(let test):
      self = .test(CompiledTest(slot: schema.slot(for: test.field), field: test.field, op: try Self.compile(test), source: test.op))
    }
  }

  static func compile(_ test: FieldTest) throws(JourneyError) -> CompiledOperator {
    switch test.op {
    case .equals(let s): return .equals(Array(s.utf8))
    case .in(let values):
      let bytes = values.map { Array($0.utf8) }
      return .oneOf(small: bytes, large: bytes.count > 8 ? Set(bytes) : nil)
    case .glob(let pattern):
      guard let glob = GlobPattern(pattern) else {
        throw JourneyError(kind: .config, location: test.location.description, message: "bad glob '\(pattern)': '[' without ']'")
      }
      return .glob(glob)
    case .regex(let pattern):
      do {
        return .regex(CompiledRegex(try RE2Regex(pattern)))
      } catch {
        throw JourneyError(kind: .config, location: test.location.description, message: "bad regex '\(pattern)': \(error)")
      }
    case .prefix(let s): return .prefix(Array(s.utf8))
    case .suffix(let s): return .suffix(Array(s.utf8))
    case .contains(let s): return .contains(Array(s.utf8))
    case .exists(let b): return .exists(b)
    case .gt(let d): return .compare(.gt, d)
    case .gte(let d): return .compare(.gte, d)
    case .lt(let d): return .compare(.lt, d)
    case .lte(let d): return .compare(.lte, d)
    }
  }

  /// The slots of the fields `conditions` read (compiled into `schema`), each once, in the order
  /// their tests come.
  static func slots(of conditions: [Condition], in schema: FieldSchema) -> [Int] {
    var slots: [Int] = []
    for condition in conditions {
      for name in condition.fieldNames {
        guard let slot = schema.existingSlot(for: name), !slots.contains(slot) else { continue }
        slots.append(slot)
      }
    }
    return slots
  }

  /// This condition with memos of its own for every regex test (for another thread).
  func withOwnMemos() -> CompiledCondition {
    switch self {
    case .all(let parts): .all(parts.map { $0.withOwnMemos() })
    case .any(let parts): .any(parts.map { $0.withOwnMemos() })
    case .not(let inner): .not(inner.withOwnMemos())
    case .test(let test):
      if case .regex(let regex) = test.op {
        .test(CompiledTest(slot: test.slot, field: test.field, op: .regex(regex.withOwnMemo()), source: test.source))
      } else {
        .test(test)
      }
    }
  }

  func matches(_ fields: RecordFields) -> Bool {
    switch self {
    case .all(let parts):
      for part in parts where !part.matches(fields) { return false }
      return true
    case .any(let parts):
      for part in parts where part.matches(fields) { return true }
      return false
    case .not(let inner):
      return !inner.matches(fields)
    case .test(let test):
      return test.matches(fields)
    }
  }

  /// Nil when the condition matches, else why not (for `classify --explain`).
  func failure(_ fields: RecordFields) -> String? {
    switch self {
    case .all(let parts):
      for part in parts { if let why = part.failure(fields) { return why } }
      return nil
    case .any(let parts):
      var reasons: [String] = []
      for part in parts {
        guard let why = part.failure(fields) else { return nil }
        reasons.append(why)
      }
      return reasons.count == 1 ? reasons[0] : "none of: " + reasons.joined(separator: "; ")
    case .not(let inner):
      return inner.matches(fields) ? "not: \(inner.summary) matched" : nil
    case .test(let test):
      return test.matches(fields) ? nil : test.failure(fields)
    }
  }

  /// A short text of the condition, for "not: … matched".
  var summary: String {
    switch self {
    case .all(let parts): "all(" + parts.map(\.summary).joined(separator: ", ") + ")"
    case .any(let parts): "any(" + parts.map(\.summary).joined(separator: ", ") + ")"
    case .not(let inner): "not(\(inner.summary))"
    case .test(let test): "\(test.field) \(test.expectation)"
    }
  }
}

extension CompiledTest {
  func value(_ fields: RecordFields) -> ArraySlice<UInt8>? {
    slot < fields.slotCount ? fields.bytes(slot) : nil
  }

  func matches(_ fields: RecordFields) -> Bool {
    if case .exists(let wanted) = op {
      return (slot < fields.slotCount && fields.hasValue(slot)) == wanted
    }
    guard let value = value(fields) else { return false }
    switch op {
    case .equals(let bytes): return value.elementsEqual(bytes)
    case .oneOf(let small, let large):
      if let large { return large.contains(Array(value)) }
      for candidate in small where value.elementsEqual(candidate) { return true }
      return false
    case .glob(let glob): return glob.matches(value)
    case .regex(let regex): return regex.matches(value)
    case .prefix(let bytes): return value.starts(with: bytes)
    case .suffix(let bytes): return value.count >= bytes.count && value.suffix(bytes.count).elementsEqual(bytes)
    case .contains(let bytes): return Self.contains(value, bytes)
    case .exists: return false
    case .compare(let comparison, let limit):
      guard let number = Self.number(value) else { return false }
      switch comparison {
      case .gt: return number > limit
      case .gte: return number >= limit
      case .lt: return number < limit
      case .lte: return number <= limit
      }
    }
  }

  static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
    guard let first = needle.first else { return true }
    guard haystack.count >= needle.count else { return false }
    var i = haystack.startIndex
    let last = haystack.endIndex - needle.count
    while i <= last {
      if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
      i += 1
    }
    return false
  }

  static func number(_ value: ArraySlice<UInt8>) -> Double? {
    guard !value.isEmpty, value.count < 64 else { return nil }
    if let exact = plainDecimal(value) { return exact }
    return Double(String(decoding: value, as: UTF8.self).trimmingASCIIWhitespace())
  }

  /// `[+-]digits[.digits]` with at most 15 significant digits, read from the bytes without a `String`.
  ///
  /// Mantissa and power of ten are both exact doubles, so one division is correctly rounded (Clinger's
  /// fast path): the same value as `Double(_:)`. Anything else (exponents, spaces, more digits) is nil.
  static func plainDecimal(_ value: ArraySlice<UInt8>) -> Double? {
    var i = value.startIndex
    var negative = false
    if value[i] == UInt8(ascii: "-") || value[i] == UInt8(ascii: "+") {
      negative = value[i] == UInt8(ascii: "-")
      i += 1
    }
    var mantissa: Int64 = 0
    var digits = 0
    var fraction = 0
    var seenPoint = false
    while i < value.endIndex {
      let byte = value[i]
      if byte == UInt8(ascii: ".") {
        guard !seenPoint else { return nil }
        seenPoint = true
      } else {
        let digit = byte &- UInt8(ascii: "0")
        guard digit < 10 else { return nil }
        mantissa = mantissa * 10 + Int64(digit)
        digits += 1
        if seenPoint { fraction += 1 }
        guard digits <= 15 else { return nil }
      }
      i += 1
    }
    // "5." and ".5" are numbers for Double(_:) too, "." and "" are not.
    guard digits > 0 else { return nil }
    let magnitude = Double(mantissa) / powersOfTen[fraction]
    return negative ? -magnitude : magnitude
  }

  private static let powersOfTen: [Double] = (0...15).map { (0..<$0).reduce(1.0) { acc, _ in acc * 10 } }

  var expectation: String {
    switch source {
    case .equals(let s): "'\(s)'"
    case .in(let values): "one of [\(values.joined(separator: ", "))]"
    case .glob(let g): "to match glob '\(g)'"
    case .regex(let r): "to match regex '\(r)'"
    case .prefix(let s): "to start with '\(s)'"
    case .suffix(let s): "to end with '\(s)'"
    case .contains(let s): "to contain '\(s)'"
    case .exists(let b): b ? "a value" : "no value"
    case .gt(let d): "> \(Self.format(d))"
    case .gte(let d): ">= \(Self.format(d))"
    case .lt(let d): "< \(Self.format(d))"
    case .lte(let d): "<= \(Self.format(d))"
    }
  }

  static func format(_ d: Double) -> String {
    d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
  }

  /// Why the test failed (call only when it did).
  func failure(_ fields: RecordFields) -> String {
    guard let value = value(fields), !(value.isEmpty && fields.kind(slot) != .string) else {
      if case .exists(false) = source { return "field \(field) has a value, expected none" }
      return "field \(field) is missing"
    }
    let text = String(decoding: value.prefix(200), as: UTF8.self)
    if case .exists(let wanted) = source {
      return wanted ? "field \(field) is empty, expected a value" : "\(field) is '\(text)', expected no value"
    }
    if case .compare = op, Self.number(value) == nil {
      return "\(field) is '\(text)', not a number (expected \(expectation))"
    }
    return "\(field) is '\(text)', expected \(expectation)"
  }
}

extension String {
  func trimmingASCIIWhitespace() -> Substring {
    var s = Substring(self)
    while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
    while let c = s.last, c == " " || c == "\t" { s.removeLast() }
    return s
  }
}
