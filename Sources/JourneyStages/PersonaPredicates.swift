import JourneyConfig
import JourneyModel

/// The personas' per-event tests (``PersonaPredicateLayout``), compiled: for one record, the
/// ``EventRecord/traits`` bits the ingest stores with the event.
///
/// Like ``StageClassifier``, one value serves one thread at a time (regex memos); see ``withOwnMemos()``.
package struct PersonaPredicates: Sendable {
  private enum Test: Sendable {
    case present(slot: Int)
    case condition(CompiledCondition)
  }

  private var tests: [Test]
  /// The schema slots the tests read, each once, in first-use order: the bits are a function of
  /// these fields alone.
  package let slots: [Int]

  /// Registers every field the tests read in `schema` and compiles them.
  package init(layout: PersonaPredicateLayout, schema: inout FieldSchema) throws(JourneyError) {
    var tests: [Test] = []
    var conditions: [Condition] = []
    for predicate in layout.predicates {
      switch predicate {
      case .present(let field): tests.append(.present(slot: schema.slot(for: field)))
      case .holds(let condition), .matches(let condition):
        tests.append(.condition(try CompiledCondition(condition, schema: &schema)))
        conditions.append(condition)
      }
    }
    self.tests = tests
    var slots: [Int] = []
    for test in tests {
      if case .present(let slot) = test, !slots.contains(slot) { slots.append(slot) }
    }
    for slot in CompiledCondition.slots(of: conditions, in: schema) where !slots.contains(slot) { slots.append(slot) }
    self.slots = slots
  }

  package var isEmpty: Bool { tests.isEmpty }

  /// Bit *i* set when test *i* holds for `fields`.
  package func bits(_ fields: RecordFields) -> UInt16 {
    var bits: UInt16 = 0
    var i = 0
    while i < tests.count {
      switch tests[i] {
      case .present(let slot): if fields.hasValue(slot) { bits |= 1 << UInt16(i) }
      case .condition(let condition): if condition.matches(fields) { bits |= 1 << UInt16(i) }
      }
      i += 1
    }
    return bits
  }

  /// These tests with regex memos of their own, for use on another thread.
  package func withOwnMemos() -> PersonaPredicates {
    var copy = self
    copy.tests = tests.map { test in
      if case .condition(let condition) = test { return .condition(condition.withOwnMemos()) }
      return test
    }
    return copy
  }
}
