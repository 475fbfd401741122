import JourneyConfig
import JourneyModel
import JourneyParsing
import JourneyStages

/// Turns the parsed fields of one event into an ``EventRecord``: user, time, stage, interned ids.
///
/// Built once per run from the effective config; it registers every field the run needs in the
/// ``FieldSchema`` the parsers fill. Not thread-safe: one per ingest thread.
public struct EventExtractor {
  package enum Outcome {
    case accepted(EventRecord)
    case excluded
    case outOfRange
    /// The user hashes to another partition (`--partition K/N`): not this run's event at all.
    case otherPartition
    case rejected(RejectReason, detail: String)
  }

  package private(set) var schema = FieldSchema()
  package private(set) var classifier: StageClassifier
  private(set) var exclusion: ExclusionFilter
  /// The personas' per-event tests (``EventRecord/traits``); empty without personas.
  private(set) var personaTests: PersonaPredicates
  let hasPersonaTests: Bool
  let hasExclusions: Bool
  private(set) var userSlots: [Int]
  let combineUser: Bool
  let timeSlot: Int
  let timeOffsetSlot: Int?
  let timeOffsetScale: Int64
  let sessionSlot: Int?
  let changeSlot: Int?
  let dedupeSlot: Int?
  /// The slots of an event's ``AttributeTable`` tuple: the breakdown fields, then the touchpoint's
  /// (its first field; the others are ``touchpointFallbacks``).
  private(set) var attributeSlots: [Int]
  /// The touchpoint's other fields, tried in order when the first is empty (`touchpoint: [a, b]`).
  private(set) var touchpointFallbacks: [Int]
  /// The touchpoint's index in the tuple (the breakdown count), or -1: read per event, so no optional.
  let touchpointIndex: Int
  let timeParser: TimestampParser
  let from: Microseconds?
  let to: Microseconds?

  /// Every value interned from the field bytes: a value seen before costs a hash and a compare,
  /// no String. The run's ids in a one-thread run; a parallel worker's, taken block by block.
  package internal(set) var ids: IDSpace
  /// The slot of the extra field a command reads besides the event (``addExtraField(_:)``).
  package private(set) var extraSlot: Int?
  /// The user of the event ``extract(_:order:)`` saw last (0: it had none), also when it was
  /// dropped or rejected: `classify` shows the personas of a dropped event's user.
  package private(set) var lastUser: UInt32 = 0
  /// `--partition K/N`: only users whose key hashes to K of N (Spark's `pmod(xxhash64(key), N)`).
  package let partition: UserPartition?
  /// Per interned user id (this extractor's ids): 0 not decided yet, 1 in the partition, 2 not.
  private var userInPartition: [UInt8] = []
  private var attributeScratch: [UInt32]
  private var keyScratch: [UInt8] = []
  private var stageCache: RuleResultCache
  private var exclusionCache: RuleResultCache
  private var personaCache: RuleResultCache
  private var stageKey: [UInt8] = Array(repeating: 0, count: 256)
  /// The stage of each rule: the stage cache remembers the first matching rule (``RuleUsage``).
  private var ruleStages: [UInt16]

  /// `attributes: false` reads no breakdown or touchpoint field (every event's `attributes` is 0):
  /// for `sessions` and `classify`, which show neither.
  public init(
    config: JourneyConfig, from: Microseconds? = nil, to: Microseconds? = nil, attributes: Bool = true,
    partition: UserPartition? = nil
  ) throws(JourneyError) {
    self.partition = partition
    var schema = FieldSchema()
    let fields = config.input.fields
    switch fields.user {
    case .fallbacks(let names):
      userSlots = names.map { schema.slot(for: $0) }
      combineUser = false
    case .combined(let names):
      userSlots = names.map { schema.slot(for: $0) }
      combineUser = true
    }
    timeSlot = schema.slot(for: fields.time)
    timeOffsetSlot = fields.timeOffset.map { schema.slot(for: $0) }
    timeOffsetScale = fields.timeOffsetUnit.microsecondsPerUnit
    sessionSlot = fields.session.map { schema.slot(for: $0) }
    changeSlot = config.sessions.newOnChange.map { schema.slot(for: $0) }
    dedupeSlot = config.dedupe.map { schema.slot(for: $0) }
    attributeSlots = attributes ? config.breakdown.map { schema.slot(for: $0.field) } : []
    let touchpointSlots = attributes ? config.touchpointFields.map { schema.slot(for: $0) } : []
    touchpointIndex = touchpointSlots.isEmpty ? -1 : attributeSlots.count
    attributeSlots.append(contentsOf: touchpointSlots.prefix(1))
    touchpointFallbacks = Array(touchpointSlots.dropFirst())
    classifier = try StageClassifier(config: config, schema: &schema)
    exclusion = try ExclusionFilter(config: config, schema: &schema)
    hasExclusions = !exclusion.isEmpty
    personaTests = try PersonaPredicates(layout: try PersonaPredicateLayout(personas: config.personas), schema: &schema)
    hasPersonaTests = !personaTests.isEmpty
    timeParser = TimestampParser(format: config.input.timeFormat)
    self.from = from
    self.to = to
    self.schema = schema
    attributeScratch = Array(repeating: 0, count: attributeSlots.count)
    ids = IDSpace(attributeFields: attributeSlots.count)
    // A stage is a function of the kinds and bytes of the fields the rules read, so it is cached by
    // them; likewise whether the `exclude:` conditions drop an event.
    stageCache = RuleResultCache(slots: classifier.slots, prefix: classifier.literalPrefix)
    ruleStages = classifier.ruleStages
    exclusionCache = RuleResultCache(slots: exclusion.slots)
    personaCache = RuleResultCache(slots: personaTests.slots)
    keyScratch.reserveCapacity(256)
  }

  /// Reads the user key this extractor interns, without interning it (`journey keys`).
  package var userKeyReader: UserKeyReader { UserKeyReader(userSlots: userSlots, combineUser: combineUser) }

  /// The events each stage rule and `exclude:` condition took on this extractor's thread.
  package var ruleUsage: RuleUsage {
    var usage = RuleUsage(rules: ruleStages.count, exclusions: exclusion.count, ruleSlots: classifier.slots)
    usage.add(stageCache: stageCache, exclusionCache: exclusionCache)
    return usage
  }

  /// Where an event's touchpoint value is in its ``AttributeTable`` tuple (after the breakdown
  /// fields); nil when the config has no touchpoint field.
  package var touchpointAttribute: Int? { touchpointIndex < 0 ? nil : touchpointIndex }

  /// Registers the field `name` (the event name of `sessions` and `classify`) as the extra field:
  /// the parsers fill it, and ``internExtra(_:)`` interns its value in ``IDSpace/extras``.
  /// - Returns: its slot.
  @discardableResult
  package mutating func addExtraField(_ name: String) -> Int {
    let slot = schema.slot(for: name)
    extraSlot = slot
    return slot
  }

  /// The id of the extra field's value in ``IDSpace/extras``; nil when there is no extra field or the
  /// event has no value for it.
  @inline(__always) package mutating func internExtra(_ fields: RecordFields) -> UInt32? {
    guard let extraSlot else { return nil }
    return fields.withBytes(extraSlot) { ids.tables.extras.intern($0) }
  }

  /// Makes this copy fit for a thread of its own: its own regex memos (which classifying changes),
  /// and its own buffers for the slot arrays read per event.
  ///
  /// Copies of one extractor on several threads share those arrays, and any retain of one (which
  /// the optimizer may emit per event) writes the shared header: the cache line then bounces
  /// between the cores.
  mutating func prepareForOwnThread() {
    classifier = classifier.withOwnMemos()
    exclusion = exclusion.withOwnMemos()
    personaTests = personaTests.withOwnMemos()
    userSlots = userSlots.map { $0 }
    attributeSlots = attributeSlots.map { $0 }
    touchpointFallbacks = touchpointFallbacks.map { $0 }
    stageCache.slots = stageCache.slots.map { $0 }
    stageCache.prefix = stageCache.prefix?.withOwnArrays()
    exclusionCache.slots = exclusionCache.slots.map { $0 }
    personaCache.slots = personaCache.slots.map { $0 }
    ruleStages = ruleStages.map { $0 }
    // The buffers written per event (scratch, interners) are copied on their first write anyway.
  }

  /// Interns from now on into `ids`, the ids of an earlier read of the same inputs: every value
  /// seen then gets the id it had (`classify` reads its inputs twice with personas).
  package mutating func reuseIDs(_ ids: IDSpace) {
    precondition(ids.attributeFields == self.ids.attributeFields, "ids of another extractor")
    self.ids = ids
    // Dedupe values are hashed, not numbered: the same either way. The earlier read's log is not
    // needed to log them again.
    self.ids.dedupeLog = DedupeLog()
  }

  /// Classifies and packs one event; `order` is its position in the input.
  package mutating func extract(_ fields: RecordFields, order: UInt64) -> Outcome {
    let user = userID(fields)
    lastUser = user
    if let partition {
      // A record without a user belongs to the partition of the empty key, as in the Spark job.
      guard user == 0 ? partition.ownsRecordsWithoutUser : isInPartition(user, partition) else { return .otherPartition }
    }
    guard user != 0 else { return .rejected(.noUser, detail: "no value for the user field") }
    let parsed: Microseconds?? = fields.withBytes(timeSlot) { bytes -> Microseconds?? in
      bytes.isEmpty ? nil : .some(timeParser.parse(bytes))
    } ?? nil
    guard let parsedTime = parsed else {
      return .rejected(.missingTimestamp, detail: "no value for the time field")
    }
    guard var time = parsedTime else {
      let timeBytes = fields.bytes(timeSlot) ?? []
      return .rejected(.badTimestamp, detail: "cannot read '\(String(decoding: timeBytes.prefix(60), as: UTF8.self))' as a time")
    }
    if let slot = timeOffsetSlot, let text = fields.string(slot), !text.isEmpty {
      guard let offset = Int64(text) else {
        return .rejected(.badTimestamp, detail: "time offset '\(text.prefix(40))' is not an integer")
      }
      time += offset * timeOffsetScale
    }
    if hasExclusions && exclusionCache.result(fields, buffer: &stageKey, rules: exclusion) != 0 { return .excluded }
    if let from, time < from { return .outOfRange }
    if let to, time >= to { return .outOfRange }
    let rule = stageCache.result(fields, buffer: &stageKey, rules: classifier)
    let stage = rule == RuleResultCache.noRule ? EventRecord.noStage : ruleStages[Int(rule)]
    var event = EventRecord(time: time, order: order, user: user, stage: stage)
    if hasPersonaTests { event.traits = personaCache.result(fields, buffer: &stageKey, rules: personaTests) }
    if let slot = sessionSlot {
      event.session = fields.withBytes(slot) { ids.tables.sessions.intern($0) } ?? 0
    }
    if let slot = changeSlot {
      event.change = fields.withBytes(slot) { ids.tables.changes.intern($0) } ?? 0
    }
    if let slot = dedupeSlot {
      // Logged under the event's input order, not interned: the event keeps its hash (``DedupeLog``).
      event.dedupe = fields.withBytes(slot) { $0.isEmpty ? 0 : ids.dedupeLog.append($0, order: order) } ?? 0
    }
    // Breakdown values and the touchpoint: with one of them, `attributes` is its value id itself.
    if attributeSlots.count == 1 {
      event.attributes = attributeValue(fields, 0)
    } else if !attributeSlots.isEmpty {
      var any = false
      var i = 0
      while i < attributeSlots.count {
        let value = attributeValue(fields, i)
        attributeScratch[i] = value
        any = any || value != 0
        i += 1
      }
      if any { event.attributes = attributeScratch.withUnsafeBufferPointer { ids.breakdownTuples.intern($0) } }
    }
    return .accepted(event)
  }

  /// The interned value of tuple field `i` (0: none): for the touchpoint, its first non-empty field.
  @inline(__always) private mutating func attributeValue(_ fields: RecordFields, _ i: Int) -> UInt32 {
    let id = fields.withBytes(attributeSlots[i]) { ids.tables.breakdownValues.intern($0) } ?? 0
    guard id == 0, i == touchpointIndex, !touchpointFallbacks.isEmpty else { return id }
    var k = 0
    while k < touchpointFallbacks.count {
      let slot = touchpointFallbacks[k]
      if fields.hasValue(slot) { return fields.withBytes(slot) { ids.tables.breakdownValues.intern($0) } ?? 0 }
      k += 1
    }
    return 0
  }

  /// Hands the block's new ids over (``IDSpace/takeBlock()``); user ids start again, and with
  /// them the partition decisions kept per id.
  mutating func takeBlockIDs() -> BlockIDs {
    if !userInPartition.isEmpty { userInPartition.removeAll(keepingCapacity: true) }
    return ids.takeBlock()
  }

  /// Whether interned user `user` hashes to this run's partition; decided once per distinct user.
  private mutating func isInPartition(_ user: UInt32, _ partition: UserPartition) -> Bool {
    let index = Int(user)
    if index >= userInPartition.count {
      userInPartition.append(contentsOf: repeatElement(0, count: max(index + 1, 2 * userInPartition.count) - userInPartition.count))
    }
    if userInPartition[index] == 0 {
      let inside = ids.tables.users.withBytes(of: user) { partition.contains(key: $0) }
      userInPartition[index] = inside ? 1 : 2
    }
    return userInPartition[index] == 1
  }

  /// The interned user of an event (0 when it has none): the first non-empty fallback, or every part
  /// joined for a combined key.
  mutating func userID(_ fields: RecordFields) -> UInt32 {
    if combineUser {
      keyScratch.removeAll(keepingCapacity: true)
      guard UserKeyReader.combined(fields, slots: userSlots, into: &keyScratch) else { return 0 }
      return keyScratch.withUnsafeBytes { internUser($0) }
    }
    // By index, not `for slot in userSlots`: iterating the array while `ids` is mutated retains it.
    var i = 0
    while i < userSlots.count {
      let slot = userSlots[i]
      if fields.hasValue(slot) { return fields.withBytes(slot) { internUser($0) } ?? 0 }
      i += 1
    }
    return 0
  }

  /// Interns a user id, an over-long one in its bounded form (``UserIDLimit``).
  @inline(__always) private mutating func internUser(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    guard UserIDLimit.applies(to: bytes) else { return ids.tables.users.intern(bytes) }
    return UserIDLimit.shortened(bytes).withUnsafeBytes { ids.tables.users.intern($0) }
  }
}
