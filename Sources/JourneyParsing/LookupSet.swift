/// A set of lookup indices of one array node: a bit mask, and a list past 64 lookups (no allocation
/// for the usual one or two).
struct LookupSet {
  private var bits: UInt64 = 0
  private var more: [Int] = []

  func contains(_ index: Int) -> Bool { index < 64 ? bits & (1 << UInt64(index)) != 0 : more.contains(index) }

  mutating func insert(_ index: Int) {
    if index < 64 { bits |= 1 << UInt64(index) } else if !more.contains(index) { more.append(index) }
  }
}
