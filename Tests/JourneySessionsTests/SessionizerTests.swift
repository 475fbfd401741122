import JourneyModel
import JourneySessions
import JourneyTestSupport
import Testing

/// One user's sorted events at the given seconds; order = index.
private func events(atSeconds seconds: [Int64], change: [UInt32] = [], session: [UInt32] = [], dedupe: [UInt32] = [])
  -> [EventRecord]
{
  seconds.indices.map { index in
    EventRecord(
      time: seconds[index] * 1_000_000, order: UInt64(index), user: 1,
      session: index < session.count ? session[index] : 0, change: index < change.count ? change[index] : 0,
      dedupe: index < dedupe.count ? dedupe[index] : 0)
  }
}

private func split(_ records: [EventRecord], _ policy: SessionPolicy) -> (
  ranges: [Range<Int>], events: [EventRecord], duplicates: Int
) {
  var sessions = UserSessions()
  let duplicates = records.withUnsafeBufferPointer { Sessionizer(policy: policy).split($0, into: &sessions) }
  return (sessions.ranges, sessions.sessionEvents, duplicates)
}

/// Microseconds of a UTC date-time: `utc(2026, 3, 28, 22, 30)`.
func utc(_ y: Int64, _ mo: Int64, _ d: Int64, _ h: Int64, _ mi: Int64) -> Int64 {
  ((Timestamp.daysFromCivil(year: y, month: mo, day: d) * 24 + h) * 60 + mi) * 60_000_000
}

/// The sessions of `records` streamed in batches of `batch` events: each session's events.
private func streamed(_ records: [EventRecord], _ policy: SessionPolicy, batch: Int) -> (
  sessions: [[EventRecord]], duplicates: Int
) {
  let sessionizer = Sessionizer(policy: policy)
  var cutter = sessionizer.makeCutter()
  var sessions = UserSessions()
  var result: [[EventRecord]] = []
  var duplicates = 0
  for start in stride(from: 0, to: records.count, by: batch) {
    let part = Array(records[start..<min(start + batch, records.count)])
    duplicates += part.withUnsafeBufferPointer { sessionizer.split($0, streaming: &cutter, into: &sessions) }
    for (index, range) in sessions.ranges.enumerated() {
      let number = sessions.firstSession + index
      if number == result.count { result.append([]) }
      #expect(number == result.count - 1, "a batch continues the last session or starts the next")
      result[number].append(contentsOf: sessions.sessionEvents[range])
    }
  }
  return (result, duplicates)
}

@Suite struct SessionizerTests {
  /// A user streamed in batches of any size is cut exactly as the user held whole: timeout,
  /// midnight, `new_on_change`, `max_duration` and `dedupe` carry across batches.
  @Test(arguments: [1, 3, 64, 10_000])
  func streamedBatchesCutLikeTheWholeUser(batch: Int) {
    var random = SplitMix64(seed: UInt64(batch))
    var time: Int64 = utc(2026, 3, 28, 20, 0)
    let records = (0..<3_000).map { index in
      time += Int64(random.next() % 900) * 1_000_000 * (random.next() % 10 == 0 ? 4 : 1)
      return EventRecord(
        time: time, order: UInt64(index), user: 1, change: UInt32(random.next() % 4),
        dedupe: UInt32(random.next() % 1_500))
    }
    let policies = [
      SessionPolicy(),
      SessionPolicy(
        timeout: 1_200_000_000, splitAtMidnight: true, timeZone: "Europe/Berlin", newOnChange: true,
        maxDuration: 3_600_000_000, dedupe: true),
    ]
    for policy in policies {
      let whole = split(records, policy)
      let expected = whole.ranges.map { Array(whole.events[$0]) }
      let actual = streamed(records, policy, batch: batch)
      #expect(actual.sessions == expected)
      #expect(actual.duplicates == whole.duplicates)
    }
  }

  @Test func gapEqualToTimeoutKeepsTheSessionOneMicrosecondMoreSplits() {
    let policy = SessionPolicy(timeout: 1_800_000_000)
    let same = [EventRecord(time: 0, order: 0, user: 1), EventRecord(time: 1_800_000_000, order: 1, user: 1)]
    #expect(split(same, policy).ranges == [0..<2])
    let apart = [EventRecord(time: 0, order: 0, user: 1), EventRecord(time: 1_800_000_001, order: 1, user: 1)]
    #expect(split(apart, policy).ranges == [0..<1, 1..<2])
  }

  @Test func defaultsAreThirtyMinutesInUTC() {
    let policy = SessionPolicy()
    #expect(policy.timeout == 30 * 60 * 1_000_000)
    #expect(!policy.splitAtMidnight && policy.timeZone == "UTC" && !policy.newOnChange)
    #expect(policy.maxDuration == nil && !policy.useExportSessions && !policy.dedupe)
  }

  @Test func oneEventIsOneSession() {
    #expect(split(events(atSeconds: [5]), SessionPolicy()).ranges == [0..<1])
  }

  @Test func noEventsNoSessions() {
    #expect(split([], SessionPolicy()).ranges.isEmpty)
  }

  @Test(arguments: [
    // (first, second, split?) in Europe/Berlin; the timeout is a day so only the date matters.
    (utc(2026, 3, 28, 22, 30), utc(2026, 3, 28, 23, 30), true),  // 23:30 CET → 00:30 CET on the 29th
    (utc(2026, 3, 29, 0, 30), utc(2026, 3, 29, 1, 30), false),  // 01:30 CET → 03:30 CEST, same date
    (utc(2026, 3, 29, 21, 30), utc(2026, 3, 29, 22, 30), true),  // 23:30 CEST → 00:30 (UTC+1 would say 23:30)
    (utc(2026, 10, 24, 21, 30), utc(2026, 10, 24, 22, 30), true),  // 23:30 CEST → 00:30 CEST on the 25th
    (utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30), false),  // 02:30 CEST → 02:30 CET, same date
    (utc(2026, 10, 25, 21, 30), utc(2026, 10, 25, 22, 30), false),  // 22:30 CET → 23:30 CET (UTC+2 would split)
    (utc(2026, 10, 25, 22, 30), utc(2026, 10, 25, 23, 30), true),  // 23:30 CET → 00:30 CET on the 26th
  ])
  func splitsAtLocalMidnightInBerlinAcrossDaylightSavingChanges(first: Int64, second: Int64, splits: Bool) {
    let policy = SessionPolicy(timeout: 86_400_000_000, splitAtMidnight: true, timeZone: "Europe/Berlin")
    let records = [EventRecord(time: first, order: 0, user: 1), EventRecord(time: second, order: 1, user: 1)]
    #expect(split(records, policy).ranges == (splits ? [0..<1, 1..<2] : [0..<2]))
  }

  @Test func midnightSplitIsOffByDefault() {
    let records = [
      EventRecord(time: utc(2026, 1, 1, 23, 50), order: 0, user: 1),
      EventRecord(time: utc(2026, 1, 2, 0, 10), order: 1, user: 1),
    ]
    #expect(split(records, SessionPolicy()).ranges == [0..<2])
  }

  @Test func newOnChangeSplitsOnADifferentNonEmptyValueOnly() {
    // values: a, (empty), a, b, (empty), b → sessions [a, -, a] [b, -, b]
    let records = events(atSeconds: [0, 1, 2, 3, 4, 5], change: [7, 0, 7, 8, 0, 8])
    #expect(split(records, SessionPolicy(newOnChange: true)).ranges == [0..<3, 3..<6])
    #expect(split(records, SessionPolicy()).ranges == [0..<6])
  }

  @Test func newOnChangeAdoptsTheFirstValueOfASessionThatStartedEmpty() {
    let records = events(atSeconds: [0, 1, 2], change: [0, 7, 8])
    #expect(split(records, SessionPolicy(newOnChange: true)).ranges == [0..<2, 2..<3])
  }

  @Test func maxDurationSplitsOnlyWhenExceeded() {
    // max 10 s: 0, 5, 10 fit (10 − 0 = 10), 11 exceeds → new session from 11; 21 = 11 + 10 fits.
    let records = events(atSeconds: [0, 5, 10, 11, 21, 22])
    #expect(split(records, SessionPolicy(maxDuration: 10_000_000)).ranges == [0..<3, 3..<5, 5..<6])
  }

  @Test func exportSessionsGroupByIdInOrderOfFirstEvent() {
    // ids interleave: 5 5 6 5 6 0 → [5: 0,1,3] [6: 2,4] [0: 5]; timeouts are ignored.
    let records = events(atSeconds: [0, 1, 2, 3, 10_000, 20_000], session: [5, 5, 6, 5, 6, 0])
    let result = split(records, SessionPolicy(useExportSessions: true))
    #expect(result.ranges == [0..<3, 3..<5, 5..<6])
    #expect(result.events.map(\.order) == [0, 1, 3, 2, 4, 5])
  }

  @Test func dedupeKeepsTheFirstEventOfEachIdAndCountsTheRest() {
    let records = events(atSeconds: [0, 1, 2, 3, 4], dedupe: [9, 9, 0, 0, 9])
    let result = split(records, SessionPolicy(dedupe: true))
    #expect(result.duplicates == 2)
    #expect(result.events.map(\.order) == [0, 2, 3])
    #expect(split(records, SessionPolicy()).duplicates == 0)
  }
}
