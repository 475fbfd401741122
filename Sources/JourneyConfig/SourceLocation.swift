/// Where something was written in a config file: `shop.yaml:14:9`.
public struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible, Encodable {
  public var file: String
  /// 1-based.
  public var line: Int
  /// 1-based, in Unicode scalars.
  public var column: Int

  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  public var description: String { "\(file):\(line):\(column)" }

  /// `file:line`, the form `journey classify` prints for a rule.
  public var fileAndLine: String { "\(file):\(line)" }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
