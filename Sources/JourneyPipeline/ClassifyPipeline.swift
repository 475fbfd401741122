import JourneyConfig
import JourneyInput
import JourneyModel
import JourneyStages

/// `journey classify`: each event's stage and the rule that matched, in input order.
public enum ClassifyPipeline {
  public struct Row: Sendable {
    public var file: String
    public var line: Int
    public var user: String?
    public var time: Microseconds?
    public var event: String?
    public var stage: String?
    /// `shop.yaml:12` of the matching rule.
    public var rule: String?
    /// With `--explain`: each rule tried, in order, and why it did not match.
    public var explanations: [RuleExplanation]
    /// Why the event takes no part (excluded, rejected), if so.
    public var note: String?
  }

  public static func run(_ settings: RunSettings, explain: Bool, emit: (Row) throws -> Void) throws {
    let sources = try settings.sources()
    let config = try ConfigResolver.resolve(settings, sources: sources)
    var extractor = try EventExtractor(config: config, from: settings.from, to: settings.to)
    let eventSlot = config.input.fields.event.map { extractor.slot(forField: $0) }
    let runner = IngestRunner(config: config, settings: settings)
    let classifier = extractor.classifier
    var failure: (any Error)?
    try runner.run(sources: sources, schema: extractor.schema) { fields, location in
      guard failure == nil else { return }
      var row = Row(
        file: location.file, line: location.line, event: eventSlot.flatMap { fields.string($0) }, explanations: [])
      switch extractor.extract(fields, order: location.order) {
      case .accepted(let event):
        row.user = extractor.users[event.user]
        row.time = event.time
        if let match = classifier.match(fields) {
          row.stage = config.stages[Int(match.stage)]
          row.rule = classifier.ruleLocation(match.rule).fileAndLine
        }
        if explain { row.explanations = classifier.explain(fields) }
      case .excluded:
        row.note = "excluded"
      case .outOfRange:
        row.note = "outside --from/--to"
      case .rejected(let reason, let detail):
        row.note = "rejected: \(reason): \(detail)"
        runner.reject(file: location.file, line: location.line, reason: reason, detail: detail, excerpt: location.excerpt)
      }
      do { try emit(row) } catch { failure = error }
    }
    if let failure { throw failure }
  }
}
