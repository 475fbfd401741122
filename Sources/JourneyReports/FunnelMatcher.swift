import JourneyModel

/// Finds how deep one unit gets into the funnel and the chain of events that counted.
///
/// Input: the unit's staged events (stage index < k, times) in event order, and its visits
/// (consecutive repeats collapsed; time of each visit's first event).
/// - `ordered`, no window: greedy earliest match from the first S1 (optimal).
/// - `ordered`, window: every S1 event starts a chain, extended greedily (earliest next match)
///   while `time(Sj) − time(S1) ≤ window`; the deepest wins, ties to the earliest start.
/// - `strict`: a chain is an S1 event followed by the next visits S2, S3, … (each matched at the
///   visit's first event); with a window every S1 event may start one, otherwise each S1 visit's
///   first event. Deepest wins, ties to the earliest start.
/// - `any`: steps are the first occurrences of distinct stages; with a window every staged event
///   starts a window `[t, t + window]`; the most distinct stages win, ties to the earliest start.
/// After ``match(stages:times:visits:visitTimes:)``, `chain[0..<depth]` holds the step times and
/// ``chainLast`` the index (among the staged events) of the chain's last step event.
///
/// Without a window the three orders also run streaming, one staged event at a time with O(*k*)
/// state (``begin()``, ``add(stage:time:startsVisit:)``, ``finish()``), so a unit of any size is
/// never held: the result and the chain are exactly those of the batch match. Streamed, the
/// matcher also keeps ``chainNext``, the touchpoint of the event right after the chain's last step
/// event (told by ``observe(touchpoint:)`` before each event of the unit), for the journey map.
/// - Complexity: O(*n*·*k*) per unit of *n* staged events and *k* stages; O(1) per streamed event
///   (O(*k*) per unit to begin).
struct FunnelMatcher {
  let stageCount: Int
  let order: FunnelOrder
  let window: Microseconds?
  private(set) var chain: [Microseconds]
  /// Batch match: the staged index of the chain's last step event.
  private(set) var chainLast = 0
  /// Streamed: the touchpoint of the first event after the chain's last step event,
  /// ``JourneyMapCounts/exitID`` while there is none.
  private(set) var chainNext: UInt32 = 0
  private var candidateNext: UInt32 = 0
  /// Streamed: the chain (1) or the candidate (2) whose last step waits for its next event; 0: none.
  private var awaiting = 0
  private var candidate: [Microseconds]
  private var candidateLast = 0
  private var next: [Int32] = []
  private var counts: [Int]
  // Streaming state (no window): the depth so far; for `strict`, the chain along the current
  // visits (0 when none) and the best finished one.
  private var streamDepth = 0
  private var activeDepth = 0

  init(stageCount: Int, order: FunnelOrder, window: Microseconds?) {
    self.stageCount = stageCount
    self.order = order
    self.window = window
    chain = Array(repeating: 0, count: stageCount)
    candidate = Array(repeating: 0, count: stageCount)
    counts = Array(repeating: 0, count: stageCount)
  }

  /// Returns the depth (steps reached, 0…k).
  mutating func match(stages: [UInt16], times: [Microseconds], visits: [UInt16], visitTimes: [Microseconds]) -> Int {
    guard stageCount > 0, !stages.isEmpty else { return 0 }
    switch order {
    case .ordered: return window == nil ? orderedGreedy(stages, times) : orderedWindow(stages, times, window!)
    case .strict: return strict(stages, times, visits, visitTimes)
    case .any: return window == nil ? anyOrder(stages, times) : anyWindow(stages, times, window!)
    }
  }

  /// Starts a streamed unit (no window).
  mutating func begin() {
    precondition(window == nil, "a funnel window needs the whole unit")
    streamDepth = 0
    activeDepth = 0
    awaiting = 0
    chainNext = JourneyMapCounts.exitID
    if order == .any { for stage in 0..<stageCount { counts[stage] = 0 } }
  }

  /// Tells a streamed unit's next event (any, staged or not) before it is added: its touchpoint is
  /// the next touchpoint of a step whose event came right before.
  @inline(__always) mutating func observe(touchpoint: UInt32) {
    guard awaiting != 0 else { return }
    if awaiting == 1 { chainNext = touchpoint } else { candidateNext = touchpoint }
    awaiting = 0
  }

  /// Adds the unit's next staged event (stage < k); `startsVisit` when its stage differs from the
  /// previous staged event's (or it is the first).
  @inline(__always) mutating func add(stage: UInt16, time: Microseconds, startsVisit: Bool) {
    let stage = Int(stage)
    switch order {
    case .ordered:
      if stage == streamDepth, streamDepth < stageCount {
        chain[streamDepth] = time
        streamDepth += 1
        chainNext = JourneyMapCounts.exitID
        awaiting = 1
      }
    case .any:
      if counts[stage] == 0 {
        counts[stage] = 1
        chain[streamDepth] = time
        streamDepth += 1
        chainNext = JourneyMapCounts.exitID
        awaiting = 1
      }
    case .strict:
      // A chain is an S1 visit followed by the visits S2, S3, …; only a visit's first event counts.
      guard startsVisit else { return }
      if stage == 0 {
        finishActive()
        candidate[0] = time
        activeDepth = 1
        candidateNext = JourneyMapCounts.exitID
        awaiting = 2
      } else if activeDepth > 0, stage == activeDepth, activeDepth < stageCount {
        candidate[activeDepth] = time
        activeDepth += 1
        candidateNext = JourneyMapCounts.exitID
        awaiting = 2
      } else {
        finishActive()
      }
    }
  }

  /// Ends a streamed unit: its depth (0…k); `chain[0..<depth]` holds the step times.
  mutating func finish() -> Int {
    if order == .strict { finishActive() }
    return streamDepth
  }

  /// `strict`: the current chain ends; it wins when strictly deeper (ties to the earliest start).
  private mutating func finishActive() {
    if activeDepth > streamDepth {
      streamDepth = activeDepth
      for step in 0..<activeDepth { chain[step] = candidate[step] }
      chainNext = candidateNext
    }
    if awaiting == 2 { awaiting = 0 }
    activeDepth = 0
  }

  /// A candidate chain that reaches deeper than `best` becomes the chain (a tie keeps the earlier
  /// start); true when it reaches the last stage, so no later start can do better.
  @inline(__always) private mutating func keep(depth: Int, over best: inout Int) -> Bool {
    guard depth > best else { return false }
    best = depth
    chainLast = candidateLast
    for step in 0..<depth { chain[step] = candidate[step] }
    return best == stageCount
  }

  private mutating func orderedGreedy(_ stages: [UInt16], _ times: [Microseconds]) -> Int {
    var depth = 0
    for index in stages.indices where Int(stages[index]) == depth {
      chain[depth] = times[index]
      chainLast = index
      depth += 1
      if depth == stageCount { break }
    }
    return depth
  }

  /// Every S1 event starts a chain extended greedily (the first Sj after the chain's S(j−1)).
  ///
  /// The greedy positions only move forward with the start (a later start's S(j−1) is no earlier,
  /// so neither is its Sj), so one forward pointer per stage finds them all: O(*n*·*k*) time and
  /// O(*k*) memory, where a table of next positions took 4·*k*·*n* bytes.
  private mutating func orderedWindow(_ stages: [UInt16], _ times: [Microseconds], _ window: Microseconds) -> Int {
    let n = stages.count
    let k = stageCount
    // found[j]: the greedy position of stage j for the latest start that got to look for it.
    next.removeAll(keepingCapacity: true)
    next.append(contentsOf: repeatElement(Int32(-1), count: k))
    var best = 0
    for start in 0..<n where stages[start] == 0 {
      let startTime = times[start]
      candidate[0] = times[start]
      var depth = 1
      var position = start
      while depth < k {
        var found = max(Int(next[depth]), position + 1)
        while found < n, Int(stages[found]) != depth { found += 1 }
        next[depth] = Int32(found)
        if found == n || times[found] - startTime > window { break }
        candidate[depth] = times[found]
        position = found
        depth += 1
      }
      candidateLast = position
      if keep(depth: depth, over: &best) { break }
    }
    return best
  }

  private mutating func strict(
    _ stages: [UInt16], _ times: [Microseconds], _ visits: [UInt16], _ visitTimes: [Microseconds]
  ) -> Int {
    var best = 0
    var visit = 0
    // The staged index of each visit's first event (the chain's events).
    next.removeAll(keepingCapacity: true)
    for index in stages.indices where index == 0 || stages[index] != stages[index - 1] { next.append(Int32(index)) }
    for index in stages.indices {
      if index > 0, stages[index] != stages[index - 1] { visit += 1 }
      guard stages[index] == 0 else { continue }
      // Without a window a later S1 event of the same visit reaches no deeper.
      if window == nil, index > 0, stages[index - 1] == 0 { continue }
      candidate[0] = times[index]
      candidateLast = index
      var depth = 1
      var following = visit + 1
      while depth < stageCount, following < visits.count, Int(visits[following]) == depth {
        if let window, visitTimes[following] - times[index] > window { break }
        candidate[depth] = visitTimes[following]
        candidateLast = Int(next[following])
        depth += 1
        following += 1
      }
      if keep(depth: depth, over: &best) { break }
    }
    return best
  }

  private mutating func anyOrder(_ stages: [UInt16], _ times: [Microseconds]) -> Int {
    for stage in 0..<stageCount { counts[stage] = 0 }
    var depth = 0
    for index in stages.indices where counts[Int(stages[index])] == 0 {
      counts[Int(stages[index])] = 1
      chain[depth] = times[index]
      chainLast = index
      depth += 1
      if depth == stageCount { break }
    }
    return depth
  }

  private mutating func anyWindow(_ stages: [UInt16], _ times: [Microseconds], _ window: Microseconds) -> Int {
    for stage in 0..<stageCount { counts[stage] = 0 }
    var best = 0
    var bestStart = 0
    var end = 0
    var distinct = 0
    for start in stages.indices {
      while end < stages.count, times[end] - times[start] <= window {
        counts[Int(stages[end])] += 1
        if counts[Int(stages[end])] == 1 { distinct += 1 }
        end += 1
      }
      if distinct > best {
        best = distinct
        bestStart = start
        if best == stageCount { break }
      }
      counts[Int(stages[start])] -= 1
      if counts[Int(stages[start])] == 0 { distinct -= 1 }
    }
    // The chain: first occurrences inside the best window.
    for stage in 0..<stageCount { counts[stage] = 0 }
    var depth = 0
    var index = bestStart
    while depth < best {
      if counts[Int(stages[index])] == 0 {
        counts[Int(stages[index])] = 1
        chain[depth] = times[index]
        chainLast = index
        depth += 1
      }
      index += 1
    }
    return best
  }
}
