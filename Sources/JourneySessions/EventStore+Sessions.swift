import JourneyModel

extension EventStore {
  /// Streams every user's sessions in a deterministic order (see ``forEachUserInOrder(_:)``),
  /// for `journey sessions`: the events of session `sessions.firstSession + i` (0-based) of the
  /// user are `sessions.sessionEvents[sessions.ranges[i]]`. A user comes in several calls when it
  /// has more than ``batchLimit`` events (the first range of a call may continue the last of the
  /// previous one); with export sessions, such a user's sessions are regrouped through an
  /// ``ExportSessionRegrouper`` (spilled under `memoryLimit`) and come in the same way.
  /// The value passed to `body` is reused; copy what must outlive the call.
  package func forEachSessionizedUser(
    policy: SessionPolicy, _ body: (UserSessions) throws -> Void
  ) throws {
    let sessionizer = Sessionizer(policy: policy)
    var sessions = UserSessions()
    if policy.useExportSessions {
      // A user bigger than a batch is regrouped through an ExportSessionRegrouper, not held.
      var regrouper: ExportSessionRegrouper?
      try forEachUserInOrder { events, endsUser in
        if endsUser, regrouper == nil {
          sessionizer.split(events, into: &sessions)
          if !sessions.events.isEmpty { try body(sessions) }
          return
        }
        if regrouper == nil {
          regrouper = ExportSessionRegrouper(
            sessionizer: sessionizer, memoryLimit: regroupMemoryLimit, batchLimit: batchLimit,
            temporaryDirectory: temporaryDirectory)
        }
        regrouper!.add(events)
        guard endsUser else { return }
        let user = regrouper!
        regrouper = nil
        try Self.forEachBatch(of: user, limit: max(1, batchLimit), sessions: &sessions, body)
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

  /// Hands a regrouped user's sessions to `body` in calls of about `limit` events, numbered as
  /// ``forEachSessionizedUser(policy:_:)`` numbers a streamed user's.
  private static func forEachBatch(
    of user: ExportSessionRegrouper, limit: Int, sessions: inout UserSessions, _ body: (UserSessions) throws -> Void
  ) throws {
    sessions.events.removeAll(keepingCapacity: true)
    sessions.ranges.removeAll(keepingCapacity: true)
    sessions.usesRegrouped = false
    sessions.duplicates = user.duplicates
    sessions.firstSession = 0
    // Sessions ended so far; the start in `sessions.events` of the session being filled.
    var ended = 0
    var start = 0
    try user.forEachSession { events, endsSession in
      if sessions.events.isEmpty { sessions.firstSession = ended }
      sessions.events.append(contentsOf: events)
      if endsSession {
        sessions.ranges.append(start..<sessions.events.count)
        start = sessions.events.count
        ended += 1
      }
      guard sessions.events.count >= limit else { return }
      if start < sessions.events.count { sessions.ranges.append(start..<sessions.events.count) }
      try body(sessions)
      sessions.events.removeAll(keepingCapacity: true)
      sessions.ranges.removeAll(keepingCapacity: true)
      sessions.duplicates = 0
      start = 0
    }
    if !sessions.events.isEmpty { try body(sessions) }
  }
}
