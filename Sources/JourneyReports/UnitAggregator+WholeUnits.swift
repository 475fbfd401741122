import JourneyModel
import JourneySessions

/// The whole-user path: a user's events held at once, sessions cut by ``Sessionizer/split(_:into:)``.
extension UnitAggregator {
  /// Adds one user's events (sorted by time, input order), held whole.
  mutating func add(user events: UnsafeBufferPointer<EventRecord>) {
    duplicates += sessionizer.split(events, into: &sessions)
    guard !sessions.events.isEmpty else { return }
    users += 1
    sessionCount += sessions.count
    for event in sessions.events where !event.hasStage { unclassified += 1 }
    if settings.scope == .user {
      let all = sessions.events
      all.withUnsafeBufferPointer { add(unit: $0) }
    } else {
      let grouped = sessions.sessionEvents
      let ranges = sessions.ranges
      grouped.withUnsafeBufferPointer { buffer in
        for range in ranges { add(unit: UnsafeBufferPointer(rebasing: buffer[range])) }
      }
    }
  }

  mutating func add(unit events: UnsafeBufferPointer<EventRecord>) {
    units += 1
    stagedStages.removeAll(keepingCapacity: true)
    stagedTimes.removeAll(keepingCapacity: true)
    visits.removeAll(keepingCapacity: true)
    visitTimes.removeAll(keepingCapacity: true)
    stagedPositions.removeAll(keepingCapacity: true)
    heldTimes.removeAll(keepingCapacity: true)
    heldTouchpoints.removeAll(keepingCapacity: true)
    unitMap.reset()
    for (position, event) in events.enumerated() {
      let staged = Int(event.stage) < stageCount
      let stage = staged ? Int(event.stage) : stageCount
      unitMap.stageEvents[stage] += 1
      if touchpoints {
        let touchpoint = attributes.valueID(event.attributes, field: touchpointField)
        unitMap.pairs.update(UnitMapSummary.key(stage: stage, touchpoint: touchpoint), initial: 0) { $0 += 1 }
        heldTimes.append(event.time)
        heldTouchpoints.append(touchpoint)
      }
      guard staged else { continue }
      stagedStages.append(event.stage)
      stagedTimes.append(event.time)
      stagedPositions.append(UInt32(position))
      if visits.last != event.stage {
        visits.append(event.stage)
        visitTimes.append(event.time)
      }
    }
    // The unit's breakdown values: the first non-empty value of each field.
    for field in breakdowns.indices {
      unitValues[field] = 0
      for event in events where event.attributes != 0 {
        let id = attributes.valueID(event.attributes, field: field)
        if id != 0 {
          unitValues[field] = id
          break
        }
      }
    }
    unitValuesMissing = 0
    // Time in stage: each visit until the next visit's first event, the last until the unit's last event.
    for visit in visits.indices {
      let end = visit + 1 < visits.count ? visitTimes[visit + 1] : events[events.count - 1].time
      addVisit(stage: visits[visit], duration: end - visitTimes[visit])
    }
    var depth = 0
    if stagedStages.isEmpty {
      unitsWithoutStage += 1
    } else {
      depth = matcher.match(stages: stagedStages, times: stagedTimes, visits: visits, visitTimes: visitTimes)
      unitMap.depth = depth
      unitMap.inProgress = countFunnel(depth: depth, lastTime: lastTime)
      summarizeHeldUnit(eventCount: events.count)
      Self.count(visits: visits, stageCount: stageCount, into: &transitions)
      pathKey.removeAll(keepingCapacity: true)
      if settings.maxPathLength > 0, visits.count > settings.maxPathLength {
        pathKey.append(contentsOf: visits[0..<settings.maxPathLength])
        pathKey.append(Self.ellipsis)
      } else {
        pathKey.append(contentsOf: visits)
      }
      paths[pathKey, default: 0] += 1
    }
    recordMap()
    for field in breakdowns.indices {
      let index = breakdowns[field].position(of: unitValues[field], inserting: BreakdownValueCounts(stageCount: stageCount))
      breakdowns[field][valueAt: index].record(
        depth: depth, visits: visits, hasStage: !stagedStages.isEmpty, stageCount: stageCount, unit: unitMap,
        chain: matcher.chain, lift: field == 0)
    }
    if unitMap.undecided { undecided.append(start: matcher.chain[0], unit: unitMap, values: unitValues) }
  }

  /// Adds `(start) → v0 → … → (exit)` of one unit's visits to a transition matrix.
  static func count(visits: [UInt16], stageCount k: Int, into matrix: inout [Int]) {
    guard let first = visits.first, let last = visits.last else { return }
    matrix[Int(first)] += 1
    for index in visits.indices.dropFirst() {
      matrix[(Int(visits[index - 1]) + 1) * (k + 1) + Int(visits[index])] += 1
    }
    matrix[(Int(last) + 1) * (k + 1) + k] += 1
  }
}
