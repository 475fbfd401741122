import JourneyConfig

/// How one rule fared on one record, for `journey classify --explain`.
public struct RuleExplanation: Sendable, Equatable, CustomStringConvertible {
  /// Index into the config's `rules`.
  public var rule: Int
  package var location: SourceLocation
  package var stage: String
  public var matched: Bool
  /// Why the rule did not match (the first failing test); nil when it matched.
  public var reason: String?

  package init(rule: Int, location: SourceLocation, stage: String, matched: Bool, reason: String?) {
    self.rule = rule
    self.location = location
    self.stage = stage
    self.matched = matched
    self.reason = reason
  }

  /// `shop.yaml:14: rules[3] (purchase): no match: event is 'Page Viewed', expected 'Order Completed'`
  public var description: String {
    let head = "\(location.fileAndLine): rules[\(rule)] (\(stage))"
    return matched ? "\(head): matched" : "\(head): no match: \(reason ?? "")"
  }
}
