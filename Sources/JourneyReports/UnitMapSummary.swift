/// One finished unit's part of the journey map, filled by either path of ``UnitAggregator`` and
/// recorded into the whole report's and its breakdown values' ``JourneyMapCounts``.
struct UnitMapSummary {
  /// Events per stage; index *k*: events with no stage.
  var stageEvents: [Int]
  /// `stage << 32 | touchpoint` → events (stage *k*: no stage); empty without touchpoints.
  var pairs = SmallMap<UInt64, Int>()
  var depth = 0
  var inProgress = false
  /// In progress or dropped is decided only at the end of the merged data (a partial report's
  /// unit whose window was still open at its own end): recorded without its exits and lift
  /// failure, which wait in ``UndecidedUnits``.
  var undecided = false
  /// A dropped unit's next touchpoint (``JourneyMapCounts/exitID`` when no event follows the
  /// counted chain's last step) and exit touchpoint; 0: none.
  var next: UInt32 = 0
  var exit: UInt32 = 0
  /// A success's or failure's distinct touchpoints (0 left out) for lift.
  var liftTouchpoints: [UInt32] = []

  init(stageCount: Int) {
    stageEvents = Array(repeating: 0, count: stageCount + 1)
  }

  /// Starts the next unit, keeping the storage.
  mutating func reset() {
    for index in stageEvents.indices { stageEvents[index] = 0 }
    pairs.removeAll()
    depth = 0
    inProgress = false
    undecided = false
    next = 0
    exit = 0
    liftTouchpoints.removeAll(keepingCapacity: true)
  }

  @inline(__always) static func key(stage: Int, touchpoint: UInt32) -> UInt64 {
    UInt64(stage) << 32 | UInt64(touchpoint)
  }
}
