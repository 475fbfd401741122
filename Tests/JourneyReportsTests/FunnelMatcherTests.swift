import JourneyModel
import JourneyTestSupport
import Testing

@testable import JourneyReports

/// The windowed ordered funnel (one forward pointer per stage) against the definition: every S1
/// event starts a chain extended greedily while it fits the window; the deepest wins, ties to the
/// earliest start.
@Suite struct FunnelMatcherTests {
  private static func reference(
    stages: [UInt16], times: [Microseconds], k: Int, window: Microseconds
  ) -> (depth: Int, chain: [Microseconds]) {
    var best = (depth: 0, chain: [Microseconds]())
    for start in stages.indices where stages[start] == 0 {
      var chain = [times[start]]
      var position = start
      while chain.count < k {
        guard let found = stages.indices.first(where: { $0 > position && Int(stages[$0]) == chain.count }),
          times[found] - times[start] <= window
        else { break }
        chain.append(times[found])
        position = found
      }
      if chain.count > best.depth { best = (chain.count, chain) }
    }
    return best
  }

  @Test(arguments: 0..<40)
  func orderedWindowMatchesTheDefinition(seed: Int) {
    var random = SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9 &+ 1)
    let k = Int(random.next() % 6) + 1
    let n = Int(random.next() % 300)
    var time: Microseconds = 0
    var stages: [UInt16] = []
    var times: [Microseconds] = []
    for _ in 0..<n {
      time += Microseconds(random.next() % 50)
      stages.append(UInt16(random.next() % UInt64(k)))
      times.append(time)
    }
    let window = Microseconds(random.next() % 400)
    var matcher = FunnelMatcher(stageCount: k, order: .ordered, window: window)
    let depth = matcher.match(stages: stages, times: times, visits: [], visitTimes: [])
    let expected = Self.reference(stages: stages, times: times, k: k, window: window)
    #expect(depth == expected.depth)
    #expect(Array(matcher.chain[0..<depth]) == expected.chain)
  }
}
