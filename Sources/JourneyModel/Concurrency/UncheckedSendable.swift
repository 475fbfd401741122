/// Hands a value to another thread when the code around it makes that safe, checked by hand: the
/// threads touch disjoint memory, or one thread uses the value until the other joins it.
///
/// Say at each use why it is safe.
package struct UncheckedSendable<Value>: @unchecked Sendable {
  package let value: Value
  package init(_ value: Value) { self.value = value }
}
