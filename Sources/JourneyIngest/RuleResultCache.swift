import JourneyModel
import JourneyStages

/// Remembers the result of a pure function of some fields (the stage rules, the `exclude:`
/// conditions) for each distinct combination of those fields' kinds and bytes.
///
/// Rules are pure functions of the fields they read, so a cached result is the rules' own; values
/// repeat a lot (event names, user agents), so most events cost one hash lookup instead of the
/// rules (a regex can take microseconds). After ``limit`` distinct combinations (high-cardinality
/// fields), new ones are computed directly. Not thread-safe: one per extractor.
struct RuleResultCache {
  var slots: [Int]
  var keys = ByteInterner()
  var results: [UInt16] = [0]
  /// Events per remembered combination (by key id, as ``results``): which values the rules saw,
  /// and how often, for the warnings about a rule that matched nothing (``RuleUsage``).
  var hits: [Int] = [0]
  /// Events per result among those computed directly, past ``limit``.
  var uncachedHits: [Int] = []
  /// Most combinations remembered.
  let limit: Int
  /// The stage rules' leading literal tests (``LiteralRulePrefix``): an event whose value is one of
  /// them gets that literal's rule without a key; the others go on to the cache.
  var prefix: LiteralRulePrefix?
  /// Events per literal id of ``prefix``.
  var prefixHits: [Int] = []

  init(slots: [Int], limit: Int = 1 << 16, prefix: LiteralRulePrefix? = nil) {
    self.slots = slots
    self.limit = limit
    self.prefix = prefix
    prefixHits = Array(repeating: 0, count: prefix?.literalCount ?? 0)
  }

  /// The result of `rules` for `fields`; the key is built in `buffer`, whose count is its room,
  /// not the key's length (no appends per event).
  ///
  /// `rules` is a generic argument, not a closure: a closure would capture (and retain) a copy of
  /// the rules for every event.
  mutating func result<Rules: FieldRules>(_ fields: RecordFields, buffer: inout [UInt8], rules: Rules) -> UInt16 {
    if slots.isEmpty { return rules.evaluate(fields) }
    if let prefix {
      let literal = prefix.literal(fields)
      if literal != 0 {
        prefixHits[Int(literal)] &+= 1
        return prefix.ruleOfLiteral[Int(literal)]
      }
    }
    // The key: per slot its kind byte, then (for a value) a 4-byte length and the bytes.
    // Loops by index, not `for slot in slots`: an array iterator retains the array, twice per event.
    var needed = 0
    var i = 0
    while i < slots.count {
      needed += 1
      _ = fields.withBytes(slots[i]) { needed += 4 + $0.count }
      i += 1
    }
    if buffer.count < needed { buffer = Array(repeating: 0, count: max(needed, 2 * buffer.count)) }
    slots.withUnsafeBufferPointer { slots in
      buffer.withUnsafeMutableBytes { Self.writeKey(fields, slots: slots, into: $0) }
    }
    let found = buffer.withUnsafeBytes { keys.lookupRemembering(UnsafeRawBufferPointer(rebasing: $0[0..<needed])) }
    if let found {
      hits[Int(found)] &+= 1
      return results[Int(found)]
    }
    let result = rules.evaluate(fields)
    if keys.count <= limit {
      _ = buffer.withUnsafeBytes { keys.intern(UnsafeRawBufferPointer(rebasing: $0[0..<needed])) }
      results.append(result)
      hits.append(1)
    } else {
      if uncachedHits.count <= Int(result) { uncachedHits.append(contentsOf: repeatElement(0, count: Int(result) + 1 - uncachedHits.count)) }
      uncachedHits[Int(result)] += 1
    }
    return result
  }

  /// Events per result value, cached or not.
  func eventsPerResult() -> [UInt16: Int] {
    var counts: [UInt16: Int] = [:]
    for index in 1..<results.count { counts[results[index], default: 0] += hits[index] }
    for (result, count) in uncachedHits.enumerated() where count > 0 { counts[UInt16(result), default: 0] += count }
    if let prefix {
      for (literal, count) in prefixHits.enumerated() where count > 0 { counts[prefix.ruleOfLiteral[literal], default: 0] += count }
    }
    return counts
  }

  /// The values of schema slot `slot` the events had, with their events: the literals of
  /// ``prefix`` (when it tests that slot) and the remembered combinations' values at `position`
  /// (the slot's index in ``slots``).
  func values(ofSlot slot: Int, position: Int) -> [[UInt8]: Int] {
    var counts: [[UInt8]: Int] = [:]
    if let prefix, prefix.slot == slot {
      for (literal, count) in prefixHits.enumerated() where count > 0 { counts[prefix.text(of: UInt32(literal)), default: 0] += count }
    }
    for combination in combinations() {
      guard let bytes = combination.values[position] else { continue }
      counts[bytes, default: 0] += combination.events
    }
    return counts
  }

  /// Every remembered combination: the value of each slot (nil: missing or null), and its events.
  func combinations() -> [(values: [[UInt8]?], events: Int)] {
    (1..<results.count).map { index in
      let key = keys.withBytes(of: UInt32(index)) { [UInt8]($0) }
      var values: [[UInt8]?] = []
      var at = 0
      for _ in slots {
        let kind = FieldKind(rawValue: key[at])
        at += 1
        if kind == .missing || kind == .null {
          values.append(nil)
          continue
        }
        let length = Int(key[at]) | Int(key[at + 1]) << 8 | Int(key[at + 2]) << 16 | Int(key[at + 3]) << 24
        at += 4
        values.append(Array(key[at..<(at + length)]))
        at += length
      }
      return (values, hits[index])
    }
  }

  @inline(__always) private static func writeKey(
    _ fields: RecordFields, slots: UnsafeBufferPointer<Int>, into out: UnsafeMutableRawBufferPointer
  ) {
    var at = 0
    var i = 0
    while i < slots.count {
      let slot = slots[i]
      i += 1
      out[at] = fields.kind(slot).rawValue
      at += 1
      _ = fields.withBytes(slot) { bytes in
        out.storeBytes(of: UInt32(bytes.count), toByteOffset: at, as: UInt32.self)
        at += 4
        if let source = bytes.baseAddress, bytes.count > 0 {
          (out.baseAddress! + at).copyMemory(from: source, byteCount: bytes.count)
        }
        at += bytes.count
      }
    }
  }
}

/// A pure function of some fields of a record, as ``RuleResultCache`` caches it.
protocol FieldRules {
  func evaluate(_ fields: RecordFields) -> UInt16
}

extension StageClassifier: FieldRules {
  /// The first matching rule's index, or ``RuleResultCache/noRule``: the stage follows from it, and
  /// the counts per rule say which rule matched nothing.
  func evaluate(_ fields: RecordFields) -> UInt16 { match(fields).map { UInt16($0.rule) } ?? RuleResultCache.noRule }
}

extension ExclusionFilter: FieldRules {
  /// 1 + the index of the first `exclude:` condition the record matches; 0 when none does.
  func evaluate(_ fields: RecordFields) -> UInt16 { firstMatch(fields).map { UInt16($0 + 1) } ?? 0 }
}

extension RuleResultCache {
  /// The stage cache's result for a record no rule matches.
  static let noRule = UInt16.max
}

extension PersonaPredicates: FieldRules {
  /// The event's ``EventRecord/traits`` bits.
  func evaluate(_ fields: RecordFields) -> UInt16 { bits(fields) }
}
