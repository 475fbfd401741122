public import JourneyModel
import Foundation

/// Maps UTC microseconds to local day numbers in one IANA time zone, without Foundation per event.
///
/// The zone's UTC offsets are read from Foundation once, at init, as a table of transitions
/// (1900 to 2440); a lookup is a binary search in that table. Later times are moved back by whole
/// 400-year Gregorian cycles (146,097 days, whole weeks too) into the table's last cycle, 2040 to
/// 2440: rules such as "the second Sunday of March" fall on the same instants there, so a zone's
/// current rule goes on forever, as tzdata's own footer rule does.
package struct LocalDayCalendar: Sendable {
  /// Start of each offset period (µs, UTC), ascending; `offsets[i]` holds from `starts[i]`.
  private let starts: [Microseconds]
  /// Offset from UTC in µs.
  private let offsets: [Microseconds]

  /// 2040-01-01T00:00:00Z, the start of the table's last 400-year cycle.
  static let lastCycleStart: Microseconds = 2_208_988_800 * 1_000_000
  /// 400 Gregorian years in µs.
  static let cycle: Microseconds = 146_097 * Timestamp.microsecondsPerDay
  /// The end of the table, 2440-01-01T00:00:00Z.
  static var tableEnd: Microseconds { lastCycleStart + cycle }

  /// Nil when `identifier` is not a known time zone.
  package init?(timeZone identifier: String) {
    guard let zone = TimeZone(identifier: identifier) else { return nil }
    var starts: [Microseconds] = [Int64.min]
    var date = Date(timeIntervalSince1970: -2_208_988_800)  // 1900-01-01
    var offsets: [Microseconds] = [Int64(zone.secondsFromGMT(for: date)) * 1_000_000]
    let end = Date(timeIntervalSince1970: Double(Self.tableEnd / 1_000_000))  // 2440-01-01
    while let next = zone.nextDaylightSavingTimeTransition(after: date), next < end {
      let offset = Int64(zone.secondsFromGMT(for: next)) * 1_000_000
      if offset != offsets[offsets.count - 1] {
        starts.append(Int64((next.timeIntervalSince1970 * 1_000_000).rounded()))
        offsets.append(offset)
      }
      date = next
    }
    self.starts = starts
    self.offsets = offsets
  }

  /// The offset from UTC (µs) in effect at `time`.
  package func offset(at time: Microseconds) -> Microseconds {
    offsets[period(at: Self.inTable(time))]
  }

  /// `time`, or for times past the table the same instant of its last 400-year cycle: the same
  /// weekdays and dates, so the same rule-based offsets.
  private static func inTable(_ time: Microseconds) -> Microseconds {
    time >= tableEnd ? time - (time - lastCycleStart) / cycle * cycle : time
  }

  /// The index of the offset period holding `time` (a time within the table): the largest i with
  /// starts[i] <= time (starts[0] is Int64.min, so i >= 0).
  private func period(at time: Microseconds) -> Int {
    var low = 0
    var high = starts.count
    while high - low > 1 {
      let middle = (low + high) / 2
      if starts[middle] <= time { low = middle } else { high = middle }
    }
    return low
  }

  /// Days since 1970-01-01 of the local date at `time`.
  package func localDay(_ time: Microseconds) -> Int64 {
    Timestamp.floorDivide(time + offset(at: time), Timestamp.microsecondsPerDay)
  }

  /// ``localDay(_:)`` for a caller that asks about times close together (a user's events, in time
  /// order): `hint` holds the offset period the last call found (start with 0), and a time within
  /// it costs two comparisons instead of a binary search among the zone's transitions.
  package func localDay(_ time: Microseconds, hint: inout Int) -> Int64 {
    let shifted = Self.inTable(time)
    let i = hint
    if !(i < starts.count && starts[i] <= shifted && (i + 1 == starts.count || shifted < starts[i + 1])) {
      hint = period(at: shifted)
    }
    return Timestamp.floorDivide(time + offsets[hint], Timestamp.microsecondsPerDay)
  }
}
