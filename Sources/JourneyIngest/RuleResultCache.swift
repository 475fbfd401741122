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
  /// Most combinations remembered.
  let limit: Int

  init(slots: [Int], limit: Int = 1 << 16) {
    self.slots = slots
    self.limit = limit
  }

  /// The result of `rules` for `fields`; the key is built in `buffer`, whose count is its room,
  /// not the key's length (no appends per event).
  ///
  /// `rules` is a generic argument, not a closure: a closure would capture (and retain) a copy of
  /// the rules for every event.
  mutating func result<Rules: FieldRules>(_ fields: RecordFields, buffer: inout [UInt8], rules: Rules) -> UInt16 {
    if slots.isEmpty { return rules.evaluate(fields) }
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
    if let found { return results[Int(found)] }
    let result = rules.evaluate(fields)
    if keys.count <= limit {
      _ = buffer.withUnsafeBytes { keys.intern(UnsafeRawBufferPointer(rebasing: $0[0..<needed])) }
      results.append(result)
    }
    return result
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
  /// The stage index, or ``EventRecord/noStage``.
  func evaluate(_ fields: RecordFields) -> UInt16 { classify(fields) }
}

extension ExclusionFilter: FieldRules {
  /// 1 when the record is excluded, else 0.
  func evaluate(_ fields: RecordFields) -> UInt16 { excludes(fields) ? 1 : 0 }
}

extension PersonaPredicates: FieldRules {
  /// The event's ``EventRecord/traits`` bits.
  func evaluate(_ fields: RecordFields) -> UInt16 { bits(fields) }
}
