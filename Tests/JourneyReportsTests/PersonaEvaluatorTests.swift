import JourneyModel
import Testing

@testable import JourneyReports

/// Persona membership over a user's whole history (SPEC §9), hand-computed for every construct,
/// then against a brute-force reference on random histories.
@Suite struct PersonaEvaluatorTests {
  static let day: Microseconds = 86_400_000_000

  /// The membership of one user whose events are `(bits, seconds)`, in order.
  static func membership(_ rules: [PersonaRule], _ events: [(UInt64, Double)]) -> UInt64 {
    var evaluator = PersonaEvaluator(rules: rules)
    evaluator.begin()
    for (bits, seconds) in events { evaluator.observe(bits: bits, time: Microseconds(seconds * 1_000_000)) }
    return evaluator.finish()
  }

  /// Bit 0: the field has a value; bit 1: the test on it holds.
  @Test func firstTouchIsDecidedByTheFirstNonEmptyValueOnly() {
    let rule = PersonaRule.firstTouch(present: 0, holds: 1)
    // An event without the field, then a first value that fails, then one that would hold: no.
    #expect(Self.membership([rule], [(0b00, 0), (0b01, 1), (0b11, 2)]) == 0)
    // The first value holds; a later failing one changes nothing.
    #expect(Self.membership([rule], [(0b00, 0), (0b11, 1), (0b01, 2)]) == 1)
    // Never a value: not in the persona.
    #expect(Self.membership([rule], [(0b00, 0), (0b00, 5)]) == 0)
    #expect(Self.membership([rule], []) == 0)
  }

  @Test func didCountsMatchesAtLeastAndAtMost() {
    let atLeastTwo = PersonaRule.did(matches: 0, atLeast: 2, atMost: nil, within: nil)
    let atMostOne = PersonaRule.did(matches: 0, atLeast: 0, atMost: 1, within: nil)
    let exactlyOne = PersonaRule.did(matches: 0, atLeast: 1, atMost: 1, within: nil)
    let rules = [atLeastTwo, atMostOne, exactlyOne]
    #expect(Self.membership(rules, []) == 0b010, "no match: at most one (zero) holds")
    #expect(Self.membership(rules, [(1, 0), (0, 1)]) == 0b110)
    #expect(Self.membership(rules, [(1, 0), (1, 90 * 86_400)]) == 0b001, "two matches months apart: no window")
  }

  /// `within` is a closed window: two matches exactly 7 days apart are inside one 7-day window.
  @Test func withinIsAClosedSlidingWindow() {
    let week = PersonaRule.did(matches: 0, atLeast: 2, atMost: nil, within: 7 * Self.day)
    var evaluator = PersonaEvaluator(rules: [week])
    evaluator.begin()
    evaluator.observe(bits: 1, time: 0)
    evaluator.observe(bits: 1, time: 7 * Self.day)
    #expect(evaluator.finish() == 1, "at the window's exact edge")
    evaluator.begin()
    evaluator.observe(bits: 1, time: 0)
    evaluator.observe(bits: 1, time: 7 * Self.day + 1)
    #expect(evaluator.finish() == 0, "one microsecond past it")
    // Researcher: 5 views within 7 days, somewhere in a long history.
    let researcher = PersonaRule.did(matches: 0, atLeast: 5, atMost: nil, within: 7 * Self.day)
    let spread = (0..<20).map { (UInt64(1), Double($0) * 2 * 86_400) }  // one view every 2 days: 4 per 7 days
    #expect(Self.membership([researcher], spread) == 0)
    // A view on day 1 too: days 0, 1, 2, 4, 6 are five in [0, 7 d].
    #expect(Self.membership([researcher], (spread + [(1, 86_400)]).sorted { $0.1 < $1.1 }) == 1, "a fifth view in one week")
  }

  @Test func atMostWithinBoundsEveryWindow() {
    let calm = PersonaRule.did(matches: 0, atLeast: 0, atMost: 2, within: Self.day)
    #expect(Self.membership([calm], [(1, 0), (1, 86_400 * 2), (1, 86_400 * 4)]) == 1)
    #expect(Self.membership([calm], [(1, 0), (1, 3_600), (1, 86_400 * 4)]) == 1, "two in one day")
    #expect(Self.membership([calm], [(1, 0), (1, 3_600), (1, 7_200)]) == 0, "three in one day")
    #expect(Self.membership([calm], [(0, 0)]) == 1, "never: zero in every window")
  }

  /// SPEC §9's Mobile: first touch on mobile and never ordered; bits: 0 device present, 1 mobile,
  /// 2 Order Completed. With a second persona (ordered at least once), a user may be in both or none.
  @Test func nestingAndUsersInSeveralPersonas() {
    let mobile = PersonaRule.all([
      .firstTouch(present: 0, holds: 1), .not(.did(matches: 2, atLeast: 1, atMost: nil, within: nil)),
    ])
    let buyer = PersonaRule.did(matches: 2, atLeast: 1, atMost: nil, within: nil)
    let browsing = PersonaRule.any([.firstTouch(present: 0, holds: 1), buyer])
    let rules = [mobile, buyer, browsing]
    #expect(Self.membership(rules, [(0b011, 0), (0b000, 5)]) == 0b101, "mobile, never ordered")
    #expect(Self.membership(rules, [(0b011, 0), (0b100, 5)]) == 0b110, "mobile but ordered")
    #expect(Self.membership(rules, [(0b001, 0), (0b100, 5)]) == 0b110, "desktop buyer")
    #expect(Self.membership(rules, [(0b001, 0)]) == 0, "(no persona)")
  }

  @Test func beginStartsAFreshUser() {
    let rules: [PersonaRule] = [.firstTouch(present: 0, holds: 1), .did(matches: 2, atLeast: 2, atMost: nil, within: 60_000_000)]
    var evaluator = PersonaEvaluator(rules: rules)
    evaluator.begin()
    evaluator.observe(bits: 0b111, time: 0)
    evaluator.observe(bits: 0b100, time: 1)
    #expect(evaluator.finish() == 0b11)
    evaluator.begin()
    evaluator.observe(bits: 0b101, time: 10)
    #expect(evaluator.finish() == 0, "nothing of the first user is left")
  }

  /// Random histories (ties, long bursts past the window storage's compaction) against a brute
  /// force: every window [t_i, t_i + within] counted from scratch.
  @Test func agreesWithABruteForceOnRandomHistories() {
    var random = SplitMix64(seed: 2026)
    for _ in 0..<300 {
      let within = Microseconds(random.next() % 50 + 1)
      let atLeast = Int(random.next() % 6)
      let atMost: Int? = random.next() % 2 == 0 ? nil : atLeast + Int(random.next() % 80)
      let rules: [PersonaRule] = [
        .did(matches: 0, atLeast: atLeast, atMost: atMost, within: within),
        .did(matches: 0, atLeast: atLeast, atMost: atMost, within: nil),
        .firstTouch(present: 1, holds: 2),
      ]
      var time: Microseconds = 0
      let events = (0..<Int(random.next() % 300)).map { _ -> (UInt64, Microseconds) in
        time += Microseconds(random.next() % 4)
        return (random.next() % 8, time)
      }
      var evaluator = PersonaEvaluator(rules: rules)
      evaluator.begin()
      for (bits, time) in events { evaluator.observe(bits: bits, time: time) }
      let matches = events.filter { $0.0 & 1 != 0 }.map(\.1)
      let most = matches.map { start in matches.filter { $0 >= start && $0 - start <= within }.count }.max() ?? 0
      func inRange(_ count: Int) -> Bool { count >= atLeast && atMost.map { count <= $0 } ?? true }
      let first = events.first { $0.0 & 2 != 0 }
      let expected: UInt64 =
        (inRange(most) ? 1 : 0) | (inRange(matches.count) ? 2 : 0) | ((first.map { $0.0 & 4 != 0 } ?? false) ? 4 : 0)
      #expect(evaluator.finish() == expected, "within \(within), at least \(atLeast), at most \(String(describing: atMost))")
    }
  }
}
