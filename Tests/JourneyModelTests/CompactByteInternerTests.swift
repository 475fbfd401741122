import JourneyModel
import Testing

/// The compact interner hands out exactly the ids of ``ByteInterner``: in order of first sight,
/// repeats found, through a regrowing index, per-block hand-over and bulk interning.
@Suite struct CompactByteInternerTests {
  func intern(_ interner: inout CompactByteInterner, _ text: String) -> UInt32 {
    Array(text.utf8).withUnsafeBytes { interner.intern($0) }
  }

  @Test func givesTheIDsOfTheWideInterner() {
    var compact = CompactByteInterner()
    var wide = ByteInterner()
    // Message ids, most seen once, some repeated; lengths around the wide index's inline bytes.
    for i in 0..<20_000 {
      let value = i % 7 == 3 ? "msg-\(i / 2)" : "msg-\(i)-\(String(repeating: "x", count: i % 30))"
      let id = intern(&compact, value)
      #expect(id == Array(value.utf8).withUnsafeBytes { wide.intern($0) })
      #expect(compact[id] == value)
    }
    #expect(intern(&compact, "") == 0)
    #expect(compact.count == wide.count)
  }

  @Test func takenValuesAndBulkInterningKeepTheOrderOfFirstSight() {
    var local = CompactByteInterner()
    for i in 0..<300 { _ = intern(&local, "id-\(i % 200)") }
    let block = local.takeValues()
    #expect(block.count == 201)
    #expect(local.count == 1)
    #expect(intern(&local, "id-5") == 1)
    var global = CompactByteInterner()
    for i in stride(from: 0, to: 200, by: 3) { _ = intern(&global, "id-\(i)") }
    var expected = global
    let ids = global.internAll(block)
    #expect(ids[0] == 0)
    for id in 1..<block.count { #expect(ids[id] == intern(&expected, block[UInt32(id)])) }
    #expect(global.count == expected.count)
  }
}
