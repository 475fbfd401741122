import JourneyModel
import Testing

@Suite struct SplitMix64Tests {
  /// The reference sequence of Vigna's splitmix64.c from state 0: generated data sets, test inputs and
  /// benchmark inputs depend on these exact values.
  @Test func matchesTheReferenceSequence() {
    var generator = SplitMix64(seed: 0)
    #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
    #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    #expect(generator.next() == 0x06C4_5D18_8009_454F)
  }

  @Test func drawsStayInRange() {
    var generator = SplitMix64(seed: 42)
    for bound in [1, 2, 3, 7, 1000, 1 << 20] {
      for _ in 0..<1000 {
        #expect((0..<bound).contains(generator.below(bound)))
      }
    }
    for _ in 0..<1000 {
      let unit = generator.unit()
      #expect(unit >= 0 && unit < 1)
    }
  }

  @Test func theSameSeedRepeats() {
    var a = SplitMix64(seed: 2026)
    var b = SplitMix64(seed: 2026)
    #expect((0..<100).map { _ in a.next() } == (0..<100).map { _ in b.next() })
    #expect(a.state == b.state)
  }
}
