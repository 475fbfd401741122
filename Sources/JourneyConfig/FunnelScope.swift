/// The unit a funnel counts: a session or a user's whole history.
public enum FunnelScope: String, Sendable, Equatable, CaseIterable, Encodable {
  case session, user
}
