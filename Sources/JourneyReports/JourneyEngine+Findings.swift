import JourneyModel

/// The funnel's headline and findings in words (SPEC §8): what table, Markdown and HTML print first.
extension JourneyEngine {
  /// Units in words ("sessions", "users").
  static func unitWord(_ settings: ReportSettings, count: Int = 2) -> String {
    let word = settings.scope == .session ? "session" : "user"
    return count == 1 ? word : word + "s"
  }

  /// An integer with thousands separators: 7,215.
  package static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (index, digit) in digits.enumerated() {
      if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
      out.append(digit)
    }
    return value < 0 ? "-" + out : out
  }

  /// A share as a percentage with one decimal: 40.0%.
  static func percent(_ share: Double) -> String {
    let tenths = (share * 1000).rounded()
    return "\(Int(tenths) / 10).\(Int(tenths) % 10)%"
  }

  /// Seconds in plain words: "42 s", "2.5 min", "1.2 h", "3.1 d" (one decimal, trailing .0 dropped).
  static func duration(_ seconds: Double) -> String {
    func oneDecimal(_ value: Double) -> String {
      let tenths = Int((value * 10).rounded())
      return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }
    if seconds < 60 { return oneDecimal(seconds) + " s" }
    if seconds < 3600 { return oneDecimal(seconds / 60) + " min" }
    if seconds < 86400 { return oneDecimal(seconds / 3600) + " h" }
    return oneDecimal(seconds / 86400) + " d"
  }

  /// The headline naming its kind: "closed funnel: A of B entrants completed <last step>; C of D
  /// sessions reached <last stage>" (C: the last stage's reach, the open funnel).
  static func headline(_ funnel: JourneyReport.Funnel, map: JourneyMap, settings: ReportSettings) -> String? {
    guard let last = funnel.steps.last, let lastStage = map.stages.last else { return nil }
    let entrants = funnel.entrants ?? 0
    return "\(funnel.kind) funnel: \(grouped(last.units)) of \(grouped(entrants)) entrants completed \(last.label); "
      + "\(grouped(lastStage.reach)) of \(grouped(map.units)) \(unitWord(settings, count: map.units)) reached \(lastStage.stage)"
  }

  /// The largest absolute drop (the previous step's `dropped`: units in progress are not lost;
  /// none when no step loses a unit), the lowest conversion from the previous step (over steps whose
  /// previous step has units), the slowest step (highest median from the previous), each over steps
  /// ≥ 1 (ties to the earliest step), and the top exit touchpoint of the units lost before the
  /// largest drop's step.
  static func findings(_ funnel: JourneyReport.Funnel, map: JourneyMap, settings: ReportSettings) -> Findings {
    let steps = funnel.steps
    var findings = Findings()
    guard steps.count > 1 else { return findings }
    let units = unitWord(settings)
    var largest: Int?
    var lowest: Int?
    var slowest: Int?
    for step in 1..<steps.count {
      if largest.map({ steps[step - 1].dropped > steps[$0 - 1].dropped }) ?? true { largest = step }
      if steps[step - 1].units > 0,
        lowest.map({ steps[step].conversionFromPrevious < steps[$0].conversionFromPrevious }) ?? true
      {
        lowest = step
      }
      if let median = steps[step].medianSecondsFromPrevious,
        slowest.map({ median > steps[$0].medianSecondsFromPrevious! }) ?? true
      {
        slowest = step
      }
    }
    var sentences: [String] = []
    // No units lost anywhere: no largest drop (nor its exit touchpoint) to name.
    if let step = largest, steps[step - 1].dropped == 0 { largest = nil }
    if let step = largest {
      let (from, to) = (steps[step - 1], steps[step])
      let drop = from.dropped
      findings.largestDrop = .init(step: step, label: to.label, value: Double(drop))
      let stillOpen =
        from.inProgress == 0 ? "" : "; \(grouped(from.inProgress)) more \(from.inProgress == 1 ? "is" : "are") still in progress"
      sentences.append(
        "The largest drop is before \(to.label): \(grouped(drop)) of \(grouped(from.units)) "
          + "\(unitWord(settings, count: from.units)) (\(percent(from.units == 0 ? 0 : Double(drop) / Double(from.units)))) "
          + "that reached \(from.label) did not reach \(to.label)\(stillOpen).")
    }
    if let step = lowest {
      let (from, to) = (steps[step - 1], steps[step])
      findings.lowestConversion = .init(step: step, label: to.label, value: to.conversionFromPrevious)
      sentences.append(
        "The lowest conversion is to \(to.label): \(percent(to.conversionFromPrevious)) of the \(units) that "
          + "reached \(from.label) (\(grouped(to.units)) of \(grouped(from.units))).")
    }
    if let step = slowest, let median = steps[step].medianSecondsFromPrevious {
      let (from, to) = (steps[step - 1], steps[step])
      findings.slowestStep = .init(step: step, label: to.label, value: median)
      sentences.append("The slowest step is \(from.label) → \(to.label): median \(duration(median)).")
    }
    if let step = largest, let exits = map.stages[step - 1].exits, let top = exits.exit.first {
      findings.topExitOfLargestDrop = top
      // `(none)`: the last event had no touchpoint value; say so rather than "last did (none)".
      let what = top.value == JourneyEngine.none ? "ended on an event without a touchpoint" : "last did \(top.value)"
      sentences.append(
        "Of the \(grouped(exits.dropped)) \(unitWord(settings, count: exits.dropped)) lost after \(exits.step), \(grouped(top.units)) "
          + "(\(percent(top.share))) \(what).")
    }
    findings.sentences = sentences
    return findings
  }
}
