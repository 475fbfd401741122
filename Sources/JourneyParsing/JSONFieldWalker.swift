import CJSONSkip
import JourneyModel

/// The walk of one line along a ``JSONPathPlan``: the scanner plus the buffers it decodes into.
struct JSONFieldWalker {
  var scanner: JSONScanner
  let plan: JSONPathPlan
  let nullMarkers: NullMarkers
  var scratch: [UInt8]
  var keyScratch: [UInt8]
  /// Where the events array starts (its `[`), or -1.
  var eventsStart = -1
  /// A slot set twice (a duplicate key: the last value is kept), or -1.
  var duplicateSlot = -1
  /// Walking an array element a key/value lookup matched: there the first match wins (an element
  /// matching again is not a duplicate key).
  var inLookupMatch = false
  /// The keys met at each node in the lines before, to recognize this line's keys fast.
  var shapes: MemberShapes
  /// What the C walk found for each slot (``walkInC(into:)``).
  var walkValues: [CJSONWalkValue]

  /// Walks the line from `pos` (its root object) to its end by the C walk, which takes the common
  /// case: plain keys, no array to walk into, no key met twice for one slot. True when it did (the
  /// fields are set as ``walkValue(node:into:depth:)`` and ``finishLine()`` set them); false, with
  /// `fields` and the scanner unchanged, when it left the line to the Swift walk.
  mutating func walkInC(into fields: inout RecordFields) -> Bool {
    let walked = withUnsafePointer(to: plan.walkPlan) { cPlan in
      walkValues.withUnsafeMutableBufferPointer { values in
        CJSONWalk_line(cPlan, scanner.p, scanner.end, scanner.pos, values.baseAddress.unsafelyUnwrapped)
      }
    }
    guard walked == 1 else { return false }
    fields.reset()
    for slot in walkValues.indices {
      let value = walkValues[slot]
      let start = Int(value.start), end = Int(value.end)
      switch value.kind {
      case UInt8(CJSONWalkMissing): continue
      case UInt8(CJSONWalkNull): fields.setNull(slot)
      case UInt8(CJSONWalkString): setString(slot, (start, end, value.escaped != 0), into: &fields)
      default:
        fields.set(slot, kind: FieldKind(rawValue: value.kind).unsafelyUnwrapped,
          bytes: UnsafeRawBufferPointer(start: scanner.p + start, count: end - start))
      }
    }
    scanner.pos = scanner.end
    return true
  }

  /// After the root object: only whitespace may follow.
  mutating func finishLine() throws(JSONScanError) {
    scanner.skipWhitespace()
    guard scanner.atEnd else { throw scanner.fail(.trailing) }
  }

  mutating func walkValue(node n: Int, into fields: inout RecordFields, depth: Int) throws(JSONScanError) {
    let node = plan.flatNodes[n]
    let start = scanner.pos
    switch scanner.peek {
    case ASCII.leftBrace:
      if node.has_children != 0 {
        try walkObject(node: n, into: &fields, depth: depth + 1)
      } else {
        try scanner.skipValue(depth: depth)
      }
      setRaw(node, .composite, start..<scanner.pos, into: &fields)
    case ASCII.leftBracket:
      if node.is_events != 0 && eventsStart < 0 { eventsStart = start }
      if node.has_children != 0 {
        try walkArray(node: n, into: &fields, depth: depth + 1)
      } else {
        try scanner.skipValue(depth: depth)
      }
      setRaw(node, .composite, start..<scanner.pos, into: &fields)
    case ASCII.quote:
      let string = try scanner.scanString()
      let slots = plan.flatSlots + Int(node.slot_start)
      for i in 0..<Int(node.slot_count) where claim(Int(slots[i]), in: fields) {
        setString(Int(slots[i]), string, into: &fields)
      }
    case ASCII.lowercaseT, ASCII.lowercaseF, ASCII.lowercaseN:
      let literal = try scanner.scanLiteral()
      if literal == .null {
        let slots = plan.flatSlots + Int(node.slot_start)
        for i in 0..<Int(node.slot_count) where claim(Int(slots[i]), in: fields) {
          fields.setNull(Int(slots[i]))
        }
      } else {
        setRaw(node, .bool, start..<scanner.pos, into: &fields)
      }
    case ASCII.minus, ASCII.zero...ASCII.nine:
      let range = try scanner.scanNumber()
      setRaw(node, .number, range, into: &fields)
    case 0: throw scanner.fail(.unexpectedEnd)
    default: throw scanner.fail(.expectedValue)
    }
  }

  /// Whether a value met now may be stored in `slot`: always when the slot is still empty; when it
  /// is set, the last value wins and the slot is noted as a duplicate key, except inside an array
  /// element a lookup matched, where the first match wins.
  @inline(__always)
  private mutating func claim(_ slot: Int, in fields: borrowing RecordFields) -> Bool {
    if fields.kind(slot) != .missing {
      if inLookupMatch { return false }
      duplicateSlot = slot
    }
    return true
  }

  @inline(__always)
  private mutating func setRaw(_ node: CJSONWalkNode, _ kind: FieldKind, _ range: Range<Int>, into fields: inout RecordFields) {
    let slots = plan.flatSlots + Int(node.slot_start)
    for i in 0..<Int(node.slot_count) where claim(Int(slots[i]), in: fields) {
      fields.set(Int(slots[i]), kind: kind, bytes: UnsafeRawBufferPointer(start: scanner.p + range.lowerBound, count: range.count))
    }
  }

  private mutating func setString(
    _ slot: Int, _ string: (start: Int, end: Int, escaped: Bool), into fields: inout RecordFields
  ) {
    let value: UnsafeRawBufferPointer
    if string.escaped {
      scratch.removeAll(keepingCapacity: true)
      scanner.decodeString(start: string.start, end: string.end, into: &scratch)
      scratch.withUnsafeBytes { store(slot, $0, into: &fields) }
      return
    }
    value = UnsafeRawBufferPointer(start: scanner.p + string.start, count: string.end - string.start)
    store(slot, value, into: &fields)
  }

  @inline(__always)
  private func store(_ slot: Int, _ value: UnsafeRawBufferPointer, into fields: inout RecordFields) {
    if !nullMarkers.isEmpty && nullMarkers.matches(value) {
      fields.setNull(slot)
    } else {
      fields.set(slot, kind: .string, bytes: value)
    }
  }

  /// The child node of member `key` of node `n`, or -1.
  @inline(__always)
  private mutating func child(of n: Int, _ node: CJSONWalkNode, key: (start: Int, end: Int, escaped: Bool)) -> Int {
    guard !key.escaped && key.start + 8 <= scanner.end else { return slowChild(of: n, node, key: key) }
    let members = plan.flatMembers + Int(node.member_start)
    let length = key.end - key.start
    // The key's first eight bytes as one word, zero-padded like the members' prefixes: one compare
    // rejects almost every other member.
    var word = UnsafeRawPointer(scanner.p + key.start).loadUnaligned(as: UInt64.self)
    if length < 8 { word &= (1 &<< (UInt64(truncatingIfNeeded: length) &* 8)) &- 1 }
    for i in 0..<Int(node.member_count) where members[i].prefix == word && Int(members[i].key_count) == length {
      if length <= 8
        || bytesEqual(scanner.p + key.start + 8, plan.keyBytes + Int(members[i].key_start) + 8, count: length - 8)
      {
        return Int(members[i].node)
      }
    }
    return -1
  }

  /// ``child(of:_:key:)`` for escaped keys and keys within eight bytes of the end of the line.
  @inline(never)
  private mutating func slowChild(of n: Int, _ node: CJSONWalkNode, key: (start: Int, end: Int, escaped: Bool)) -> Int {
    let members = plan.flatMembers + Int(node.member_start)
    if !key.escaped {
      let length = key.end - key.start
      for i in 0..<Int(node.member_count) where Int(members[i].key_count) == length {
        if length == 0 || bytesEqual(scanner.p + key.start, plan.keyBytes + Int(members[i].key_start), count: length) {
          return Int(members[i].node)
        }
      }
      return -1
    }
    for member in plan.nodes[n].members
    where scanner.keyEquals(start: key.start, end: key.end, escaped: true, member.key, scratch: &keyScratch) {
      return member.node
    }
    return -1
  }

  private mutating func walkObject(node n: Int, into fields: inout RecordFields, depth: Int) throws(JSONScanError) {
    guard depth <= JSONScanner.maxDepth else { throw scanner.fail(.tooDeep) }
    let node = plan.flatNodes[n]
    scanner.pos += 1
    scanner.skipWhitespace()
    if scanner.peek == ASCII.rightBrace { scanner.pos += 1; return }
    var remembered = 0  // the next of this node's remembered members
    while true {
      let child: Int
      // The key as a line before had it here, or the one after it (a member absent from this line).
      var hit = shapes.match(node: n, index: remembered, scanner.p, at: scanner.pos, end: scanner.end)
      if hit != nil {
        remembered += 1
      } else if let next = shapes.match(node: n, index: remembered + 1, scanner.p, at: scanner.pos, end: scanner.end) {
        hit = next
        remembered += 2
      } else {
        // A key of another shape of line, or in another order: the order-free memory.
        hit = shapes.find(node: n, scanner.p, at: scanner.pos, end: scanner.end)
      }
      if let hit {
        scanner.lastKeyStart = scanner.pos + 1
        scanner.lastKeyEnd = scanner.pos + hit.length - 2
        scanner.pos += hit.length
        child = hit.child
      } else {
        let tokenStart = scanner.pos
        let key = try scanner.memberKey()
        child = self.child(of: n, node, key: key)
        // Remembered when written plainly: no escapes, the colon right after the closing quote.
        if !key.escaped && key.end + 2 == scanner.pos {
          let token = UnsafeRawBufferPointer(start: scanner.p + tokenStart, count: scanner.pos - tokenStart)
          shapes.remember(node: n, token: token, child: child)
          if shapes.learn(node: n, index: remembered, token: token, child: child) { remembered += 1 }
        }
      }
      scanner.skipWhitespace()
      if child >= 0 {
        try walkValue(node: child, into: &fields, depth: depth)
      } else {
        try scanner.skipValue(depth: depth)
      }
      scanner.skipWhitespace()
      switch scanner.peek {
      case ASCII.comma: scanner.pos += 1; scanner.skipWhitespace()
      case ASCII.rightBrace: scanner.pos += 1; return
      case 0: throw scanner.fail(.unexpectedEnd)
      default: throw scanner.fail(.expectedCommaOrBrace)
      }
    }
  }

  private mutating func walkArray(node n: Int, into fields: inout RecordFields, depth: Int) throws(JSONScanError) {
    guard depth <= JSONScanner.maxDepth else { throw scanner.fail(.tooDeep) }
    let node = plan.flatNodes[n]
    let members = plan.flatMembers + Int(node.member_start)
    scanner.pos += 1
    scanner.skipWhitespace()
    if scanner.peek == ASCII.rightBracket { scanner.pos += 1; return }
    var index = 0
    // The lookups an element of this array has matched already: a lookup reads the FIRST element
    // whose key matches, even when that element lacks the member the path goes on to (a later
    // matching element is not read; FuzzNDJSON's `lookup-reads-a-later-element`).
    var matchedLookups = LookupSet()
    while true {
      let elementStart = scanner.pos
      var indexChild = -1
      for i in 0..<Int(node.member_count) where Int(members[i].index) == index {
        indexChild = Int(members[i].node)
        break
      }
      if node.has_lookups != 0 && scanner.peek == ASCII.leftBrace {
        let lookups = plan.nodes[n].lookups
        let found = try matchLookup(lookups, excluding: matchedLookups, depth: depth)
        let matched = found >= 0 ? lookups[found].node : -1
        if found >= 0 { matchedLookups.insert(found) }
        if matched >= 0 || indexChild >= 0 {
          let elementEnd = scanner.pos
          if matched >= 0 {
            scanner.pos = elementStart
            let outer = inLookupMatch
            inLookupMatch = true
            defer { inLookupMatch = outer }
            try walkValue(node: matched, into: &fields, depth: depth)
          }
          if indexChild >= 0 {
            scanner.pos = elementStart
            try walkValue(node: indexChild, into: &fields, depth: depth)
          }
          scanner.pos = elementEnd
        }
      } else if indexChild >= 0 {
        try walkValue(node: indexChild, into: &fields, depth: depth)
      } else {
        try scanner.skipValue(depth: depth)
      }
      index += 1
      scanner.skipWhitespace()
      switch scanner.peek {
      case ASCII.comma: scanner.pos += 1; scanner.skipWhitespace()
      case ASCII.rightBracket: scanner.pos += 1; return
      case 0: throw scanner.fail(.unexpectedEnd)
      default: throw scanner.fail(.expectedCommaOrBracket)
      }
    }
  }

  /// Skips the object at `pos`, returning the index (in `lookups`) of the first lookup not in
  /// `excluded` whose member matches, or -1.
  private mutating func matchLookup(
    _ lookups: [JSONPathPlan.Lookup], excluding excluded: LookupSet, depth: Int
  ) throws(JSONScanError) -> Int {
    guard depth + 1 <= JSONScanner.maxDepth else { throw scanner.fail(.tooDeep) }
    var matched = -1
    scanner.pos += 1
    scanner.skipWhitespace()
    if scanner.peek == ASCII.rightBrace { scanner.pos += 1; return -1 }
    while true {
      let key = try scanner.memberKey()
      scanner.skipWhitespace()
      var candidate = false
      if matched < 0 {
        for (i, lookup) in lookups.enumerated()
        where !excluded.contains(i)
          && scanner.keyEquals(start: key.start, end: key.end, escaped: key.escaped, lookup.name, scratch: &keyScratch)
        {
          candidate = true
          break
        }
      }
      if candidate
        && (scanner.peek == ASCII.quote || scanner.peek == ASCII.minus
          || (scanner.peek >= ASCII.zero && scanner.peek <= ASCII.nine))
      {
        let value: (start: Int, end: Int, escaped: Bool)
        if scanner.peek == ASCII.quote {
          value = try scanner.scanString()
        } else {
          let range = try scanner.scanNumber()
          value = (range.lowerBound, range.upperBound, false)
        }
        for (i, lookup) in lookups.enumerated()
        where !excluded.contains(i)
          && scanner.keyEquals(start: key.start, end: key.end, escaped: key.escaped, lookup.name, scratch: &keyScratch)
          && scanner.keyEquals(start: value.start, end: value.end, escaped: value.escaped, lookup.value, scratch: &keyScratch)
        {
          matched = i
          break
        }
      } else {
        try scanner.skipValue(depth: depth + 1)
      }
      scanner.skipWhitespace()
      switch scanner.peek {
      case ASCII.comma: scanner.pos += 1; scanner.skipWhitespace()
      case ASCII.rightBrace: scanner.pos += 1; return matched
      case 0: throw scanner.fail(.unexpectedEnd)
      default: throw scanner.fail(.expectedCommaOrBrace)
      }
    }
  }
}
