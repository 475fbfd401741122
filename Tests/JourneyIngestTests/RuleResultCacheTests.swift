import JourneyModel
import Testing

@testable import JourneyIngest

/// The cache answers what the rules answer: for values seen before, for new values past its limit,
/// and for a missing field, an empty value and null, which are different keys.
@Suite struct RuleResultCacheTests {
  @Test func remembersResultsAndComputesPastItsLimit() {
    var cache = RuleResultCache(slots: [0, 1], limit: 50)
    var fields = RecordFields(slotCount: 2)
    var buffer: [UInt8] = []
    let rule = CountingRule()
    // A model of the cache: the first 50 distinct keys are remembered, the rest computed every time.
    var remembered: Set<String> = []
    var expectedComputations = 0
    for round in 0..<3 {
      for i in 0..<200 {
        fields.reset()
        fields.set(0, string: "value-\(i % 120)")
        switch i % 4 {
        case 0: break  // slot 1 missing
        case 1: fields.setNull(1)
        case 2: fields.set(1, string: "")
        default: fields.set(1, string: "x\(i)")
        }
        let expected = rule.value(fields)
        let key = "\(fields.string(0) ?? "")|\(fields.kind(1))|\(fields.string(1) ?? "")"
        if !remembered.contains(key) {
          expectedComputations += 1
          if remembered.count < 50 { remembered.insert(key) }
        }
        #expect(cache.result(fields, buffer: &buffer, rules: rule) == expected, "round \(round), \(i)")
      }
    }
    #expect(rule.computed == expectedComputations)
    #expect(expectedComputations > 200)  // past the limit, values were computed again
  }
}

/// A rule that counts how often it is evaluated.
private final class CountingRule: FieldRules {
  var computed = 0

  func evaluate(_ fields: RecordFields) -> UInt16 {
    computed += 1
    return value(fields)
  }

  func value(_ fields: RecordFields) -> UInt16 {
    let a = fields.string(0) ?? "-"
    let b = fields.kind(1) == .null ? "null" : fields.string(1) ?? "missing"
    return UInt16(truncatingIfNeeded: (a + "|" + b).utf8.reduce(0) { $0 &* 31 &+ Int($1) })
  }
}
