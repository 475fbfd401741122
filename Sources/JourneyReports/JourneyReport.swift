import JourneyModel

/// The whole report of one run: the value every renderer draws and `-f json` writes.
///
/// Its JSON shape is `journey-report/3` (SPEC §5, §8, §9, §11), described by
/// `schema/journey-report-3.schema.json` (`/1` until the journey map; `/2` made
/// `funnel.steps[].stage` null with `order: any`; `/3` names a transition's row share `share`, as
/// every part of a whole, and adds `title` and `warnings[]`).
/// Keys are snake_case in JSON; every number is exact and the same input gives the same bytes
/// (the run's own timing lives only in the optional ``run`` section).
public struct JourneyReport: Codable, Sendable, Equatable {
  package var schema: String = JourneyReport.schemaName
  /// What the report is (SPEC §11): `--title`, else the config or preset and the inputs as given
  /// (`shop.yaml · exports/`); every format shows it. Nil in reports of earlier versions.
  package var title: String?
  /// The JSON shape's name; `/3` since a transition's row share is `share` (issue 14).
  package static let schemaName = "journey-report/3"
  /// The earlier shape `journey compare` still reads: a transition's row share was `probability`.
  package static let previousSchemaName = "journey-report/2"
  public var summary: Summary
  package var funnel: Funnel
  package var transitions: [Transition]
  /// Distribution of the first stage of units: `(start)` → X, with probabilities over units with a stage.
  package var entries: [StageShare]
  /// Distribution of the last stage of units: X → `(exit)`.
  package var exits: [StageShare]
  package var paths: [Path]
  package var breakdowns: [Breakdown]
  /// The journey map (SPEC §8): reach, touchpoints, time in stage and exits per stage.
  package var journeyMap: JourneyMap?
  /// The touchpoints that go with converting or not (SPEC §8 "Lift").
  package var lift: Lift?
  /// Per persona (SPEC §9), in config order and then `(no persona)`; nil without `personas:`.
  package var personas: [PersonaReport]?
  /// Users in both of two personas; nil without `personas:`.
  package var personaOverlap: PersonaOverlap?
  public var rejects: Rejects
  /// What the reader must know that is not an error (SPEC §11), in the order found: `[]` when
  /// none in every report a run makes; nil (left out) in reports of earlier versions.
  package var warnings: [ReportWarning]?
  /// The effective configuration that produced the report, as plain JSON values.
  package var config: JSONValue?
  /// How the run went (durations, versions): not part of the deterministic output; nil by default.
  package var run: RunInfo?

  package init(
    summary: Summary, funnel: Funnel, transitions: [Transition], entries: [StageShare], exits: [StageShare],
    paths: [Path], breakdowns: [Breakdown], rejects: Rejects, config: JSONValue? = nil, run: RunInfo? = nil
  ) {
    self.summary = summary
    self.funnel = funnel
    self.transitions = transitions
    self.entries = entries
    self.exits = exits
    self.paths = paths
    self.breakdowns = breakdowns
    self.rejects = rejects
    self.config = config
    self.run = run
  }

  /// The funnel's stages in order (the columns of the journey map and the rows of transitions); with
  /// `order: any` the funnel's steps are not stages, so renderers take stage names from here.
  package var stageNames: [String] { entries.map(\.stage) }

  enum CodingKeys: String, CodingKey {
    case schema, title, summary, funnel, transitions, entries, exits, paths, breakdowns, lift, personas, rejects, warnings, config, run
    case journeyMap = "journey_map"
    case personaOverlap = "persona_overlap"
  }

  public struct Summary: Codable, Sendable, Equatable {
    /// Events accepted (after parsing; before `exclude`).
    public var events: Int
    public var rejected: Int
    /// Events dropped by `exclude` rules.
    public var excluded: Int
    /// Events outside `--from/--to` (counted in `events`, not in `excluded`); nil in reports of
    /// earlier versions, which counted them as excluded.
    package var outOfRange: Int?
    /// `--partition K/N`: the report counts only the users whose key hashes to K of N (and the
    /// records without a user when the empty key does); nil for a whole run.
    package var partition: String?
    /// Events dropped by `dedupe`.
    package var duplicates: Int
    public var users: Int
    public var sessions: Int
    /// Funnel units: sessions or users, per `funnel.scope`.
    package var units: Int
    package var unitsWithoutStage: Int
    /// Events that matched no rule.
    package var unclassifiedEvents: Int
    package var firstEvent: String?
    package var lastEvent: String?
    /// `--from` and `--to` as given to the run (ISO 8601, UTC): only events in [from, to) were
    /// read; nil without them. Events outside are counted in `excluded`.
    package var from: String?
    package var to: String?
    /// Inputs read, in order, with their detected compression and format.
    public var inputs: [InputFile]
    /// How ties are broken: events at the same instant keep input order.
    package var tieRule: String

    package init(
      events: Int = 0, rejected: Int = 0, excluded: Int = 0, duplicates: Int = 0, users: Int = 0,
      sessions: Int = 0, units: Int = 0, unitsWithoutStage: Int = 0, unclassifiedEvents: Int = 0,
      firstEvent: String? = nil, lastEvent: String? = nil, inputs: [InputFile] = [],
      tieRule: String = "events at the same instant keep input order (file order as given, then line)"
    ) {
      self.events = events
      self.rejected = rejected
      self.excluded = excluded
      self.duplicates = duplicates
      self.users = users
      self.sessions = sessions
      self.units = units
      self.unitsWithoutStage = unitsWithoutStage
      self.unclassifiedEvents = unclassifiedEvents
      self.firstEvent = firstEvent
      self.lastEvent = lastEvent
      self.inputs = inputs
      self.tieRule = tieRule
    }

    enum CodingKeys: String, CodingKey {
      case events, rejected, excluded, duplicates, users, sessions, units
      case unitsWithoutStage = "units_without_stage"
      case unclassifiedEvents = "unclassified_events"
      case outOfRange = "out_of_range"
      case partition
      case firstEvent = "first_event"
      case lastEvent = "last_event"
      case from, to
      case inputs
      case tieRule = "tie_rule"
    }

    // Unknown values are written as `null`, not left out (SPEC §5 shows every key).
    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(events, forKey: .events)
      try c.encode(rejected, forKey: .rejected)
      try c.encode(excluded, forKey: .excluded)
      try c.encodeIfPresent(outOfRange, forKey: .outOfRange)
      try c.encodeIfPresent(partition, forKey: .partition)
      try c.encode(duplicates, forKey: .duplicates)
      try c.encode(users, forKey: .users)
      try c.encode(sessions, forKey: .sessions)
      try c.encode(units, forKey: .units)
      try c.encode(unitsWithoutStage, forKey: .unitsWithoutStage)
      try c.encode(unclassifiedEvents, forKey: .unclassifiedEvents)
      try c.encode(firstEvent, forKey: .firstEvent)
      try c.encode(lastEvent, forKey: .lastEvent)
      try c.encode(from, forKey: .from)
      try c.encode(to, forKey: .to)
      try c.encode(inputs, forKey: .inputs)
      try c.encode(tieRule, forKey: .tieRule)
    }
  }

  /// One input's summary; the type lives with the ingest that fills it (``InputSummary``).
  public typealias InputFile = InputSummary

  package struct Funnel: Codable, Sendable, Equatable {
    package var scope: String
    package var order: String
    /// The conversion window for `scope: user`, in seconds; nil when unlimited or session scope.
    package var windowSeconds: Double?
    package var steps: [Step]
    /// What the headline conversion counts: `closed` (units that entered step 1 and went on, in
    /// `order`) — the open funnel is ``JourneyMap/Stage/reach``.
    package var kind: String
    /// The headline in words, naming its kind ("closed funnel: 1,632 of 3,336 entrants; 7,215 of
    /// 7,612 sessions reached clickout").
    package var headline: String?
    /// All units, and the units that entered step 1.
    package var units: Int?
    package var entrants: Int?
    package var timeToConvert: TimeToConvert?
    package var findings: Findings?

    package init(
      scope: String, order: String, windowSeconds: Double? = nil, steps: [Step], kind: String = "closed",
      headline: String? = nil, units: Int? = nil, entrants: Int? = nil, timeToConvert: TimeToConvert? = nil,
      findings: Findings? = nil
    ) {
      self.scope = scope
      self.order = order
      self.windowSeconds = windowSeconds
      self.steps = steps
      self.kind = kind
      self.headline = headline
      self.units = units
      self.entrants = entrants
      self.timeToConvert = timeToConvert
      self.findings = findings
    }

    enum CodingKeys: String, CodingKey {
      case scope, order, steps, kind, headline, units, entrants, findings
      case windowSeconds = "window_seconds"
      case timeToConvert = "time_to_convert"
    }

    package func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(scope, forKey: .scope)
      try c.encode(order, forKey: .order)
      try c.encode(windowSeconds, forKey: .windowSeconds)
      try c.encode(steps, forKey: .steps)
      try c.encode(kind, forKey: .kind)
      try c.encodeIfPresent(headline, forKey: .headline)
      try c.encodeIfPresent(units, forKey: .units)
      try c.encodeIfPresent(entrants, forKey: .entrants)
      try c.encodeIfPresent(timeToConvert, forKey: .timeToConvert)
      try c.encodeIfPresent(findings, forKey: .findings)
    }
  }

  package struct Step: Codable, Sendable, Equatable {
    /// The stage of this step (`ordered`, `strict`); with `order: any` a step is not a stage: nil,
    /// and ``label`` says what it counts.
    package var stage: String?
    /// What the step counts, for every format: the stage name, or with `order: any` "≥ 1 stage",
    /// "≥ 2 stages", ….
    package var label: String
    package var units: Int
    package var conversionFromStart: Double
    package var conversionFromPrevious: Double
    /// Units that reached this step but not the next (0 on the last step), not counting `in_progress`.
    package var dropped: Int
    /// Units that reached this step, not the next, and whose window was still open when the data ended.
    package var inProgress: Int
    package var medianSecondsFromPrevious: Double?
    package var p90SecondsFromPrevious: Double?

    package init(
      stage: String?, label: String? = nil, units: Int, conversionFromStart: Double, conversionFromPrevious: Double,
      dropped: Int, inProgress: Int = 0, medianSecondsFromPrevious: Double? = nil, p90SecondsFromPrevious: Double? = nil
    ) {
      self.stage = stage
      self.label = label ?? stage ?? ""
      self.units = units
      self.conversionFromStart = conversionFromStart
      self.conversionFromPrevious = conversionFromPrevious
      self.dropped = dropped
      self.inProgress = inProgress
      self.medianSecondsFromPrevious = medianSecondsFromPrevious
      self.p90SecondsFromPrevious = p90SecondsFromPrevious
    }

    enum CodingKeys: String, CodingKey {
      case stage, label, units, dropped
      case conversionFromStart = "conversion_from_start"
      case conversionFromPrevious = "conversion_from_previous"
      case inProgress = "in_progress"
      case medianSecondsFromPrevious = "median_seconds_from_previous"
      case p90SecondsFromPrevious = "p90_seconds_from_previous"
    }

    package func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(stage, forKey: .stage)
      try c.encode(label, forKey: .label)
      try c.encode(units, forKey: .units)
      try c.encode(conversionFromStart, forKey: .conversionFromStart)
      try c.encode(conversionFromPrevious, forKey: .conversionFromPrevious)
      try c.encode(dropped, forKey: .dropped)
      try c.encode(inProgress, forKey: .inProgress)
      try c.encode(medianSecondsFromPrevious, forKey: .medianSecondsFromPrevious)
      try c.encode(p90SecondsFromPrevious, forKey: .p90SecondsFromPrevious)
    }
  }

  package struct Transition: Codable, Sendable, Equatable {
    package var from: String
    package var to: String
    package var count: Int
    /// `count` over all transitions leaving `from` (row-normalised); `share` in JSON since
    /// `journey-report/3` (one name for a part of a whole), `probability` before.
    package var probability: Double

    package init(from: String, to: String, count: Int, probability: Double) {
      self.from = from
      self.to = to
      self.count = count
      self.probability = probability
    }

    enum CodingKeys: String, CodingKey {
      case from, to, count
      case probability = "share"
      case previousProbability = "probability"
    }

    package init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      from = try c.decode(String.self, forKey: .from)
      to = try c.decode(String.self, forKey: .to)
      count = try c.decode(Int.self, forKey: .count)
      probability = try c.decodeIfPresent(Double.self, forKey: .probability)
        ?? c.decode(Double.self, forKey: .previousProbability)
    }

    package func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(from, forKey: .from)
      try c.encode(to, forKey: .to)
      try c.encode(count, forKey: .count)
      try c.encode(probability, forKey: .probability)
    }
  }

  package struct StageShare: Codable, Sendable, Equatable {
    package var stage: String
    package var units: Int
    package var share: Double

    package init(stage: String, units: Int, share: Double) {
      self.stage = stage
      self.units = units
      self.share = share
    }
  }

  package struct Path: Codable, Sendable, Equatable {
    /// Stage visits in order; a path cut at `max_path_length` ends with `…`.
    package var path: [String]
    package var units: Int
    package var share: Double

    package init(path: [String], units: Int, share: Double) {
      self.path = path
      self.units = units
      self.share = share
    }
  }

  package struct Breakdown: Codable, Sendable, Equatable {
    package var field: String
    package var values: [BreakdownValue]

    package init(field: String, values: [BreakdownValue]) {
      self.field = field
      self.values = values
    }
  }

  package struct BreakdownValue: Codable, Sendable, Equatable {
    /// The first-touch value, `(other)` for values past the top N, `(none)` for units without one.
    package var value: String
    package var units: Int
    package var funnel: [BreakdownStep]
    package var transitions: [Transition]
    /// The value's own journey map and time to convert (the same sections as the whole report's).
    package var journeyMap: JourneyMap?
    package var timeToConvert: TimeToConvert?

    package init(
      value: String, units: Int, funnel: [BreakdownStep], transitions: [Transition], journeyMap: JourneyMap? = nil,
      timeToConvert: TimeToConvert? = nil
    ) {
      self.value = value
      self.units = units
      self.funnel = funnel
      self.transitions = transitions
      self.journeyMap = journeyMap
      self.timeToConvert = timeToConvert
    }

    enum CodingKeys: String, CodingKey {
      case value, units, funnel, transitions
      case journeyMap = "journey_map"
      case timeToConvert = "time_to_convert"
    }
  }

  package struct BreakdownStep: Codable, Sendable, Equatable {
    /// As ``Step/stage``: nil with `order: any`.
    package var stage: String?
    package var label: String
    package var units: Int
    package var conversionFromStart: Double

    package init(stage: String?, label: String? = nil, units: Int, conversionFromStart: Double) {
      self.stage = stage
      self.label = label ?? stage ?? ""
      self.units = units
      self.conversionFromStart = conversionFromStart
    }

    enum CodingKeys: String, CodingKey {
      case stage, label, units
      case conversionFromStart = "conversion_from_start"
    }

    package func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(stage, forKey: .stage)
      try c.encode(label, forKey: .label)
      try c.encode(units, forKey: .units)
      try c.encode(conversionFromStart, forKey: .conversionFromStart)
    }
  }

  public struct Rejects: Codable, Sendable, Equatable {
    public var count: Int
    /// Reason → count, keys sorted.
    public var byReason: [String: Int]
    package var samples: [Sample]

    package init(count: Int = 0, byReason: [String: Int] = [:], samples: [Sample] = []) {
      self.count = count
      self.byReason = byReason
      self.samples = samples
    }

    enum CodingKeys: String, CodingKey {
      case count, samples
      case byReason = "by_reason"
    }
  }

  package struct Sample: Codable, Sendable, Equatable {
    package var file: String
    package var line: Int
    package var reason: String

    package init(file: String, line: Int, reason: String) {
      self.file = file
      self.line = line
      self.reason = reason
    }
  }

  package struct RunInfo: Codable, Sendable, Equatable {
    package var version: String
    package var inflater: String
    package var threads: Int
    package var elapsedSeconds: Double

    package init(version: String, inflater: String, threads: Int, elapsedSeconds: Double) {
      self.version = version
      self.inflater = inflater
      self.threads = threads
      self.elapsedSeconds = elapsedSeconds
    }

    enum CodingKeys: String, CodingKey {
      case version, inflater, threads
      case elapsedSeconds = "elapsed_seconds"
    }
  }
}

/// Any JSON value, for the effective config embedded in the report.
package enum JSONValue: Codable, Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  package init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONValue].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }

  package func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let value): try container.encode(value)
    case .number(let value): try container.encode(value)
    case .string(let value): try container.encode(value)
    case .array(let value): try container.encode(value)
    case .object(let value): try container.encode(value)
    }
  }
}
