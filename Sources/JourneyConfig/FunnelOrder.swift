/// How strictly funnel steps must follow each other (SPEC §4).
public enum FunnelOrder: String, Sendable, Equatable, CaseIterable, Encodable {
  case ordered, strict, any
}
