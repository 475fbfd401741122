/// `{stage: purchase, event: Order Completed}`: events matching `condition` get `stage`.
///
/// Two rules are equal when stage and condition are; where they were written does not matter.
public struct Rule: Sendable, Equatable, Encodable {
  package var stage: String
  package var condition: Condition
  package var location: SourceLocation

  package init(stage: String, condition: Condition, location: SourceLocation) {
    self.stage = stage
    self.condition = condition
    self.location = location
  }

  public static func == (a: Rule, b: Rule) -> Bool { a.stage == b.stage && a.condition == b.condition }

  enum CodingKeys: String, CodingKey { case stage, condition, location }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(stage, forKey: .stage)
    try container.encode(condition, forKey: .condition)
  }
}
