import JourneyReports

/// Two reports of the same journey side by side — last week and this week, two sites — step by
/// step: what `journey compare BASE.json CURRENT.json` draws and `-f json` writes (SPEC §10).
///
/// Its JSON shape is `journey-compare/1`, described by `schema/journey-compare-1.schema.json`: keys
/// in snake_case, every key written (unknown values as `null`), changes as current − base. Made by
/// ``ReportComparer``, which refuses reports of different journeys.
///
/// With personas (SPEC §9) in both reports, ``personas`` holds per persona the same ``steps``,
/// time to convert and ``stages`` as the whole comparison; without, the key is left out.
package struct ReportComparison: Codable, Sendable, Equatable {
  package var schema: String = ReportComparison.schemaName
  package static let schemaName = "journey-compare/1"
  /// The two reports: where they came from and the time they cover.
  package var base: Side
  package var current: Side
  /// The funnel both reports share (the comparer refuses them otherwise).
  package var funnel: Funnel
  /// A change is marked significant when its p-value is below this (0.05)…
  package var significanceLevel: Double
  /// …and both sides have at least this many units behind the conversion (30).
  package var minimumUnits: Int
  /// Units, accepted events and rejected records of the two runs.
  package var summary: Summary
  /// One entry per funnel step, in order.
  package var steps: [Step]
  /// The whole funnel's median time to convert (step 1 to the last step).
  package var timeToConvert: DurationChange
  /// Reach per stage (the open funnel, from the journey map), in funnel order; empty when a report
  /// has no journey map.
  package var stages: [Stage]
  /// Per persona (``PersonaComparison``) when both reports have personas: the base report's in its
  /// order, then those only the current one has, `(no persona)` last; nil (no key) otherwise.
  package var personas: [PersonaComparison]?

  package init(
    base: Side, current: Side, funnel: Funnel, significanceLevel: Double = ReportComparer.significanceLevel,
    minimumUnits: Int = ReportComparer.minimumUnits, summary: Summary, steps: [Step], timeToConvert: DurationChange, stages: [Stage]
  ) {
    self.base = base
    self.current = current
    self.funnel = funnel
    self.significanceLevel = significanceLevel
    self.minimumUnits = minimumUnits
    self.summary = summary
    self.steps = steps
    self.timeToConvert = timeToConvert
    self.stages = stages
  }

  enum CodingKeys: String, CodingKey {
    case schema, base, current, funnel, summary, steps, stages, personas
    case significanceLevel = "significance_level"
    case minimumUnits = "minimum_units"
    case timeToConvert = "time_to_convert"
  }

  /// One of the two reports.
  package struct Side: Codable, Sendable, Equatable {
    /// The file as named on the command line (`standard input` for `-`).
    package var file: String
    package var firstEvent: String?
    package var lastEvent: String?

    package init(file: String, firstEvent: String?, lastEvent: String?) {
      self.file = file
      self.firstEvent = firstEvent
      self.lastEvent = lastEvent
    }

    enum CodingKeys: String, CodingKey {
      case file
      case firstEvent = "first_event"
      case lastEvent = "last_event"
    }

    package func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(file, forKey: .file)
      try c.encode(firstEvent, forKey: .firstEvent)
      try c.encode(lastEvent, forKey: .lastEvent)
    }
  }

  /// The funnel settings both reports share.
  package struct Funnel: Codable, Sendable, Equatable {
    package var scope: String
    package var order: String
    package var windowSeconds: Double?
    /// The funnel's stages in order.
    package var stages: [String]
    /// The journey map's touchpoint field, nil when the reports have no map.
    package var touchpoint: String?

    package init(scope: String, order: String, windowSeconds: Double?, stages: [String], touchpoint: String?) {
      self.scope = scope
      self.order = order
      self.windowSeconds = windowSeconds
      self.stages = stages
      self.touchpoint = touchpoint
    }

    enum CodingKeys: String, CodingKey {
      case scope, order, stages, touchpoint
      case windowSeconds = "window_seconds"
    }

    package func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(scope, forKey: .scope)
      try c.encode(order, forKey: .order)
      try c.encode(windowSeconds, forKey: .windowSeconds)
      try c.encode(stages, forKey: .stages)
      try c.encode(touchpoint, forKey: .touchpoint)
    }
  }

  package struct Summary: Codable, Sendable, Equatable {
    /// Funnel units (sessions or users, per the scope).
    package var units: CountChange
    /// Accepted events.
    package var events: CountChange
    /// Rejected records.
    package var rejected: CountChange

    package init(units: CountChange, events: CountChange, rejected: CountChange) {
      self.units = units
      self.events = events
      self.rejected = rejected
    }
  }

  /// One funnel step in both reports.
  package struct Step: Codable, Sendable, Equatable {
    /// 0-based position in the funnel.
    package var index: Int
    /// The step's stage (nil with `order: any`) and what it counts (``JourneyReport/Step/label``).
    package var stage: String?
    package var label: String
    /// Units that reached the step.
    package var units: CountChange
    /// Units that reached the step and not the next (in-progress units not counted); 0 on the last.
    package var dropped: CountChange
    /// Units of this step over units of step 1; the test compares step units out of step-1 units.
    package var conversionFromStart: RateChange
    /// Units of this step over units of the previous step (1 on step 1).
    package var conversionFromPrevious: RateChange
    /// Median time from the previous step (nil on step 1).
    package var medianSecondsFromPrevious: DurationChange
    /// The exit touchpoints (``JourneyMap/Exits/exit``) of the units dropped after this step that
    /// grew most: change in units > 0, by change descending then value, at most
    /// ``ReportComparer/topExits``; empty on the last step or without a journey map.
    package var exitsGrown: [TouchpointChange]

    package init(
      index: Int, stage: String?, label: String, units: CountChange, dropped: CountChange,
      conversionFromStart: RateChange, conversionFromPrevious: RateChange, medianSecondsFromPrevious: DurationChange,
      exitsGrown: [TouchpointChange]
    ) {
      self.index = index
      self.stage = stage
      self.label = label
      self.units = units
      self.dropped = dropped
      self.conversionFromStart = conversionFromStart
      self.conversionFromPrevious = conversionFromPrevious
      self.medianSecondsFromPrevious = medianSecondsFromPrevious
      self.exitsGrown = exitsGrown
    }

    enum CodingKeys: String, CodingKey {
      case index, stage, label, units, dropped
      case conversionFromStart = "conversion_from_start"
      case conversionFromPrevious = "conversion_from_previous"
      case medianSecondsFromPrevious = "median_seconds_from_previous"
      case exitsGrown = "exits_grown"
    }

    package func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(index, forKey: .index)
      try c.encode(stage, forKey: .stage)
      try c.encode(label, forKey: .label)
      try c.encode(units, forKey: .units)
      try c.encode(dropped, forKey: .dropped)
      try c.encode(conversionFromStart, forKey: .conversionFromStart)
      try c.encode(conversionFromPrevious, forKey: .conversionFromPrevious)
      try c.encode(medianSecondsFromPrevious, forKey: .medianSecondsFromPrevious)
      try c.encode(exitsGrown, forKey: .exitsGrown)
    }
  }

  /// One stage's reach in both reports.
  package struct Stage: Codable, Sendable, Equatable {
    package var stage: String
    /// Units with at least one event of the stage.
    package var reach: CountChange
    /// Reach over all units: the share of each report, and the change in percentage points.
    package var share: ShareChange

    package init(stage: String, reach: CountChange, share: ShareChange) {
      self.stage = stage
      self.reach = reach
      self.share = share
    }
  }
}
