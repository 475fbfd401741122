/// The journey map of a report (SPEC §8): per stage, its reach, what people do there (touchpoints),
/// how long they stay, and where attention is lost after each funnel step; the whole funnel's time
/// to convert, the lift of each touchpoint and the findings live in ``JourneyReport/Funnel`` and
/// ``JourneyReport/lift``.
///
/// Every list is sorted by a total order (units descending, then value ascending), so the same input
/// gives the same bytes whatever the threads or the input order.
package struct JourneyMap: Codable, Sendable, Equatable {
  /// The field whose value names an event's touchpoint (`touchpoint:`; default the event field).
  package var touchpoint: String
  /// Funnel units (sessions or users, per scope), the denominator of each stage's `share`.
  package var units: Int
  /// Units that entered step 1 of the closed funnel.
  package var entrants: Int
  /// One column per stage, in funnel order.
  package var stages: [Stage]
  /// Touchpoints of the events that no rule labelled, so that nothing a user did is lost from the map.
  package var noStage: Touchpoints

  package init(touchpoint: String, units: Int, entrants: Int, stages: [Stage], noStage: Touchpoints) {
    self.touchpoint = touchpoint
    self.units = units
    self.entrants = entrants
    self.stages = stages
    self.noStage = noStage
  }

  enum CodingKeys: String, CodingKey {
    case touchpoint, units, entrants, stages
    case noStage = "no_stage"
  }

  /// One stage's column of the map.
  package struct Stage: Codable, Sendable, Equatable {
    package var stage: String
    /// Units with at least one event of this stage (the open funnel).
    package var reach: Int
    /// `reach` over all units.
    package var share: Double
    /// Per visit of this stage (consecutive events of it, as in transitions): from its first event to
    /// the first event of the next visit, or to the unit's last event for the unit's last visit.
    package var timeInStage: TimeSummary
    /// What people do in this stage.
    package var touchpoints: Touchpoints
    /// Where attention is lost after the funnel step of the same index; nil on the last step.
    package var exits: Exits?

    package init(
      stage: String, reach: Int, share: Double, timeInStage: TimeSummary, touchpoints: Touchpoints, exits: Exits?
    ) {
      self.stage = stage
      self.reach = reach
      self.share = share
      self.timeInStage = timeInStage
      self.touchpoints = touchpoints
      self.exits = exits
    }

    enum CodingKeys: String, CodingKey {
      case stage, reach, share, touchpoints, exits
      case timeInStage = "time_in_stage"
    }

    package func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(stage, forKey: .stage)
      try c.encode(reach, forKey: .reach)
      try c.encode(share, forKey: .share)
      try c.encode(timeInStage, forKey: .timeInStage)
      try c.encode(touchpoints, forKey: .touchpoints)
      try c.encode(exits, forKey: .exits)
    }
  }

  /// The touchpoints of one stage (or of the events with no stage).
  package struct Touchpoints: Codable, Sendable, Equatable {
    /// Events of the stage (with any touchpoint, an empty one included).
    package var events: Int
    /// Distinct touchpoint values seen (`(none)` not counted).
    package var distinct: Int
    /// The top values (JSON: up to 100; by units descending, then value), then `(none)` for events
    /// without one. The values past the top are summed in ``unlistedValues`` and ``unlistedEvents``;
    /// their units are not summed (a unit with two of them would count twice, so any such sum would
    /// not be a count of units).
    package var values: [Touchpoint]
    /// Values not listed in ``values`` (0 when all are listed), and their events.
    package var unlistedValues: Int
    package var unlistedEvents: Int

    package init(events: Int, distinct: Int, values: [Touchpoint], unlistedValues: Int = 0, unlistedEvents: Int = 0) {
      self.events = events
      self.distinct = distinct
      self.values = values
      self.unlistedValues = unlistedValues
      self.unlistedEvents = unlistedEvents
    }

    enum CodingKeys: String, CodingKey {
      case events, distinct, values
      case unlistedValues = "unlisted_values"
      case unlistedEvents = "unlisted_events"
    }
  }

  package struct Touchpoint: Codable, Sendable, Equatable {
    package var value: String
    package var events: Int
    /// Units with at least one such event in the stage.
    package var units: Int
    /// `units` over the stage's reach (for `(no stage)`: over the units with at least one unlabelled event).
    package var share: Double

    package init(value: String, events: Int, units: Int, share: Double) {
      self.value = value
      self.events = events
      self.units = units
      self.share = share
    }
  }

  /// Where attention is lost after one funnel step: over the units that reached it and not the next
  /// (`dropped`, in-progress units left out).
  package struct Exits: Codable, Sendable, Equatable {
    /// The step's label (``JourneyReport/Step/label``).
    package var step: String
    package var dropped: Int
    /// The touchpoint of the first event after the counted chain's event of this step, `(exit)` when
    /// there is none (GA4's "next action", uncapped); `(none)` when that event has no touchpoint. By
    /// units descending, then value (`(exit)` and `(none)` ranked like any value); all values up to
    /// 100, then `(other)`: the units of the rest (each unit has one value, so this is exact).
    package var next: [TouchpointShare]
    /// The touchpoint of the unit's last event (user scope: the last event inside the counted chain's window).
    package var exit: [TouchpointShare]

    package init(step: String, dropped: Int, next: [TouchpointShare], exit: [TouchpointShare]) {
      self.step = step
      self.dropped = dropped
      self.next = next
      self.exit = exit
    }
  }

  package struct TouchpointShare: Codable, Sendable, Equatable {
    package var value: String
    package var units: Int
    /// `units` over the step's `dropped`.
    package var share: Double

    package init(value: String, units: Int, share: Double) {
      self.value = value
      self.units = units
      self.share = share
    }
  }

  /// Count, median and p90 of durations in seconds (nil when there are none).
  package struct TimeSummary: Codable, Sendable, Equatable {
    package var count: Int
    package var medianSeconds: Double?
    package var p90Seconds: Double?

    package init(count: Int, medianSeconds: Double?, p90Seconds: Double?) {
      self.count = count
      self.medianSeconds = medianSeconds
      self.p90Seconds = p90Seconds
    }

    enum CodingKeys: String, CodingKey {
      case count
      case medianSeconds = "median_seconds"
      case p90Seconds = "p90_seconds"
    }

    package func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(count, forKey: .count)
      try c.encode(medianSeconds, forKey: .medianSeconds)
      try c.encode(p90Seconds, forKey: .p90Seconds)
    }
  }
}

/// The exact distribution of a set of durations (seconds): quantiles by the interpolation of
/// ``Quantile`` (DuckDB's `quantile_cont`) and counts over fixed bins.
package struct DurationDistribution: Codable, Sendable, Equatable {
  package var count: Int
  package var minSeconds: Double?
  package var p25Seconds: Double?
  package var medianSeconds: Double?
  package var p75Seconds: Double?
  package var p90Seconds: Double?
  package var p95Seconds: Double?
  package var p99Seconds: Double?
  package var maxSeconds: Double?
  package var meanSeconds: Double?
  /// One entry per bin of ``DurationDistribution/binEdges``, in order, empty bins included.
  package var histogram: [Bin]

  package init(
    count: Int, minSeconds: Double?, p25Seconds: Double?, medianSeconds: Double?, p75Seconds: Double?,
    p90Seconds: Double?, p95Seconds: Double?, p99Seconds: Double?, maxSeconds: Double?, meanSeconds: Double?,
    histogram: [Bin]
  ) {
    self.count = count
    self.minSeconds = minSeconds
    self.p25Seconds = p25Seconds
    self.medianSeconds = medianSeconds
    self.p75Seconds = p75Seconds
    self.p90Seconds = p90Seconds
    self.p95Seconds = p95Seconds
    self.p99Seconds = p99Seconds
    self.maxSeconds = maxSeconds
    self.meanSeconds = meanSeconds
    self.histogram = histogram
  }

  /// Lower edges of the bins in seconds: 0–10 s, 10–30 s, 30 s–1 m, 1–5 m, 5–15 m, 15–30 m,
  /// 30 m–1 h, 1–6 h, 6–24 h, 1–7 d, > 7 d. A duration d falls in the last bin whose edge is ≤ d.
  package static let binEdges: [Int64] = [0, 10, 30, 60, 300, 900, 1800, 3600, 21600, 86400, 604_800]
  /// The bins' labels, in the order of ``binEdges``.
  package static let binLabels = [
    "0–10 s", "10–30 s", "30 s–1 m", "1–5 m", "5–15 m", "15–30 m", "30 m–1 h", "1–6 h", "6–24 h", "1–7 d", "> 7 d",
  ]

  package struct Bin: Codable, Sendable, Equatable {
    package var label: String
    /// Inclusive lower edge, seconds.
    package var fromSeconds: Double
    /// Exclusive upper edge, seconds; nil for the last bin.
    package var toSeconds: Double?
    package var count: Int

    package init(label: String, fromSeconds: Double, toSeconds: Double?, count: Int) {
      self.label = label
      self.fromSeconds = fromSeconds
      self.toSeconds = toSeconds
      self.count = count
    }

    enum CodingKeys: String, CodingKey {
      case label, count
      case fromSeconds = "from_seconds"
      case toSeconds = "to_seconds"
    }

    package func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(label, forKey: .label)
      try c.encode(fromSeconds, forKey: .fromSeconds)
      try c.encode(toSeconds, forKey: .toSeconds)
      try c.encode(count, forKey: .count)
    }
  }

  enum CodingKeys: String, CodingKey {
    case count, histogram
    case minSeconds = "min_seconds"
    case p25Seconds = "p25_seconds"
    case medianSeconds = "median_seconds"
    case p75Seconds = "p75_seconds"
    case p90Seconds = "p90_seconds"
    case p95Seconds = "p95_seconds"
    case p99Seconds = "p99_seconds"
    case maxSeconds = "max_seconds"
    case meanSeconds = "mean_seconds"
  }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(count, forKey: .count)
    try c.encode(minSeconds, forKey: .minSeconds)
    try c.encode(p25Seconds, forKey: .p25Seconds)
    try c.encode(medianSeconds, forKey: .medianSeconds)
    try c.encode(p75Seconds, forKey: .p75Seconds)
    try c.encode(p90Seconds, forKey: .p90Seconds)
    try c.encode(p95Seconds, forKey: .p95Seconds)
    try c.encode(p99Seconds, forKey: .p99Seconds)
    try c.encode(maxSeconds, forKey: .maxSeconds)
    try c.encode(meanSeconds, forKey: .meanSeconds)
    try c.encode(histogram, forKey: .histogram)
  }
}

/// Time to convert: per funnel step from the previous step (index 0: nil), and from step 1 to the last.
package struct TimeToConvert: Codable, Sendable, Equatable {
  package var steps: [DurationDistribution?]
  package var whole: DurationDistribution

  package init(steps: [DurationDistribution?], whole: DurationDistribution) {
    self.steps = steps
    self.whole = whole
  }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(steps, forKey: .steps)
    try c.encode(whole, forKey: .whole)
  }
}

/// What the report says first, in words and as data (SPEC §8 "Findings").
package struct Findings: Codable, Sendable, Equatable {
  /// The step (index ≥ 1) with the largest absolute drop from the previous step.
  package var largestDrop: Finding?
  /// The step (index ≥ 1) with the lowest conversion from the previous step.
  package var lowestConversion: Finding?
  /// The step (index ≥ 1) with the highest median time from the previous step.
  package var slowestStep: Finding?
  /// The top exit touchpoint of the units lost at the largest drop.
  package var topExitOfLargestDrop: JourneyMap.TouchpointShare?
  /// The findings as sentences, in the order above (what table, Markdown and HTML print).
  package var sentences: [String]

  package init(
    largestDrop: Finding? = nil, lowestConversion: Finding? = nil, slowestStep: Finding? = nil,
    topExitOfLargestDrop: JourneyMap.TouchpointShare? = nil, sentences: [String] = []
  ) {
    self.largestDrop = largestDrop
    self.lowestConversion = lowestConversion
    self.slowestStep = slowestStep
    self.topExitOfLargestDrop = topExitOfLargestDrop
    self.sentences = sentences
  }

  enum CodingKeys: String, CodingKey {
    case sentences
    case largestDrop = "largest_drop"
    case lowestConversion = "lowest_conversion"
    case slowestStep = "slowest_step"
    case topExitOfLargestDrop = "top_exit_of_largest_drop"
  }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(largestDrop, forKey: .largestDrop)
    try c.encode(lowestConversion, forKey: .lowestConversion)
    try c.encode(slowestStep, forKey: .slowestStep)
    try c.encode(topExitOfLargestDrop, forKey: .topExitOfLargestDrop)
    try c.encode(sentences, forKey: .sentences)
  }

  /// One finding: the step (0-based index into `funnel.steps` and its label) and the number behind it
  /// (units lost, conversion from the previous step, or median seconds from the previous step).
  package struct Finding: Codable, Sendable, Equatable {
    package var step: Int
    package var label: String
    package var value: Double

    package init(step: Int, label: String, value: Double) {
      self.step = step
      self.label = label
      self.value = value
    }
  }
}

/// The lift of touchpoints (PostHog's correlation odds ratio with a prior of 1): success = units
/// that completed the last step, failure = units that entered step 1 and did not (in progress left out).
package struct Lift: Codable, Sendable, Equatable {
  package var successes: Int
  package var failures: Int
  /// Touchpoints with fewer units (successes + failures having them) are not rated.
  package var minUnits: Int
  /// The top 10 with an odds ratio above 1, highest first.
  package var above: [Entry]
  /// The top 10 with an odds ratio below 1, lowest first.
  package var below: [Entry]

  package init(successes: Int, failures: Int, minUnits: Int, above: [Entry], below: [Entry]) {
    self.successes = successes
    self.failures = failures
    self.minUnits = minUnits
    self.above = above
    self.below = below
  }

  enum CodingKeys: String, CodingKey {
    case successes, failures, above, below
    case minUnits = "min_units"
  }

  package struct Entry: Codable, Sendable, Equatable {
    package var touchpoint: String
    /// s_t and f_t: successes and failures with at least one event with this touchpoint.
    package var successes: Int
    package var failures: Int
    /// `((s_t+1)·(F−f_t+1)) / ((S−s_t+1)·(f_t+1))`.
    package var oddsRatio: Double

    package init(touchpoint: String, successes: Int, failures: Int, oddsRatio: Double) {
      self.touchpoint = touchpoint
      self.successes = successes
      self.failures = failures
      self.oddsRatio = oddsRatio
    }

    enum CodingKeys: String, CodingKey {
      case touchpoint, successes, failures
      case oddsRatio = "odds_ratio"
    }
  }
}
