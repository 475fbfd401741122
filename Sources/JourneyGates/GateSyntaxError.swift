/// A bad `--fail-if` expression: the 1-based column where it fails and what was expected there.
///
/// ``Gate/parse(_:for:)`` turns it into the usage error `--fail-if 'EXPR': column N: MESSAGE`.
package struct GateSyntaxError: Error, Sendable, Equatable {
  package var column: Int
  package var message: String

  package init(column: Int, message: String) {
    self.column = column
    self.message = message
  }
}
