import JourneyModel

extension EventStore {
  /// Streams every user's sessions in a deterministic order (see ``forEachUserInOrder(_:)``),
  /// for `journey sessions`: the events of session `sessions.firstSession + i` (0-based) of the
  /// user are `sessions.sessionEvents[sessions.ranges[i]]`. A user comes in several calls when it
  /// has more than ``batchLimit`` events (the first range of a call may continue the last of the
  /// previous one), except with export sessions, which regroup the whole user and so hold it.
  /// The value passed to `body` is reused; copy what must outlive the call.
  public func forEachSessionizedUser(
    policy: SessionPolicy, _ body: (UserSessions) throws -> Void
  ) throws {
    let sessionizer = Sessionizer(policy: policy)
    var sessions = UserSessions()
    if policy.useExportSessions {
      var whole: [EventRecord] = []
      try forEachUserInOrder { events, endsUser in
        if !endsUser || !whole.isEmpty {
          whole.append(contentsOf: events)
          guard endsUser else { return }
          whole.withUnsafeBufferPointer { sessionizer.split($0, into: &sessions) }
          whole.removeAll(keepingCapacity: true)
        } else {
          sessionizer.split(events, into: &sessions)
        }
        if !sessions.events.isEmpty { try body(sessions) }
      }
      return
    }
    var cutter = sessionizer.makeCutter()
    try forEachUserInOrder { events, endsUser in
      sessionizer.split(events, streaming: &cutter, into: &sessions)
      if endsUser { cutter.reset() }
      if !sessions.events.isEmpty { try body(sessions) }
    }
  }
}
