/// Everything one run needs to know: input mapping, exclusions, sessions, stages and rules, reports.
///
/// Made by ``ConfigLoader`` from a YAML file (on top of a ``Preset`` when `input.preset` is set) or
/// taken from a preset alone. Encodes as snake_case JSON: "the effective config" of a report.
public struct JourneyConfig: Sendable, Equatable, Encodable {
  public var input: InputSettings
  /// Events matching any of these are dropped before anything else.
  package var exclude: [Condition]
  /// A field whose repeated values are dropped (`dedupe: messageId`).
  package var dedupe: String?
  package var sessions: SessionSettings
  /// Funnel order.
  package var stages: [String]
  /// First match wins.
  public var rules: [Rule]
  package var funnel: FunnelSettings
  package var breakdown: [BreakdownSettings]
  package var report: PathReportSettings
  /// The config file's path; nil when the config is a preset alone.
  package var source: String?
  /// The YAML text the config was parsed from (the file as ``ConfigLoader`` read it); nil for a
  /// preset alone. Not part of the encoded config.
  package var text: String?

  package init(
    input: InputSettings = InputSettings(), exclude: [Condition] = [], dedupe: String? = nil,
    sessions: SessionSettings = SessionSettings(), stages: [String] = [], rules: [Rule] = [],
    funnel: FunnelSettings = FunnelSettings(), breakdown: [BreakdownSettings] = [],
    report: PathReportSettings = PathReportSettings(), source: String? = nil
  ) {
    self.input = input
    self.exclude = exclude
    self.dedupe = dedupe
    self.sessions = sessions
    self.stages = stages
    self.rules = rules
    self.funnel = funnel
    self.breakdown = breakdown
    self.report = report
    self.source = source
  }

  enum CodingKeys: String, CodingKey {
    case input, exclude, dedupe, sessions, stages, rules, funnel, breakdown, report, source
  }

  /// The YAML the HTML report shows: the config file as it was read, else the starter config of the
  /// preset the config is (``Preset/starterConfig()``); nil when neither exists.
  package var displayText: String? {
    if let text { return text }
    return input.preset.flatMap(Preset.named)?.starterConfig()
  }
}
