import JourneyModel
import JourneySessions

/// The streamed path: a unit's counts kept one event at a time, O(*k*) state per unit.
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
      }
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
    }
    guard Int(event.stage) < stageCount else { return }
    let startsVisit = event.stage != unitLastStage
    if windowed {
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
    let k = stageCount
    let cell = unitLastStage == UInt16.max ? Int(event.stage) : (Int(unitLastStage) + 1) * (k + 1) + Int(event.stage)
    unitLastStage = event.stage
    unitVisitCount += 1
    if settings.maxPathLength <= 0 || visits.count < settings.maxPathLength { visits.append(event.stage) }
    if unitCells.count == Self.pendingCellLimit { foldCells() }
    unitCells.append(Int32(cell))
  }

  /// Folds the pending transitions of a long unit into counts, at most (k + 1)² of them.
  mutating func foldCells() {
    for cell in unitCells { unitCellCounts[cell, default: 0] += 1 }
    unitCells.removeAll(keepingCapacity: true)
  }

  /// Ends the streamed unit: the same counts as ``add(unit:)`` on all of its events.
  mutating func finishUnit() {
    guard unitEvents > 0 else { return }
    unitEvents = 0
    units += 1
    let k = stageCount
    let hasStage = unitLastStage != UInt16.max
    var depth = 0
    if !hasStage {
      unitsWithoutStage += 1
    } else {
      unitCells.append(Int32((Int(unitLastStage) + 1) * (k + 1) + k))
      if windowed {
        depth = matcher.match(stages: stagedStages, times: stagedTimes, visits: visitStages, visitTimes: visitTimes)
      } else {
        depth = k > 0 ? matcher.finish() : 0
      }
      countFunnel(depth: depth, lastTime: lastTime)
      Self.add(cells: unitCells, counts: unitCellCounts, into: &transitions)
      pathKey.removeAll(keepingCapacity: true)
      pathKey.append(contentsOf: visits)
      if settings.maxPathLength > 0, unitVisitCount > settings.maxPathLength { pathKey.append(Self.ellipsis) }
      paths[pathKey, default: 0] += 1
    }
    for field in breakdowns.indices {
      let value = unitValues[field]
      if let index = breakdowns[field].index(forKey: value) {
        breakdowns[field].values[index].record(
          depth: depth, cells: unitCells, counts: unitCellCounts, hasStage: hasStage)
      } else {
        var counts = BreakdownValueCounts(stageCount: stageCount)
        counts.record(depth: depth, cells: unitCells, counts: unitCellCounts, hasStage: hasStage)
        breakdowns[field][value] = counts
      }
    }
    unitCells.removeAll(keepingCapacity: true)
    if !unitCellCounts.isEmpty { unitCellCounts.removeAll(keepingCapacity: true) }
  }
}
