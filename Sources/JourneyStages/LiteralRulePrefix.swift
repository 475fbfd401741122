import JourneyConfig
import JourneyModel

/// The leading stage rules that each test one field for literal values, the same field for all
/// (`event: Order Completed`, `event: [Product Added, Checkout Started]`): the first of them an
/// event matches is found by one lookup of that field's bytes among the literals.
///
/// Configs start like this (SPEC §3's example does): the rules on the event name come first, the
/// rules on pages, campaigns and URLs after them. Caching the first matching rule by the bytes of
/// every field the rules read (``RuleResultCache``) makes each event's key as long as its URL and
/// the remembered combinations as many as its distinct URLs; the events these rules take need none
/// of that.
///
/// A rule's `equals`/`in` test compares the field's raw bytes (``CompiledTest``), so an event whose
/// value is none of the literals matches none of these rules, and one whose value is a literal
/// matches exactly the rules listing it: the first of those is its rule.
package struct LiteralRulePrefix: Sendable {
  /// The schema slot of the field the rules test.
  package let slot: Int
  /// The literals, ids 1… in first-listed order.
  package private(set) var literals: ByteInterner
  /// The rule (index into `config.rules`) of each literal id: the first rule listing it.
  package private(set) var ruleOfLiteral: [UInt16]
  /// How many rules the prefix is.
  package let ruleCount: Int

  /// The prefix of `config.rules`, or nil when the config does not start with such a rule, a
  /// literal is empty, or a later rule tests another field for values: the "did you mean" hint of
  /// a rule that took no event reads the values of its field among the events the rules saw
  /// (``RuleUsage``), and these events' other fields are not read.
  package init?(rules: [Rule], schema: FieldSchema) {
    var field: String?
    var count = 0
    var literals = ByteInterner()
    var ruleOfLiteral: [UInt16] = [0]
    for rule in rules {
      guard let (name, values) = rule.condition.literalTest, field == nil || name == field,
        !values.contains(where: \.isEmpty), count < Int(UInt16.max)
      else { break }
      field = name
      for value in values {
        let id = Array(value.utf8).withUnsafeBytes { literals.intern($0) }
        if Int(id) == ruleOfLiteral.count { ruleOfLiteral.append(UInt16(count)) }
      }
      count += 1
    }
    guard let field, let slot = schema.existingSlot(for: field) else { return nil }
    for rule in rules.dropFirst(count) {
      if let (name, _) = rule.condition.literalTest, name != field { return nil }
    }
    self.slot = slot
    self.literals = literals
    self.ruleOfLiteral = ruleOfLiteral
    ruleCount = count
  }

  /// The literal id of `fields`' value (0: none of the literals).
  @inline(__always) package func literal(_ fields: RecordFields) -> UInt32 {
    (fields.withBytes(slot) { literals.lookup($0) } ?? nil) ?? 0
  }

  /// The text of literal `id`.
  package func text(of id: UInt32) -> [UInt8] { literals.withBytes(of: id) { [UInt8]($0) } }

  /// This prefix with arrays of its own, for another thread (a copy shares its arrays, whose
  /// reference counts every thread would write).
  package func withOwnArrays() -> LiteralRulePrefix {
    var copy = self
    var own = ByteInterner()
    for id in 1..<ruleOfLiteral.count { _ = literals.withBytes(of: UInt32(id)) { own.intern($0) } }
    copy.literals = own
    copy.ruleOfLiteral = ruleOfLiteral.map { $0 }
    return copy
  }

  /// The number of literal ids, including 0.
  package var literalCount: Int { ruleOfLiteral.count }
}
