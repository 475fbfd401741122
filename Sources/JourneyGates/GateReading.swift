/// A quantity's value, or why it has none (no units reached the stage; a quantity this source lacks).
package enum GateReading: Sendable, Hashable {
  case value(Double)
  case undefined(String)
}
