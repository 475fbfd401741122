import JourneyConfig
import JourneyModel

/// The config's `exclude:` conditions: a record matching any of them is dropped before anything else.
///
/// Like ``StageClassifier``, one value serves one thread at a time (regex memos); see ``withOwnMemos()``.
public struct ExclusionFilter: Sendable {
  private(set) var conditions: [CompiledCondition]
  /// The schema slots the conditions read, each once, in first-use order: whether a record is
  /// excluded is a function of these fields alone.
  package let slots: [Int]

  /// Registers every field the conditions read in `schema` and compiles their operators.
  public init(config: JourneyConfig, schema: inout FieldSchema) throws(JourneyError) {
    var conditions: [CompiledCondition] = []
    for condition in config.exclude { conditions.append(try CompiledCondition(condition, schema: &schema)) }
    self.conditions = conditions
    slots = CompiledCondition.slots(of: config.exclude, in: schema)
  }

  package func excludes(_ fields: RecordFields) -> Bool { firstMatch(fields) != nil }

  /// The index of the first condition `fields` matches (in `config.exclude`), or nil.
  package func firstMatch(_ fields: RecordFields) -> Int? {
    for (index, condition) in conditions.enumerated() where condition.matches(fields) { return index }
    return nil
  }

  /// How many conditions there are.
  package var count: Int { conditions.count }

  package var isEmpty: Bool { conditions.isEmpty }

  /// This filter with regex memos of its own, for use on another thread.
  package func withOwnMemos() -> ExclusionFilter {
    var copy = self
    copy.conditions = conditions.map { $0.withOwnMemos() }
    return copy
  }
}
