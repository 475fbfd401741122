import JourneyModel
import Testing

@Suite struct ByteInternerTests {
  func intern(_ interner: inout ByteInterner, _ text: String) -> UInt32 {
    Array(text.utf8).withUnsafeBytes { interner.intern($0) }
  }

  @Test func givesEachDistinctValueOneIdInOrderOfFirstSight() {
    var interner = ByteInterner()
    #expect(intern(&interner, "") == 0)
    #expect(intern(&interner, "u1") == 1)
    #expect(intern(&interner, "u2") == 2)
    #expect(intern(&interner, "u1") == 1)
    var ids: [UInt32] = []
    for i in 0..<5000 { ids.append(intern(&interner, "user-\(i)-with-a-longer-id")) }
    for i in 0..<5000 { #expect(intern(&interner, "user-\(i)-with-a-longer-id") == ids[i]) }
    #expect(interner.count == 5003)
    #expect(interner[2] == "u2")
    #expect(interner[ids[4321]] == "user-4321-with-a-longer-id")
    #expect(Array("nope".utf8).withUnsafeBytes { interner.lookup($0) } == nil)
  }

  @Test func repeatsAndLookupsAfterTheRememberedValueGiveTheSameIds() {
    var interner = ByteInterner()
    // Runs of one value, values of equal length differing in one byte, prefixes, and the empty value.
    let values = ["u1", "u1", "u2", "u2", "u1", "", "u1", "u10", "u1", "u10", "", "", "u2"]
    let ids = values.map { intern(&interner, $0) }
    #expect(ids == [1, 1, 2, 2, 1, 0, 1, 3, 1, 3, 0, 0, 2])
    #expect(Array("u10".utf8).withUnsafeBytes { interner.lookupRemembering($0) } == 3)
    #expect(Array("u10".utf8).withUnsafeBytes { interner.lookupRemembering($0) } == 3)
    #expect(Array("u1".utf8).withUnsafeBytes { interner.lookupRemembering($0) } == 1)
    #expect(Array("u3".utf8).withUnsafeBytes { interner.lookupRemembering($0) } == nil)
    #expect(Array("".utf8).withUnsafeBytes { interner.lookupRemembering($0) } == 0)
    #expect(intern(&interner, "u3") == 4)
    #expect(interner.count == 5)
  }

  /// Values of every length up to 70 bytes (all word/tail splits of the hash), and values that
  /// differ only in their last byte.
  @Test func valuesOfEveryLengthKeepTheirIDs() {
    var interner = ByteInterner()
    var values: [String] = []
    for length in 1...70 {
      let base = String(repeating: "x", count: length)
      values.append(base)
      values.append(String(base.dropLast()) + "y")  // differs in the last byte only
    }
    let ids = values.map { intern(&interner, $0) }
    #expect(Set(ids).count == values.count)
    #expect(ids == Array(1...UInt32(values.count)))
    for (value, id) in zip(values, ids) {
      #expect(intern(&interner, value) == id)
      #expect(Array(value.utf8).withUnsafeBytes { interner.lookup($0) } == id)
      #expect(interner[id] == value)
    }
  }

  @Test func takenValuesKeepTheirIDsAndTheInternerStartsAgain() {
    var interner = ByteInterner()
    for i in 0..<1000 { _ = intern(&interner, "block-one-\(i)") }
    let taken = interner.takeValues()
    #expect(taken.count == 1001)
    #expect(taken[1] == "block-one-0")
    #expect(interner.count == 1)
    #expect(intern(&interner, "block-one-999") == 1)
    #expect(intern(&interner, "new") == 2)
  }

  @Test func internAllGivesTheIDsOfOneCallPerValueInOrder() {
    var local = ByteInterner()
    let words = (0..<500).map { "value-\($0 % 300)-\(String(repeating: "z", count: $0 % 40))" }
    for word in words { _ = intern(&local, word) }
    var global = ByteInterner()
    for i in stride(from: 0, to: 300, by: 7) { _ = intern(&global, words[i]) }
    var expected = global
    let mapped = global.internAll(local.values)
    #expect(mapped[0] == 0)
    for id in 1..<local.count {
      let value = local[UInt32(id)]
      #expect(mapped[id] == intern(&expected, value))
    }
    #expect(global.count == expected.count)
    for id in 1..<global.count { #expect(global[UInt32(id)] == expected[UInt32(id)]) }
  }
}
