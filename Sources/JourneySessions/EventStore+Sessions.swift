import JourneyModel

extension EventStore {
  /// Streams every user's sessions in a deterministic order (see ``forEachUserInOrder(_:)``),
  /// for `journey sessions`: the events of session `i` (0-based) are
  /// `sessions.sessionEvents[sessions.ranges[i]]`. The value passed to `body` is reused for the
  /// next user; copy what must outlive the call.
  public func forEachSessionizedUser(
    policy: SessionPolicy, _ body: (UserSessions) throws -> Void
  ) throws {
    let sessionizer = Sessionizer(policy: policy)
    var sessions = UserSessions()
    try forEachUserInOrder { events in
      sessionizer.split(events, into: &sessions)
      try body(sessions)
    }
  }
}
