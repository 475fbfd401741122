import Foundation
import JourneyModel
import JourneyReports

/// Compares two reports of the same journey into a ``ReportComparison`` (SPEC §10).
///
/// Reports of different journeys are refused before anything is compared, with one line naming the
/// first difference: the stages, the funnel scope, order or window, the journey map's touchpoint
/// field, the session settings, or the condition of a persona both name (a usage error, exit 1).
/// Conversions are tested on the counts behind them: from start, step units out of step-1 units;
/// from previous, step units out of the previous step's units. With personas in both reports, each
/// persona's funnel is compared the same way (``personas(_:_:)``).
package enum ReportComparer {
  /// Changes with a p-value below this are marked significant…
  package static let significanceLevel = 0.05
  /// …when each side has at least this many units behind the conversion (as SPEC §9 asks of personas).
  package static let minimumUnits = 30
  /// How many grown exit touchpoints each step lists.
  package static let topExits = 10

  /// - Parameters:
  ///   - baseFile, currentFile: the names the comparison and its errors show (as given on the command line).
  /// - Complexity: O(*s* + *t* log *t*) for *s* steps and stages and *t* exit touchpoints.
  package static func compare(
    base: JourneyReport, current: JourneyReport, baseFile: String, currentFile: String
  ) throws(JourneyError) -> ReportComparison {
    try refuseDifferentJourneys(base, current, baseFile: baseFile, currentFile: currentFile)
    var comparison = ReportComparison(
      base: side(base, file: baseFile), current: side(current, file: currentFile),
      funnel: ReportComparison.Funnel(
        scope: base.funnel.scope, order: base.funnel.order, windowSeconds: base.funnel.windowSeconds,
        stages: stageNames(base), touchpoint: base.journeyMap?.touchpoint),
      significanceLevel: significanceLevel, minimumUnits: minimumUnits,
      summary: ReportComparison.Summary(
        units: CountChange(base: base.summary.units, current: current.summary.units),
        events: CountChange(base: base.summary.events, current: current.summary.events),
        rejected: CountChange(base: base.summary.rejected, current: current.summary.rejected)),
      steps: steps(base.funnel.steps, current.funnel.steps, baseMap: base.journeyMap, currentMap: current.journeyMap),
      timeToConvert: DurationChange(
        base: base.funnel.timeToConvert?.whole.medianSeconds, current: current.funnel.timeToConvert?.whole.medianSeconds),
      stages: stages(base.journeyMap, current.journeyMap))
    if let basePersonas = base.personas, let currentPersonas = current.personas {
      comparison.personas = personas(basePersonas, currentPersonas)
    }
    return comparison
  }

  /// The personas of two reports matched by name: the base's in order, then those only the
  /// current one has, `(no persona)` last.
  package static func personas(_ base: [PersonaReport], _ current: [PersonaReport]) -> [PersonaComparison] {
    let nobody = PersonaReport.nobody
    var names = base.map(\.name).filter { $0 != nobody }
    names += current.map(\.name).filter { $0 != nobody && !names.contains($0) }
    if base.contains(where: { $0.name == nobody }) || current.contains(where: { $0.name == nobody }) { names.append(nobody) }
    return names.map { name in
      let b = base.first { $0.name == name }
      let c = current.first { $0.name == name }
      let users = CountChange(base: b?.users ?? 0, current: c?.users ?? 0)
      let units = CountChange(base: b?.units ?? 0, current: c?.units ?? 0)
      guard let b, let c else {
        return PersonaComparison(
          name: name, presentIn: b == nil ? .current : .base, users: users, units: units, steps: [], timeToConvert: nil,
          stages: [])
      }
      return PersonaComparison(
        name: name, presentIn: .both, users: users, units: units,
        steps: steps(b.funnel.steps, c.funnel.steps, baseMap: b.journeyMap, currentMap: c.journeyMap),
        timeToConvert: DurationChange(
          base: b.funnel.timeToConvert?.whole.medianSeconds, current: c.funnel.timeToConvert?.whole.medianSeconds),
        stages: stages(b.journeyMap, c.journeyMap))
    }
  }

  /// The funnel steps of two reports (or, later, of one persona in each) side by side; `current`
  /// has the same steps as `base` (``refuseDifferentJourneys(_:_:baseFile:currentFile:)``).
  package static func steps(
    _ baseSteps: [JourneyReport.Step], _ currentSteps: [JourneyReport.Step], baseMap: JourneyMap?, currentMap: JourneyMap?
  ) -> [ReportComparison.Step] {
    var steps: [ReportComparison.Step] = []
    for index in baseSteps.indices where index < currentSteps.count {
      let b = baseSteps[index]
      let c = currentSteps[index]
      let bStart = baseSteps[0].units
      let cStart = currentSteps[0].units
      let bPrevious = index == 0 ? b.units : baseSteps[index - 1].units
      let cPrevious = index == 0 ? c.units : currentSteps[index - 1].units
      steps.append(
        ReportComparison.Step(
          index: index, stage: b.stage, label: b.label,
          units: CountChange(base: b.units, current: c.units),
          dropped: CountChange(base: b.dropped, current: c.dropped),
          conversionFromStart: RateChange(
            base: (b.conversionFromStart, b.units, bStart), current: (c.conversionFromStart, c.units, cStart),
            significanceLevel: significanceLevel, minimumUnits: minimumUnits),
          conversionFromPrevious: RateChange(
            base: (b.conversionFromPrevious, b.units, bPrevious), current: (c.conversionFromPrevious, c.units, cPrevious),
            significanceLevel: significanceLevel, minimumUnits: minimumUnits),
          medianSecondsFromPrevious: DurationChange(base: b.medianSecondsFromPrevious, current: c.medianSecondsFromPrevious),
          exitsGrown: exitsGrown(baseMap?.stages[safe: index]?.exits?.exit, currentMap?.stages[safe: index]?.exits?.exit)))
    }
    return steps
  }

  /// Reach per stage of two journey maps, in the base map's order; empty when either is missing.
  package static func stages(_ baseMap: JourneyMap?, _ currentMap: JourneyMap?) -> [ReportComparison.Stage] {
    guard let baseMap, let currentMap else { return [] }
    return baseMap.stages.compactMap { b in
      guard let c = currentMap.stages.first(where: { $0.stage == b.stage }) else { return nil }
      return ReportComparison.Stage(
        stage: b.stage, reach: CountChange(base: b.reach, current: c.reach), share: ShareChange(base: b.share, current: c.share))
    }
  }
  /// Throws a usage error naming the first setting in which the two reports' journeys differ.
  static func refuseDifferentJourneys(
    _ base: JourneyReport, _ current: JourneyReport, baseFile: String, currentFile: String
  ) throws(JourneyError) {
    func refuse(_ what: String, _ baseValue: String, _ currentValue: String) -> JourneyError {
      JourneyError(
        kind: .usage,
        message: "cannot compare reports with different \(what): \(baseValue) in \(baseFile), \(currentValue) in \(currentFile)")
    }
    let baseStages = stageNames(base)
    let currentStages = stageNames(current)
    if baseStages != currentStages {
      throw refuse("stages", list(baseStages), list(currentStages))
    }
    if base.funnel.scope != current.funnel.scope {
      throw refuse("funnel scopes", base.funnel.scope, current.funnel.scope)
    }
    if base.funnel.order != current.funnel.order {
      throw refuse("funnel orders", base.funnel.order, current.funnel.order)
    }
    if base.funnel.windowSeconds != current.funnel.windowSeconds {
      throw refuse("funnel windows", window(base.funnel.windowSeconds), window(current.funnel.windowSeconds))
    }
    let baseLabels = base.funnel.steps.map(\.label)
    let currentLabels = current.funnel.steps.map(\.label)
    if baseLabels != currentLabels {
      throw refuse("funnel steps", list(baseLabels), list(currentLabels))
    }
    if let b = base.journeyMap?.touchpoint, let c = current.journeyMap?.touchpoint, b != c {
      throw refuse("journey-map touchpoints", b, c)
    }
    // What a session is (timeout, midnight and campaign splits, the export's ids) decides what a
    // unit is: reports cut differently count different things.
    if case .object(let b)? = base.config, case .object(let c)? = current.config,
      let baseSessions = b["sessions"], let currentSessions = c["sessions"], baseSessions != currentSessions
    {
      throw refuse("session settings", text(baseSessions), text(currentSessions))
    }
    // A persona of one name must be the same set of users in both: its condition, from the
    // embedded config (a persona only one report has is listed as such, not refused).
    if case .object(let b)? = base.config, case .object(let c)? = current.config,
      case .array(let basePersonas)? = b["personas"], case .array(let currentPersonas)? = c["personas"]
    {
      for case .object(let baseEntry) in basePersonas {
        guard case .string(let name)? = baseEntry["name"] else { continue }
        for case .object(let currentEntry) in currentPersonas where currentEntry["name"] == .string(name) {
          if let baseCondition = baseEntry["condition"], let currentCondition = currentEntry["condition"],
            baseCondition != currentCondition
          {
            throw refuse("definitions of persona '\(name)'", text(baseCondition), text(currentCondition))
          }
        }
      }
    }
  }

  /// A config value as compact JSON with sorted keys: `{"split_at_midnight":false,"timeout":"30m"}`.
  static func text(_ value: JSONValue) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value) else { return "?" }
    return String(decoding: data, as: UTF8.self)
  }

  /// The exit touchpoints whose units grew, most first (ties by value), at most ``topExits``;
  /// `(other)`, the sum of the unlisted values, is not a touchpoint and is left out.
  static func exitsGrown(
    _ base: [JourneyMap.TouchpointShare]?, _ current: [JourneyMap.TouchpointShare]?
  ) -> [TouchpointChange] {
    guard let current else { return [] }
    var baseUnits: [String: Int] = [:]
    for entry in base ?? [] { baseUnits[entry.value] = entry.units }
    let grown = current.compactMap { entry -> TouchpointChange? in
      guard entry.value != "(other)" else { return nil }
      let change = TouchpointChange(value: entry.value, base: baseUnits[entry.value] ?? 0, current: entry.units)
      return change.change > 0 ? change : nil
    }
    return Array(grown.sorted { ($0.change, $1.value) > ($1.change, $0.value) }.prefix(topExits))
  }

  private static func side(_ report: JourneyReport, file: String) -> ReportComparison.Side {
    ReportComparison.Side(file: file, firstEvent: report.summary.firstEvent, lastEvent: report.summary.lastEvent)
  }

  /// The report's stages in funnel order; the steps' labels when it lists none.
  private static func stageNames(_ report: JourneyReport) -> [String] {
    let names = report.stageNames
    return names.isEmpty ? report.funnel.steps.map(\.label) : names
  }

  private static func list(_ names: [String]) -> String { "[" + names.joined(separator: ", ") + "]" }

  /// A window in the units of the config (`1h`, `90m`, `45s`), `no window` for nil.
  package static func window(_ seconds: Double?) -> String {
    guard let seconds else { return "no window" }
    guard seconds == seconds.rounded(), seconds > 0, seconds < 1e15 else { return "\(seconds)s window" }
    let whole = Int(seconds)
    for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60)] where whole % size == 0 {
      return "\(whole / size)\(unit) window"
    }
    return "\(whole)s window"
  }
}

extension Array {
  fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
