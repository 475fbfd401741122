import JourneyInput
import JourneyModel
import JourneyParsing

/// Committing parsed blocks in input order: the run's ids, the events' order, the ledger.
extension ParallelIngest {
  /// Commits every result that is next in order; one thread at a time, the others just leave theirs.
  func drainCommits() {
    lock.withLock {
      guard !committing else { return }
      committing = true
      defer { committing = false }
      while failure == nil {
        let key = commitKey
        if let result = pending.removeValue(forKey: key) {
          lock.unlocked { commit(result) }
          commitKey.block += 1
          lock.broadcast()
        } else if let end = ends[key.file] {
          switch end {
          case .failed(let error):
            failure = error
          case .read(let compression, let format, let outcome, let blocks):
            guard key.block == blocks else { return }
            ends[key.file] = nil
            lock.unlocked {
              ledger.finishFile(
                name: files[key.file].name, compression: compression, format: format, outcome: outcome,
                records: files[key.file].records)
            }
            commitKey = Key(file: key.file + 1, block: 0)
          }
          lock.broadcast()
        } else {
          return
        }
      }
    }
  }

  /// Gives a block's events the run's ids and their order in the input, hands them on, and
  /// passes its rejects and warnings to the ledger.
  private func commit(_ result: BlockResult) {
    let file = result.key.file
    let base = files[file].ordinalBase
    let remap = global.merge(result.ids, orderBase: EventRecord.order(file: file, ordinal: base))
    for i in result.events.indices {
      var event = result.events[i]
      event.order = EventRecord.order(file: file, ordinal: base + Int(event.order))
      remap.apply(to: &event)
      var extra: UInt32? = nil
      if result.hasExtra, result.extras[i] != .max { extra = remap.extra(result.extras[i]) }
      emit(event, extra)
    }
    files[file].ordinalBase += result.parsed
    files[file].records += result.records
    accepted += result.events.count
    excluded += result.excluded
    outOfRange += result.outOfRange
    otherPartition += result.otherPartition
    let name = files[file].name
    let lineBase = result.relativeLines ? files[file].lineBase : 0
    if let duplicate = result.duplicate { ledger.warnDuplicate(file: name, line: lineBase + duplicate.line, duplicate.what) }
    for note in result.rejects {
      ledger.reject(file: name, line: lineBase + note.line, reason: note.reason, detail: note.detail, excerpt: note.excerpt)
    }
    files[file].lineBase += result.lineCount
  }
}
