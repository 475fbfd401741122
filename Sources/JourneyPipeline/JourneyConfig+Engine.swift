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

  /// What the engine reports (`stages`, `funnel:`, `breakdown:`, `report:`).
  package var reportSettings: ReportSettings {
    ReportSettings(
      stages: stages, scope: funnel.scope, order: funnel.order, window: funnel.window,
      topPaths: report.topPaths, maxPathLength: report.maxPathLength,
      breakdowns: breakdown.map { ReportSettings.Breakdown(field: $0.field, top: $0.top) })
  }
}
