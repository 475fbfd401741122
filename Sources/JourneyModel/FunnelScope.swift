/// The unit a funnel counts (`funnel.scope`, `--scope`): a session or a user's whole history.
public enum FunnelScope: String, Sendable, Equatable, CaseIterable, Encodable {
  case session, user
}
