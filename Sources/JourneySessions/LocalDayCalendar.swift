public import JourneyModel
import Foundation

/// Maps UTC microseconds to local day numbers in one IANA time zone, without Foundation per event.
///
/// The zone's UTC offsets are read from Foundation once, at init, as a table of transitions
/// (1900 to 2200); a lookup is a binary search in that table.
public struct LocalDayCalendar: Sendable {
  /// Start of each offset period (µs, UTC), ascending; `offsets[i]` holds from `starts[i]`.
  private let starts: [Microseconds]
  /// Offset from UTC in µs.
  private let offsets: [Microseconds]

  /// Nil when `identifier` is not a known time zone.
  public init?(timeZone identifier: String) {
    guard let zone = TimeZone(identifier: identifier) else { return nil }
    var starts: [Microseconds] = [Int64.min]
    var date = Date(timeIntervalSince1970: -2_208_988_800)  // 1900-01-01
    var offsets: [Microseconds] = [Int64(zone.secondsFromGMT(for: date)) * 1_000_000]
    let end = Date(timeIntervalSince1970: 7_258_118_400)  // 2200-01-01
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
  public func offset(at time: Microseconds) -> Microseconds {
    // Largest i with starts[i] <= time; starts[0] is Int64.min so i >= 0.
    var low = 0
    var high = starts.count
    while high - low > 1 {
      let middle = (low + high) / 2
      if starts[middle] <= time { low = middle } else { high = middle }
    }
    return offsets[low]
  }

  /// Days since 1970-01-01 of the local date at `time`.
  public func localDay(_ time: Microseconds) -> Int64 {
    Timestamp.floorDivide(time + offset(at: time), Timestamp.microsecondsPerDay)
  }
}
