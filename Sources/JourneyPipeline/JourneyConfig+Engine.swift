import JourneyConfig
import JourneyModel
import JourneyReports
import JourneySessions

/// The engine's settings from the effective config: the one place where config values become
/// session and report settings.
extension JourneyConfig {
  /// How events are cut into sessions (`sessions:`, the export's session field, `dedupe:`).
  package var sessionPolicy: SessionPolicy {
    SessionPolicy(
      timeout: sessions.timeout, splitAtMidnight: sessions.splitAtMidnight, timeZone: sessions.timezone,
      newOnChange: sessions.newOnChange != nil, maxDuration: sessions.maxDuration,
      useExportSessions: input.fields.session != nil, dedupe: dedupe != nil)
  }

  /// ``sessionPolicy`` for the events of an ingest whose `dedupe` values are in `dedupeLog`
  /// (``IDSpace/dedupeLog``): events' dedupe ids are hashes, confirmed against these bytes.
  package func sessionPolicy(dedupeLog: DedupeLog) -> SessionPolicy {
    var policy = sessionPolicy
    if policy.dedupe { policy.dedupeLog = dedupeLog.sorted() }
    return policy
  }

  /// What the engine reports (`stages`, `funnel:`, `breakdown:`, `report:`, `touchpoint:`,
  /// `journey_map:`).
  ///
  /// The touchpoint value is the last field of an event's ``AttributeTable`` tuple, after the
  /// breakdown fields (``EventExtractor`` stores it there): `touchpointAttribute` is the breakdown
  /// count, nil when there is no touchpoint field.
  package var reportSettings: ReportSettings {
    var settings = ReportSettings(
      stages: stages, scope: funnel.scope, order: funnel.order, window: funnel.window,
      topPaths: report.topPaths, maxPathLength: report.maxPathLength,
      breakdowns: breakdown.map { ReportSettings.Breakdown(field: $0.field, top: $0.top) })
    settings.touchpoint = touchpointName ?? "(none)"
    settings.touchpointAttribute = touchpointFields.isEmpty ? nil : breakdown.count
    settings.mapTop = journeyMap.top
    settings.liftMinUnits = journeyMap.minUnits
    // The parser checked that the personas' tests fit; the extractor sets the same bits.
    if !personas.isEmpty, let layout = try? PersonaPredicateLayout(personas: personas) {
      settings.personas = personas.map { ReportSettings.Persona(name: $0.name, rule: Self.rule($0.condition, layout: layout)) }
    }
    return settings
  }

  /// A persona's condition as a rule on the event bits of `layout`.
  static func rule(_ condition: PersonaCondition, layout: PersonaPredicateLayout) -> PersonaRule {
    switch condition {
    case .firstTouch(let field, let test):
      .firstTouch(present: layout.bit(.present(field: field)), holds: layout.bit(.holds(test)))
    case .did(let did):
      .did(matches: layout.bit(.matches(did.condition)), atLeast: did.atLeast, atMost: did.atMost, within: did.within)
    case .all(let parts): .all(parts.map { rule($0, layout: layout) })
    case .any(let parts): .any(parts.map { rule($0, layout: layout) })
    case .not(let inner): .not(rule(inner, layout: layout))
    }
  }
}
