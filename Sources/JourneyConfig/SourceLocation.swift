/// Where something was written in a config file: `shop.yaml:14:9`.
package struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible, Encodable {
  package var file: String
  /// 1-based.
  package var line: Int
  /// 1-based, in Unicode scalars.
  package var column: Int

  package init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  package var description: String { "\(file):\(line):\(column)" }

  /// `file:line`, the form `journey classify` prints for a rule.
  package var fileAndLine: String { "\(file):\(line)" }

  package func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
