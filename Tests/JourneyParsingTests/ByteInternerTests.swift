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

  /// Short values are kept in the index slot, zero-padded: values that differ only in trailing zero
  /// bytes (or in length) must still get their own ids, through the slot and through the check of
  /// the value interned just before.
  @Test func shortValuesDifferingInTrailingZeroBytesAreDistinct() {
    var interner = ByteInterner()
    let values: [[UInt8]] = [
      [0x61, 0x62], [0x61, 0x62, 0], [0x61, 0x62, 0, 0], [0x61, 0x62, 0, 0, 0, 0, 0, 0], [0], [0, 0], [0, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 0, 0], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
    ]
    let ids = values.map { value in value.withUnsafeBytes { interner.intern($0) } }
    #expect(ids == Array(1...UInt32(values.count)))
    // Again, each right after the one before it (the remembered value) and in reverse.
    for (value, id) in zip(values, ids) { #expect(value.withUnsafeBytes { interner.intern($0) } == id) }
    for (value, id) in zip(values, ids).reversed() {
      #expect(value.withUnsafeBytes { interner.lookupRemembering($0) } == id)
      #expect(value.withUnsafeBytes { interner.lookup($0) } == id)
    }
    for (value, id) in zip(values, ids) { interner.withBytes(of: id) { #expect(Array($0) == value) } }
  }

  /// Random values (0–40 bytes over a small alphabet with 0x00 and 0xFF, so equal prefixes, equal
  /// lengths and repeats are common) through intern, lookup, lookupRemembering, takeValues and
  /// internAll, against a dictionary: the same ids, across the index's growth.
  @Test func matchesADictionaryOnRandomValues() {
    var rng = SplitMix64(seed: 7)
    let alphabet: [UInt8] = [0x00, 0x61, 0x62, 0xFF]
    func randomValue() -> [UInt8] {
      let length = Int(rng.next() % 41)
      return (0..<length).map { _ in alphabet[Int(rng.next() % 4)] }
    }
    var interner = ByteInterner()
    var model: [[UInt8]: UInt32] = [[]: 0]
    var global = ByteInterner()
    var globalModel: [[UInt8]: UInt32] = [[]: 0]
    for round in 0..<6 {
      for _ in 0..<3000 {
        let value = randomValue()
        switch rng.next() % 4 {
        case 0, 1:
          let expected = model[value] ?? UInt32(model.count)
          model[value] = expected
          #expect(value.withUnsafeBytes { interner.intern($0) } == expected)
        case 2:
          #expect(value.withUnsafeBytes { interner.lookup($0) } == model[value])
        default:
          #expect(value.withUnsafeBytes { interner.lookupRemembering($0) } == model[value])
        }
      }
      let taken = interner.takeValues()
      #expect(taken.count == model.count)
      let mapped = global.internAll(taken)
      for (value, id) in model.sorted(by: { $0.value < $1.value }) {
        let expected = globalModel[value] ?? UInt32(globalModel.count)
        globalModel[value] = expected
        #expect(mapped[Int(id)] == expected, "round \(round)")
      }
      model = [[]: 0]
    }
    for (value, id) in globalModel { #expect(value.withUnsafeBytes { global.lookup($0) } == id) }
    #expect(global.count == globalModel.count)
  }

  /// A value of 16 MiB or more keeps its length in the arena's offsets, not in the slot: it is still
  /// found, and one differing in its last byte is not it.
  @Test func valuesOfSixteenMebibytesAndMoreAreFound() {
    var interner = ByteInterner()
    var big = [UInt8](repeating: 0x78, count: (1 << 24) + 3)
    let id = big.withUnsafeBytes { interner.intern($0) }
    #expect(intern(&interner, "between") == 2)
    #expect(big.withUnsafeBytes { interner.intern($0) } == id)
    #expect(big.withUnsafeBytes { interner.lookup($0) } == id)
    big[big.count - 1] = 0x79
    #expect(big.withUnsafeBytes { interner.lookup($0) } == nil)
    #expect(big.withUnsafeBytes { interner.intern($0) } == 3)
    big.removeLast()
    #expect(big.withUnsafeBytes { interner.lookupRemembering($0) } == nil)
  }
}
