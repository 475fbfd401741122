import JourneyModel

/// One field seen by ``FieldCatalog``.
public struct FieldStats: Sendable, Equatable {
  /// The name a config uses for it: a column, an access-log field or a JSON path.
  public var name: String
  /// Records where it held a non-null, non-empty value.
  public var filled: Int
  /// Up to 3 distinct values (long ones cut at 60 characters with `…`).
  public var examples: [String]

  public init(name: String, filled: Int = 0, examples: [String] = []) {
    self.name = name
    self.filled = filled
    self.examples = examples
  }
}

/// Collects every field of a sample of records, for `journey inspect`.
///
/// NDJSON lines are flattened to leaf paths (`context.page.url`); arrays of scalars give their first
/// three elements (`tags.0`); arrays of objects with a string `key` member give
/// `arr[key=X].value…` paths (the GA4 shape), other arrays of objects `arr.0.x` for the first three.
/// With an events path, `records` counts events, their fields are named relative to the event and
/// the line's other fields get a `$parent.` prefix. Records that do not parse are counted in
/// `rejected` and otherwise ignored. Not a hot path: this allocates freely.
public struct FieldCatalog {
  public let format: RecordFormat
  public let eventsPath: String?
  public private(set) var records = 0
  public private(set) var rejected = 0
  public private(set) var fields: [FieldStats] = []

  static let maxFields = 2000
  static let maxArrayElements = 3

  private var index: [String: Int] = [:]
  private var tableParser: (any RecordParser)?
  private var tableFields = RecordFields(slotCount: 0)
  private var tableNames: [String] = []

  public init(format: RecordFormat, eventsPath: String? = nil) {
    self.format = format
    self.eventsPath = eventsPath.flatMap { $0.isEmpty ? nil : $0 }
    if format == .combined || format == .common {
      tableNames = AccessLogRecordParser.fieldNames
      tableParser = makeRecordParser(format: format, schema: FieldSchema(tableNames), options: ParserOptions())
      tableFields = RecordFields(slotCount: tableNames.count)
    }
  }

  public mutating func observe(_ record: UnsafeRawBufferPointer) {
    switch format {
    case .ndjson: observeJSON(record)
    case .delimited, .whitespace: observeTable(record)
    case .combined, .common: observeRows(record)
    }
  }

  private mutating func add(_ name: String, value: String?) {
    let i: Int
    if let existing = index[name] {
      i = existing
    } else {
      guard fields.count < Self.maxFields else { return }
      i = fields.count
      index[name] = i
      fields.append(FieldStats(name: name))
    }
    guard let value, !value.isEmpty else { return }
    fields[i].filled += 1
    if fields[i].examples.count < 3 {
      let example = value.count > 60 ? String(value.prefix(60)) + "…" : value
      if !fields[i].examples.contains(example) { fields[i].examples.append(example) }
    }
  }

  // MARK: Tables and logs

  private mutating func observeTable(_ record: UnsafeRawBufferPointer) {
    if tableParser == nil {
      // The header: learn the columns, then read rows with a parser asking for all of them.
      var probe = makeRecordParser(format: format, schema: FieldSchema(), options: ParserOptions())
      var none = RecordFields(slotCount: 0)
      guard probe.parse(record, into: &none, emit: { _ in }) == .header, let names = probe.columnNames else { return }
      tableNames = names
      var parser = makeRecordParser(format: format, schema: FieldSchema(names), options: ParserOptions())
      tableFields = RecordFields(slotCount: FieldSchema(names).count)
      _ = parser.parse(record, into: &tableFields, emit: { _ in })
      tableParser = parser
      for name in names where index[name] == nil { add(name, value: nil) }
      return
    }
    observeRows(record)
  }

  private mutating func observeRows(_ record: UnsafeRawBufferPointer) {
    guard var parser = tableParser else { return }
    var rows: [[String?]] = []
    let names = tableNames
    let schema = FieldSchema(names)
    let result = parser.parse(record, into: &tableFields) { fields in
      rows.append(names.map { name in schema.existingSlot(for: name).flatMap { fields.string($0) } })
    }
    tableParser = parser
    if case .rejected = result { rejected += 1 }
    for row in rows {
      records += 1
      for (name, value) in zip(names, row) { add(name, value: value) }
    }
  }

  // MARK: JSON

  private mutating func observeJSON(_ record: UnsafeRawBufferPointer) {
    if RecordBytes.problem(in: record) != nil { rejected += 1; return }
    var check = JSONScanner(record)
    check.skipWhitespace()
    if check.atEnd { return }
    guard check.peek == 0x7B else { rejected += 1; return }
    do throws(JSONScanError) {
      try check.skipValue(depth: 0)
      check.skipWhitespace()
      guard check.atEnd else { rejected += 1; return }
    } catch {
      rejected += 1
      return
    }
    var scanner = JSONScanner(record)
    scanner.skipWhitespace()
    var leaves: [(String, String?)] = []
    var eventsAt: Int? = nil
    flatten(&scanner, prefix: "", into: &leaves, eventsAt: &eventsAt)
    guard let eventsPath else {
      records += 1
      for (name, value) in leaves { add(name, value: value) }
      return
    }
    let parent = leaves.map { ("$parent." + $0.0, $0.1) }
    guard let start = eventsAt else { rejected += 1; return }
    scanner.pos = start + 1
    scanner.skipWhitespace()
    _ = eventsPath
    while scanner.peek != 0x5D && !scanner.atEnd {
      var eventLeaves: [(String, String?)] = []
      var ignored: Int? = nil
      flatten(&scanner, prefix: "", into: &eventLeaves, eventsAt: &ignored, eventLevel: true)
      records += 1
      for (name, value) in eventLeaves { add(name, value: value) }
      for (name, value) in parent { add(name, value: value) }
      scanner.skipWhitespace()
      if scanner.peek == 0x2C { scanner.pos += 1; scanner.skipWhitespace() }
    }
  }

  private static func join(_ prefix: String, _ key: String) -> String {
    let part = key.contains(".") ? "\"\(key)\"" : key
    return prefix.isEmpty ? part : prefix + "." + part
  }

  private func decodeString(_ scanner: JSONScanner, _ s: (start: Int, end: Int, escaped: Bool)) -> String {
    var out: [UInt8] = []
    scanner.decodeString(start: s.start, end: s.end, into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// Flattens the (already validated) value at the cursor into leaves.
  private func flatten(
    _ scanner: inout JSONScanner, prefix: String, into leaves: inout [(String, String?)], eventsAt: inout Int?,
    eventLevel: Bool = false
  ) {
    do throws(JSONScanError) {
      let start = scanner.pos
      switch scanner.peek {
      case 0x7B:
        scanner.pos += 1
        scanner.skipWhitespace()
        var any = false
        while scanner.peek != 0x7D {
          let key = try scanner.memberKey()
          scanner.skipWhitespace()
          any = true
          let name = Self.join(prefix, decodeString(scanner, key))
          if !eventLevel, let eventsPath, name == eventsPath, scanner.peek == 0x5B, eventsAt == nil {
            eventsAt = scanner.pos
            try scanner.skipValue(depth: 0)
          } else {
            flatten(&scanner, prefix: name, into: &leaves, eventsAt: &eventsAt, eventLevel: eventLevel)
          }
          scanner.skipWhitespace()
          if scanner.peek == 0x2C { scanner.pos += 1; scanner.skipWhitespace() }
        }
        scanner.pos += 1
        if !any && !prefix.isEmpty { leaves.append((prefix, nil)) }
      case 0x5B:
        scanner.pos += 1
        scanner.skipWhitespace()
        var i = 0
        if scanner.peek == 0x5D { leaves.append((prefix, nil)) }
        while scanner.peek != 0x5D {
          let elementStart = scanner.pos
          var keyed: String? = nil
          if scanner.peek == 0x7B { keyed = keyMember(&scanner) }
          scanner.pos = elementStart
          if let keyed {
            flattenKeyed(&scanner, prefix: prefix + "[key=\(keyed)]", into: &leaves)
          } else if i < Self.maxArrayElements {
            flatten(&scanner, prefix: Self.join(prefix, String(i)), into: &leaves, eventsAt: &eventsAt, eventLevel: true)
          } else {
            try scanner.skipValue(depth: 0)
          }
          i += 1
          scanner.skipWhitespace()
          if scanner.peek == 0x2C { scanner.pos += 1; scanner.skipWhitespace() }
        }
        scanner.pos += 1
      case 0x22:
        let s = try scanner.scanString()
        leaves.append((prefix, decodeString(scanner, s)))
      case 0x6E:
        _ = try scanner.scanLiteral()
        leaves.append((prefix, nil))
      case 0x74, 0x66:
        _ = try scanner.scanLiteral()
        leaves.append((prefix, scanner.p[start] == 0x74 ? "true" : "false"))
      default:
        let range = try scanner.scanNumber()
        leaves.append((prefix, String(decoding: UnsafeBufferPointer(start: scanner.p + range.lowerBound, count: range.count), as: UTF8.self)))
      }
    } catch {
      // The line was validated before; nothing to do.
    }
  }

  /// Calls `body` with each member's decoded name, the cursor on its value; `body` must consume the
  /// value. The cursor ends after the object; a malformed object just stops the walk.
  private func forEachMember(_ scanner: inout JSONScanner, _ body: (String, inout JSONScanner) throws(JSONScanError) -> Void) {
    do throws(JSONScanError) {
      scanner.pos += 1
      scanner.skipWhitespace()
      while scanner.peek != 0x7D {
        let key = try scanner.memberKey()
        scanner.skipWhitespace()
        try body(decodeString(scanner, key), &scanner)
        scanner.skipWhitespace()
        if scanner.peek == 0x2C { scanner.pos += 1; scanner.skipWhitespace() }
      }
      scanner.pos += 1
    } catch {}
  }

  /// The string value of the `key` member of the object at the cursor, or nil; the cursor ends after the object.
  private func keyMember(_ scanner: inout JSONScanner) -> String? {
    var found: String? = nil
    forEachMember(&scanner) { name, scanner throws(JSONScanError) in
      if found == nil, name == "key", scanner.peek == 0x22 {
        found = decodeString(scanner, try scanner.scanString())
      } else {
        try scanner.skipValue(depth: 0)
      }
    }
    return found
  }

  /// Flattens the members of the object at the cursor but its `key` member, under `prefix`.
  private func flattenKeyed(_ scanner: inout JSONScanner, prefix: String, into leaves: inout [(String, String?)]) {
    var ignored: Int? = nil
    forEachMember(&scanner) { name, scanner throws(JSONScanError) in
      if name == "key" {
        try scanner.skipValue(depth: 0)
      } else {
        flatten(&scanner, prefix: prefix + "." + name, into: &leaves, eventsAt: &ignored, eventLevel: true)
      }
    }
  }
}
