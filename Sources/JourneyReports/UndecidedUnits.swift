import JourneyModel

/// The units of a partial report (SPEC §12) whose funnel window was still open when the partial's
/// own data ended: whether each is in progress or dropped depends on where the *merged* data ends,
/// which no partial knows. Each is recorded everywhere else already (depth, reach, paths, time to
/// convert); what waits here is only the part that differs: a step's `in_progress` count, or its
/// next and exit touchpoints and the lift failure with the unit's touchpoints.
///
/// Stored by column, about 30 bytes a unit plus its touchpoints and breakdown values: a unit is
/// here only when it started less than one window before its partial's last event.
struct UndecidedUnits: Equatable {
  /// When the unit's chain began (step 1's time), and the window: in progress when the data ends
  /// less than `window` after it.
  var starts: [Microseconds] = []
  var depths: [UInt16] = []
  var next: [UInt32] = []
  var exit: [UInt32] = []
  /// The unit's distinct touchpoints for lift: `lift[liftEnds[i − 1] ..< liftEnds[i]]`.
  var lift: [UInt32] = []
  var liftEnds: [Int] = []
  /// The unit's value of each breakdown field (`width` per unit; 0: none).
  var values: [UInt32] = []
  let width: Int

  init(breakdownFields: Int) {
    width = breakdownFields
  }

  var count: Int { starts.count }
  var isEmpty: Bool { starts.isEmpty }

  mutating func append(start: Microseconds, unit: UnitMapSummary, values unitValues: [UInt32]) {
    starts.append(start)
    depths.append(UInt16(unit.depth))
    next.append(unit.next)
    exit.append(unit.exit)
    lift.append(contentsOf: unit.liftTouchpoints)
    liftEnds.append(lift.count)
    values.append(contentsOf: unitValues.prefix(width))
  }

  mutating func append(contentsOf other: UndecidedUnits) {
    let base = lift.count
    starts.append(contentsOf: other.starts)
    depths.append(contentsOf: other.depths)
    next.append(contentsOf: other.next)
    exit.append(contentsOf: other.exit)
    lift.append(contentsOf: other.lift)
    liftEnds.append(contentsOf: other.liftEnds.map { $0 + base })
    values.append(contentsOf: other.values)
  }

  func liftTouchpoints(of index: Int) -> ArraySlice<UInt32> {
    lift[(index == 0 ? 0 : liftEnds[index - 1])..<liftEnds[index]]
  }

  func values(of index: Int) -> ArraySlice<UInt32> {
    values[(index * width)..<((index + 1) * width)]
  }
}

extension UnitAggregator {
  /// Decides every undecided unit against `lastTime`, the end of the merged data, as
  /// ``countFunnel(depth:lastTime:)`` would have with it: in progress when `lastTime − start <
  /// window`, else dropped (its exits and lift failure recorded where the unit was: the whole map
  /// without breakdowns, else each breakdown value's, with lift in the first field's).
  mutating func decideUndecided(lastTime: Microseconds) {
    guard !undecided.isEmpty, let window = settings.effectiveWindow else { return }
    let pending = undecided
    undecided = UndecidedUnits(breakdownFields: breakdowns.count)
    for index in 0..<pending.count {
      let depth = Int(pending.depths[index])
      if lastTime - pending.starts[index] < window {
        inProgress[depth] += 1
        continue
      }
      let (next, exit, lift) = (pending.next[index], pending.exit[index], pending.liftTouchpoints(of: index))
      if breakdowns.isEmpty {
        ownMap.recordDropped(depth: depth, next: next, exit: exit, lift: true, liftTouchpoints: lift)
        continue
      }
      for (field, value) in pending.values(of: index).enumerated() {
        let position = breakdowns[field].position(of: value)!
        breakdowns[field][valueAt: position].map.recordDropped(
          depth: depth, next: next, exit: exit, lift: field == 0, liftTouchpoints: lift)
      }
    }
  }
}
