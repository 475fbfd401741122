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
  /// Where `dedupe:` is written, for the warning when no event has the field.
  package var dedupeLocation: SourceLocation?
  package var sessions: SessionSettings
  /// Funnel order.
  package var stages: [String]
  /// First match wins.
  public var rules: [Rule]
  package var funnel: FunnelSettings
  package var breakdown: [BreakdownSettings]
  package var report: PathReportSettings
  /// `touchpoint:` as written; nil: the event field (``touchpointFields``).
  package var touchpoint: TouchpointSettings?
  package var journeyMap: JourneyMapSettings
  /// `personas:` (SPEC §9), in config order; empty: none.
  package var personas: [PersonaSettings] = []
  /// The config file's path; nil when the config is a preset alone.
  package var source: String?
  /// The YAML text the config was parsed from (the file as ``ConfigLoader`` read it); nil for a
  /// preset alone. Not part of the encoded config.
  package var text: String?

  package init(
    input: InputSettings = InputSettings(), exclude: [Condition] = [], dedupe: String? = nil,
    sessions: SessionSettings = SessionSettings(), stages: [String] = [], rules: [Rule] = [],
    funnel: FunnelSettings = FunnelSettings(), breakdown: [BreakdownSettings] = [],
    report: PathReportSettings = PathReportSettings(), touchpoint: TouchpointSettings? = nil,
    journeyMap: JourneyMapSettings = JourneyMapSettings(), source: String? = nil
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
    self.touchpoint = touchpoint
    self.journeyMap = journeyMap
    self.source = source
  }

  /// The fields an event's touchpoint is read from, the first non-empty one counting: `touchpoint:`,
  /// else the event field (`input.fields.event`); empty when neither is set (every touchpoint is
  /// then `(none)`).
  package var touchpointFields: [String] {
    if let touchpoint { return touchpoint.fields }
    return input.fields.event.map { [$0] } ?? []
  }

  /// The touchpoint fields for people: `path`, `properties.path | event | name`; nil when there are none.
  package var touchpointName: String? {
    let fields = touchpointFields
    return fields.isEmpty ? nil : fields.joined(separator: " | ")
  }

  enum CodingKeys: String, CodingKey {
    case input, exclude, dedupe, sessions, stages, rules, funnel, breakdown, report, touchpoint, personas, source
    case journeyMap = "journey_map"
  }

  /// The effective config: `touchpoint` is the field in use (the event field by default), one name,
  /// a list of them, or null when there is none.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(input, forKey: .input)
    try c.encode(exclude, forKey: .exclude)
    try c.encodeIfPresent(dedupe, forKey: .dedupe)
    try c.encode(sessions, forKey: .sessions)
    try c.encode(stages, forKey: .stages)
    try c.encode(rules, forKey: .rules)
    try c.encode(funnel, forKey: .funnel)
    try c.encode(breakdown, forKey: .breakdown)
    try c.encode(report, forKey: .report)
    let fields = touchpointFields
    switch fields.count {
    case 0: try c.encodeNil(forKey: .touchpoint)
    case 1: try c.encode(fields[0], forKey: .touchpoint)
    default: try c.encode(fields, forKey: .touchpoint)
    }
    try c.encode(journeyMap, forKey: .journeyMap)
    // Only when configured: a config without personas encodes as before.
    if !personas.isEmpty { try c.encode(personas, forKey: .personas) }
    try c.encodeIfPresent(source, forKey: .source)
  }

  /// The YAML the HTML report shows: the config file as it was read, else the starter config of the
  /// preset the config is (``Preset/starterConfig()``); nil when neither exists.
  package var displayText: String? {
    if let text { return text }
    return input.preset.flatMap(Preset.named)?.starterConfig()
  }
}
