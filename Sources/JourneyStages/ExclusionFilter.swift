import JourneyConfig
import JourneyModel

/// The config's `exclude:` conditions: a record matching any of them is dropped before anything else.
public struct ExclusionFilter: Sendable {
  let conditions: [CompiledCondition]

  /// Registers every field the conditions read in `schema` and compiles their operators.
  public init(config: JourneyConfig, schema: inout FieldSchema) throws(JourneyError) {
    var conditions: [CompiledCondition] = []
    for condition in config.exclude { conditions.append(try CompiledCondition(condition, schema: &schema)) }
    self.conditions = conditions
  }

  public func excludes(_ fields: RecordFields) -> Bool {
    for condition in conditions where condition.matches(fields) { return true }
    return false
  }

  public var isEmpty: Bool { conditions.isEmpty }
}
