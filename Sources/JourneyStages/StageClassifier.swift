import JourneyConfig
import JourneyModel

/// Labels records with the stage of the first rule they match (SPEC §4), rules compiled once.
///
/// Literal operators compare raw bytes; globs run on bytes; a regex of literal alternatives runs on
/// bytes, any other remembers its answer per distinct value (``RegexMemo``). A missing field fails
/// every test except `exists: false` (and so satisfies `not:`).
///
/// The memos change as records are classified, so one value of a classifier serves one thread at a
/// time: give each thread its own with ``withOwnMemos()``.
public struct StageClassifier: Sendable {
  public let stageNames: [String]
  /// The schema slots the rules read, each once, in first-use order: a record's stage is a function
  /// of these fields alone.
  package let slots: [Int]
  private(set) var rules: [(stage: UInt16, condition: CompiledCondition)]
  let locations: [SourceLocation]
  let ruleStageNames: [String]
  /// The leading rules on one field's literal values, matched by a lookup (``LiteralRulePrefix``).
  package let literalPrefix: LiteralRulePrefix?

  /// Registers every field the rules read in `schema` and compiles their operators.
  public init(config: JourneyConfig, schema: inout FieldSchema) throws(JourneyError) {
    stageNames = config.stages
    var rules: [(stage: UInt16, condition: CompiledCondition)] = []
    for (i, rule) in config.rules.enumerated() {
      guard let stage = config.stages.firstIndex(of: rule.stage) else {
        throw JourneyError(kind: .config, location: rule.location.description, message: "unknown stage '\(rule.stage)' in rules[\(i)]; stages are: \(config.stages.joined(separator: ", "))")
      }
      rules.append((UInt16(stage), try CompiledCondition(rule.condition, schema: &schema)))
    }
    self.rules = rules
    slots = CompiledCondition.slots(of: config.rules.map(\.condition), in: schema)
    locations = config.rules.map(\.location)
    ruleStageNames = config.rules.map(\.stage)
    literalPrefix = LiteralRulePrefix(rules: config.rules, schema: schema)
  }

  /// The stage index of the first matching rule, or ``EventRecord/noStage``.
  @inlinable public func classify(_ fields: RecordFields) -> UInt16 {
    match(fields)?.stage ?? EventRecord.noStage
  }

  /// The first matching rule (index into `config.rules`) and its stage.
  public func match(_ fields: RecordFields) -> (stage: UInt16, rule: Int)? {
    for (i, rule) in rules.enumerated() where rule.condition.matches(fields) { return (rule.stage, i) }
    return nil
  }

  /// Each rule up to and including the first that matches, with why the earlier ones did not.
  public func explain(_ fields: RecordFields) -> [RuleExplanation] {
    var result: [RuleExplanation] = []
    for (i, rule) in rules.enumerated() {
      let why = rule.condition.failure(fields)
      result.append(RuleExplanation(rule: i, location: locations[i], stage: ruleStageNames[i], matched: why == nil, reason: why))
      if why == nil { break }
    }
    return result
  }

  package func ruleLocation(_ rule: Int) -> SourceLocation { locations[rule] }

  /// The stage index of each rule, in config order.
  package var ruleStages: [UInt16] { rules.map(\.stage) }

  /// This classifier with regex memos of its own, for use on another thread.
  public func withOwnMemos() -> StageClassifier {
    var copy = self
    copy.rules = rules.map { ($0.stage, $0.condition.withOwnMemos()) }
    return copy
  }
}
