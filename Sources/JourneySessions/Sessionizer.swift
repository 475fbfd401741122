public import JourneyModel

/// Splits one user's events into sessions (SPEC §4 "Sessions").
///
/// A new session starts when the gap to the previous event is strictly greater than `timeout`,
/// when (with `splitAtMidnight`) the local date differs from the previous event's, when (with
/// `newOnChange`) the event's non-empty `change` differs from the session's first non-empty
/// value, or when the session would last strictly longer than `maxDuration` (time of the event
/// minus time of the session's first event). With `useExportSessions` the export's session ids
/// are used instead: events are grouped by `session` (events without one, id 0, form one group),
/// groups ordered by their first event. `dedupe` runs first and keeps the first event of each
/// non-zero dedupe id in event order.
package struct Sessionizer: Sendable {
  package let policy: SessionPolicy
  private let calendar: LocalDayCalendar?

  /// Falls back to UTC days when the time zone is unknown (the config layer validates names).
  package init(policy: SessionPolicy) {
    self.policy = policy
    calendar = policy.splitAtMidnight
      ? (LocalDayCalendar(timeZone: policy.timeZone) ?? LocalDayCalendar(timeZone: "UTC")) : nil
  }

  /// Cuts `events` (one user's, sorted by (time, input order)) into sessions, replacing the
  /// contents of `sessions`. Returns the number of events dropped as duplicates.
  ///
  /// - Complexity: O(*n*) in the events of the user; no allocation once `sessions` has grown.
  @discardableResult
  package func split(_ events: UnsafeBufferPointer<EventRecord>, into sessions: inout UserSessions) -> Int {
    sessions.events.removeAll(keepingCapacity: true)
    sessions.ranges.removeAll(keepingCapacity: true)
    sessions.usesRegrouped = false
    sessions.duplicates = 0
    sessions.firstSession = 0
    if policy.dedupe {
      sessions.seen.removeAll()
      for event in events {
        if sessions.seen.isRepeat(event, log: policy.dedupeLog) {
          sessions.duplicates += 1
        } else {
          sessions.events.append(event)
        }
      }
    } else {
      sessions.events.append(contentsOf: events)
    }
    if sessions.events.isEmpty { return sessions.duplicates }
    if policy.useExportSessions {
      groupByExportSession(&sessions)
    } else {
      cut(&sessions)
    }
    return sessions.duplicates
  }

  /// A cutter with these rules, for a user streamed in batches (see ``split(_:streaming:into:)``).
  package func makeCutter() -> SessionCutter { SessionCutter(policy: policy, calendar: calendar) }

  /// Cuts one batch of a user streamed in batches (in (time, input order), the user's first batch
  /// right after `cutter.reset()`), replacing the contents of `sessions` with the batch's events
  /// after `dedupe` and their sessions. `ranges[0]` may continue the previous batch's last session:
  /// ``UserSessions/firstSession`` is its index among the user's sessions. Not for export
  /// sessions, which a user bigger than a batch regroups through ``ExportSessionRegrouper``.
  /// Returns the number of events dropped as duplicates.
  ///
  /// - Complexity: O(*n*) in the events of the batch.
  @discardableResult
  package func split(
    _ events: UnsafeBufferPointer<EventRecord>, streaming cutter: inout SessionCutter, into sessions: inout UserSessions
  ) -> Int {
    precondition(!policy.useExportSessions, "export sessions need the whole user")
    sessions.events.removeAll(keepingCapacity: true)
    sessions.ranges.removeAll(keepingCapacity: true)
    sessions.usesRegrouped = false
    sessions.duplicates = 0
    sessions.firstSession = 0
    var start = 0
    for event in events {
      if cutter.isDuplicate(event) {
        sessions.duplicates += 1
        continue
      }
      let starts = cutter.startsSession(event)
      if sessions.events.isEmpty {
        sessions.firstSession = cutter.sessionCount - 1
      } else if starts {
        sessions.ranges.append(start..<sessions.events.count)
        start = sessions.events.count
      }
      sessions.events.append(event)
    }
    if !sessions.events.isEmpty { sessions.ranges.append(start..<sessions.events.count) }
    return sessions.duplicates
  }

  private func cut(_ sessions: inout UserSessions) {
    let events = sessions.events
    var cutter = makeCutter()
    var start = 0
    for index in events.indices where cutter.startsSession(events[index]) && index > 0 {
      sessions.ranges.append(start..<index)
      start = index
    }
    sessions.ranges.append(start..<events.count)
  }

  private func groupByExportSession(_ sessions: inout UserSessions) {
    sessions.groupIndex.removeAll(keepingCapacity: true)
    sessions.groupOfEvent.removeAll(keepingCapacity: true)
    sessions.groupStart.removeAll(keepingCapacity: true)
    // Groups numbered by first event; count sizes in groupStart.
    for event in sessions.events {
      let group: Int
      if let known = sessions.groupIndex[event.session] {
        group = known
      } else {
        group = sessions.groupStart.count
        sessions.groupIndex[event.session] = group
        sessions.groupStart.append(0)
      }
      sessions.groupStart[group] += 1
      sessions.groupOfEvent.append(group)
    }
    var offset = 0
    for group in sessions.groupStart.indices {
      let size = sessions.groupStart[group]
      sessions.ranges.append(offset..<(offset + size))
      sessions.groupStart[group] = offset
      offset += size
    }
    // A stable counting sort: within a group events keep (time, input order).
    let events = sessions.events
    sessions.regrouped.removeAll(keepingCapacity: true)
    sessions.regrouped.append(contentsOf: events)
    for index in events.indices {
      let group = sessions.groupOfEvent[index]
      sessions.regrouped[sessions.groupStart[group]] = events[index]
      sessions.groupStart[group] += 1
    }
    sessions.usesRegrouped = true
  }
}
