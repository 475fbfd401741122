public import JourneyModel

/// What to report: the funnel and the report sizes (the pipeline maps the config to this, in
/// `JourneyConfig+Engine.swift`).
public struct ReportSettings: Sendable, Equatable {
  /// A breakdown field; its index in ``ReportSettings/breakdowns`` is its index in the
  /// ``AttributeTable`` tuples.
  public struct Breakdown: Sendable, Equatable {
    package var field: String
    package var top: Int

    package init(field: String, top: Int = 10) {
      self.field = field
      self.top = top
    }
  }

  /// Funnel stages in order; `EventRecord.stage` indexes this.
  package var stages: [String]
  package var scope: FunnelScope
  package var order: FunnelOrder
  /// With `scope: user`, the chain from S1 to Sj must fit in this (inclusive); ignored with
  /// `scope: session`; nil means unlimited (and no `in_progress`).
  package var window: Microseconds?
  package var topPaths: Int
  /// Paths with more visits are cut after this many and end with `…`; 0 or less: never cut.
  package var maxPathLength: Int
  package var breakdowns: [Breakdown]
  /// The journey map's touchpoint field (`touchpoint:`; the event field by default), as named in the config.
  package var touchpoint: String = "event"
  /// Where an event's touchpoint value is in its ``AttributeTable`` tuple (the tuple's field index, after
  /// the breakdown fields); nil when no touchpoint values were stored (every event's touchpoint is `(none)`).
  package var touchpointAttribute: Int?
  /// `journey_map.top`: touchpoints listed per stage in table, Markdown and HTML (JSON lists up to 100).
  package var mapTop: Int = 10
  /// `journey_map.min_units`: lift is rated only for touchpoints of at least this many units.
  package var liftMinUnits: Int = 25
  /// `personas:` (SPEC §9): names and rules in config order, the rules on ``EventRecord/traits``.
  package var personas: [Persona] = []

  package struct Persona: Sendable, Equatable {
    package var name: String
    package var rule: PersonaRule

    package init(name: String, rule: PersonaRule) {
      self.name = name
      self.rule = rule
    }
  }

  public init(
    stages: [String], scope: FunnelScope = .session, order: FunnelOrder = .ordered, window: Microseconds? = nil,
    topPaths: Int = 20, maxPathLength: Int = 10, breakdowns: [Breakdown] = []
  ) {
    self.stages = stages
    self.scope = scope
    self.order = order
    self.window = window
    self.topPaths = topPaths
    self.maxPathLength = maxPathLength
    self.breakdowns = breakdowns
  }

  /// The window that applies: only with `scope: user`.
  var effectiveWindow: Microseconds? { scope == .user ? window : nil }
}
