public import JourneyModel

/// What to report: the funnel and the report sizes (the pipeline maps the config to this).
public struct ReportSettings: Sendable, Equatable {
  public enum Scope: String, Sendable, Equatable {
    case session, user
  }

  public enum Order: String, Sendable, Equatable {
    /// S1, S2, … in event order, anything between.
    case ordered
    /// As ordered, but between two consecutive steps only events of the earlier step's stage
    /// (repeats) or with no stage: the visit sequence holds S1 S2 … Sj contiguously.
    case strict
    /// j distinct funnel stages, in any order.
    case any
  }

  /// A breakdown field; its index in ``ReportSettings/breakdowns`` is its index in the
  /// ``AttributeTable`` tuples.
  public struct Breakdown: Sendable, Equatable {
    public var field: String
    public var top: Int

    public init(field: String, top: Int = 10) {
      self.field = field
      self.top = top
    }
  }

  /// Funnel stages in order; `EventRecord.stage` indexes this.
  public var stages: [String]
  public var scope: Scope
  public var order: Order
  /// With `scope: user`, the chain from S1 to Sj must fit in this (inclusive); ignored with
  /// `scope: session`; nil means unlimited (and no `in_progress`).
  public var window: Microseconds?
  public var topPaths: Int
  /// Paths with more visits are cut after this many and end with `…`; 0 or less: never cut.
  public var maxPathLength: Int
  public var breakdowns: [Breakdown]

  public init(
    stages: [String], scope: Scope = .session, order: Order = .ordered, window: Microseconds? = nil,
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
