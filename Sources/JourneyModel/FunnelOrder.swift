/// How strictly funnel steps must follow each other (`funnel.order`, `--order`; SPEC §4).
public enum FunnelOrder: String, Sendable, Equatable, CaseIterable, Encodable {
  /// S1, S2, … in event order, anything between.
  case ordered
  /// As ordered, but between two consecutive steps only events of the earlier step's stage
  /// (repeats) or with no stage: the visit sequence holds S1 S2 … Sj contiguously.
  case strict
  /// j distinct funnel stages, in any order.
  case any
}
