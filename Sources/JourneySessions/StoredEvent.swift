import JourneyModel

/// How the store keeps events in memory: ``EventRecord`` itself, or ``CompactEvent`` while no event
/// uses the export session, `new_on_change` or dedupe ids.
protocol StoredEvent {
  init(_ record: EventRecord)
  var record: EventRecord { get }
  var user: UInt32 { get }
  var time: Int64 { get }
  /// (user, time, input order): a total order, since input order is unique per event.
  static func storeOrder(_ a: Self, _ b: Self) -> Bool
}

extension EventRecord: StoredEvent {
  init(_ record: EventRecord) { self = record }
  var record: EventRecord { self }

  @inline(__always) static func storeOrder(_ a: EventRecord, _ b: EventRecord) -> Bool {
    if a.user != b.user { return a.user < b.user }
    if a.time != b.time { return a.time < b.time }
    return a.order < b.order
  }
}

/// An ``EventRecord`` without `session`, `change` and `dedupe`, in 28 bytes instead of 40.
///
/// The 64-bit fields are split into 32-bit halves so that the struct is 4-byte aligned and
/// nothing is padded.
struct CompactEvent: StoredEvent {
  var timeLow: UInt32
  var timeHigh: UInt32
  var orderLow: UInt32
  var orderHigh: UInt32
  var user: UInt32
  var attributes: UInt32
  var stage: UInt16
  var traits: UInt16

  @inline(__always) init(_ record: EventRecord) {
    let time = UInt64(bitPattern: record.time)
    timeLow = UInt32(truncatingIfNeeded: time)
    timeHigh = UInt32(truncatingIfNeeded: time >> 32)
    orderLow = UInt32(truncatingIfNeeded: record.order)
    orderHigh = UInt32(truncatingIfNeeded: record.order >> 32)
    user = record.user
    attributes = record.attributes
    stage = record.stage
    traits = record.traits
  }

  @inline(__always) var time: Int64 { Int64(bitPattern: UInt64(timeHigh) << 32 | UInt64(timeLow)) }
  @inline(__always) var order: UInt64 { UInt64(orderHigh) << 32 | UInt64(orderLow) }

  @inline(__always) var record: EventRecord {
    EventRecord(time: time, order: order, user: user, attributes: attributes, stage: stage, traits: traits)
  }

  /// Whether `record` fits without losing a field.
  @inline(__always) static func fits(_ record: EventRecord) -> Bool {
    record.session | record.change | record.dedupe == 0
  }

  @inline(__always) static func storeOrder(_ a: CompactEvent, _ b: CompactEvent) -> Bool {
    if a.user != b.user { return a.user < b.user }
    if a.timeHigh != b.timeHigh { return Int32(bitPattern: a.timeHigh) < Int32(bitPattern: b.timeHigh) }
    if a.timeLow != b.timeLow { return a.timeLow < b.timeLow }
    if a.orderHigh != b.orderHigh { return a.orderHigh < b.orderHigh }
    return a.orderLow < b.orderLow
  }
}
