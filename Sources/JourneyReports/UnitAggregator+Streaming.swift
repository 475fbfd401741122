import JourneyModel
import JourneySessions

/// The streamed path: a unit's counts kept one event at a time, O(*k*) state per unit (with a
/// touchpoint field, plus O(distinct touchpoints of the unit) for the journey map).
extension UnitAggregator {
  /// Adds a batch of a user with export sessions bigger than a batch (see the type's notes).
  mutating func add(exportBatch events: UnsafeBufferPointer<EventRecord>, endsUser: Bool) {
    streamsExportUser = !endsUser
    if settings.scope == .session {
      if regrouper == nil {
        regrouper = ExportSessionRegrouper(
          sessionizer: sessionizer, memoryLimit: regroupMemoryLimit, batchLimit: regroupBatchLimit,
          temporaryDirectory: temporaryDirectory)
      }
      regrouper!.add(events)
      guard endsUser, let user = regrouper else { return }
      regrouper = nil
      duplicates += user.duplicates
      guard user.sessionCount > 0 else { return }
      users += 1
      sessionCount += user.sessionCount
      do {
        try user.forEachSession { events, endsSession in
          for event in events {
            if !event.hasStage { unclassified += 1 }
            addToUnit(event)
          }
          if endsSession { finishUnit() }
        }
      } catch {
        if failure == nil { failure = error }
      }
      return
    }
    for event in events {
      if cutter.isDuplicate(event) {
        duplicates += 1
        continue
      }
      exportSessions.insert(event.session)
      if !event.hasStage { unclassified += 1 }
      addToUnit(event)
    }
    guard endsUser else { return }
    if !exportSessions.isEmpty {
      users += 1
      sessionCount += exportSessions.count
      finishUnit()
    }
    cutter.reset()
    exportSessions = []
  }

  /// Adds an event to the streamed unit (the unit begins with its first event).
  @inline(__always) mutating func addToUnit(_ event: EventRecord) {
    if unitEvents == 0 {
      if !windowed {
        if stageCount > 0 { matcher.begin() }
      } else {
        stagedStages.removeAll(keepingCapacity: true)
        stagedTimes.removeAll(keepingCapacity: true)
        visitStages.removeAll(keepingCapacity: true)
        visitTimes.removeAll(keepingCapacity: true)
        stagedPositions.removeAll(keepingCapacity: true)
        heldTimes.removeAll(keepingCapacity: true)
        heldTouchpoints.removeAll(keepingCapacity: true)
      }
      unitMap.reset()
      unitTouchpointTimes.removeAll()
      unitLastStage = UInt16.max
      unitVisitCount = 0
      visits.removeAll(keepingCapacity: true)
      unitValuesMissing = unitValues.count
      for field in unitValues.indices { unitValues[field] = 0 }
    }
    unitEvents += 1
    if unitValuesMissing > 0, event.attributes != 0 {
      for field in unitValues.indices where unitValues[field] == 0 {
        let id = attributes.valueID(event.attributes, field: field)
        if id != 0 {
          unitValues[field] = id
          unitValuesMissing -= 1
        }
      }
      if unitValuesMissing == 0 { flushPendingVisits() }
    }
    let staged = Int(event.stage) < stageCount
    unitMap.stageEvents[staged ? Int(event.stage) : stageCount] += 1
    unitLastTime = event.time
    if touchpoints {
      let touchpoint = attributes.valueID(event.attributes, field: touchpointField)
      if !windowed, stageCount > 0 { matcher.observe(touchpoint: touchpoint) }
      unitLastTouchpoint = touchpoint
      // Runs of one (stage, touchpoint) and of one touchpoint reach the dictionaries once.
      let key = UnitMapSummary.key(stage: staged ? Int(event.stage) : stageCount, touchpoint: touchpoint)
      if key == pairRunKey {
        pairRunEvents += 1
      } else {
        flushPairRun()
        pairRunKey = key
        pairRunEvents = 1
      }
      if touchpoint != 0 {
        if touchpoint != timeRunTouchpoint {
          flushTimeRun()
          timeRunTouchpoint = touchpoint
        }
        timeRunTime = event.time
      }
      if windowed {
        heldTimes.append(event.time)
        heldTouchpoints.append(touchpoint)
      }
    } else if !windowed, stageCount > 0 {
      matcher.observe(touchpoint: 0)
    }
    guard staged else { return }
    let startsVisit = event.stage != unitLastStage
    if windowed {
      stagedPositions.append(UInt32(truncatingIfNeeded: unitEvents - 1))
      stagedStages.append(event.stage)
      stagedTimes.append(event.time)
      if startsVisit, settings.order == .strict {
        visitStages.append(event.stage)
        visitTimes.append(event.time)
      }
    } else {
      matcher.add(stage: event.stage, time: event.time, startsVisit: startsVisit)
    }
    guard startsVisit else { return }
    if unitLastStage != UInt16.max { addVisit(stage: unitLastStage, duration: event.time - visitStartTime) }
    visitStartTime = event.time
    let k = stageCount
    let cell = unitLastStage == UInt16.max ? Int(event.stage) : (Int(unitLastStage) + 1) * (k + 1) + Int(event.stage)
    unitLastStage = event.stage
    unitVisitCount += 1
    if settings.maxPathLength <= 0 || visits.count < settings.maxPathLength { visits.append(event.stage) }
    if unitCells.count == Self.pendingCellLimit { foldCells() }
    unitCells.append(Int32(cell))
  }

  /// Fills ``unitMap``'s next, exit and lift touchpoints of a streamed unit (no window): the
  /// matcher's ``FunnelMatcher/chainNext``, the last event's touchpoint, and the touchpoints seen
  /// (user scope: last seen at or after the chain's first step).
  mutating func summarizeStreamedUnit() {
    let (k, depth, inProgress) = (stageCount, unitMap.depth, unitMap.inProgress)
    guard k > 0, depth >= 1 else { return }
    if depth < k, !inProgress {
      unitMap.next = matcher.chainNext
      unitMap.exit = unitLastTouchpoint
    }
    guard touchpoints, depth == k || !inProgress else { return }
    let start = matcher.chain[0]
    let (seen, times) = (unitTouchpointTimes.keys, unitTouchpointTimes.values)
    for index in seen.indices where settings.scope == .session || times[index] >= start {
      unitMap.liftTouchpoints.append(seen[index])
    }
  }

  /// Adds the unit's current run of one (stage, touchpoint) to its pairs.
  @inline(__always) mutating func flushPairRun() {
    guard pairRunEvents > 0 else { return }
    let events = pairRunEvents
    unitMap.pairs.update(pairRunKey, initial: 0) { $0 += events }
    pairRunEvents = 0
    pairRunKey = UInt64.max
  }

  /// Notes the last time of the unit's current run of one touchpoint.
  @inline(__always) mutating func flushTimeRun() {
    guard timeRunTouchpoint != 0 else { return }
    unitTouchpointTimes.set(timeRunTouchpoint, timeRunTime)
    timeRunTouchpoint = 0
  }

  /// Folds the pending transitions of a long unit into counts, at most (k + 1)² of them.
  mutating func foldCells() {
    for cell in unitCells { unitCellCounts[cell, default: 0] += 1 }
    unitCells.removeAll(keepingCapacity: true)
  }

  /// Ends the streamed unit: the same counts as ``add(unit:)`` on all of its events.
  mutating func finishUnit() {
    guard unitEvents > 0 else { return }
    flushPairRun()
    flushTimeRun()
    let eventCount = unitEvents
    unitEvents = 0
    units += 1
    let k = stageCount
    let hasStage = unitLastStage != UInt16.max
    var depth = 0
    if !hasStage {
      unitsWithoutStage += 1
    } else {
      unitCells.append(Int32((Int(unitLastStage) + 1) * (k + 1) + k))
      addVisit(stage: unitLastStage, duration: unitLastTime - visitStartTime)
      if windowed {
        depth = matcher.match(stages: stagedStages, times: stagedTimes, visits: visitStages, visitTimes: visitTimes)
      } else {
        depth = k > 0 ? matcher.finish() : 0
      }
      unitMap.depth = depth
      unitMap.inProgress = countFunnel(depth: depth, lastTime: lastTime)
      if windowed {
        summarizeHeldUnit(eventCount: eventCount)
      } else {
        summarizeStreamedUnit()
      }
      Self.add(cells: unitCells, counts: unitCellCounts, into: &transitions)
      pathKey.removeAll(keepingCapacity: true)
      pathKey.append(contentsOf: visits)
      if settings.maxPathLength > 0, unitVisitCount > settings.maxPathLength { pathKey.append(Self.ellipsis) }
      paths[pathKey, default: 0] += 1
    }
    recordMap()
    flushPendingVisits()
    for field in breakdowns.indices {
      let index = breakdowns[field].position(of: unitValues[field], inserting: BreakdownValueCounts(stageCount: stageCount))
      breakdowns[field][valueAt: index].record(
        depth: depth, cells: unitCells, counts: unitCellCounts, hasStage: hasStage, unit: unitMap,
        chain: matcher.chain, lift: field == 0)
    }
    if unitMap.undecided { undecided.append(start: matcher.chain[0], unit: unitMap, values: unitValues) }
    unitCells.removeAll(keepingCapacity: true)
    if !unitCellCounts.isEmpty { unitCellCounts.removeAll(keepingCapacity: true) }
  }
}
