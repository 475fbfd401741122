import JourneyModel

/// One field seen by ``FieldCatalog``.
package struct FieldStats: Sendable, Equatable {
  /// The name a config uses for it: a column, an access-log field or a JSON path.
  package var name: String
  /// Records where it held a non-null, non-empty value.
  package var filled: Int
  /// Up to 3 distinct values (long ones cut at 60 characters with `…`).
  package var examples: [String]

  package init(name: String, filled: Int = 0, examples: [String] = []) {
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
package struct FieldCatalog {
  package let format: RecordFormat
  package let eventsPath: String?
  package private(set) var records = 0
  package private(set) var rejected = 0
  package private(set) var fields: [FieldStats] = []

  static let maxFields = 2000
  static let maxArrayElements = 3

  private var index: [String: Int] = [:]
  /// JSON leaf paths by their bytes: path id → index into ``fields`` (-1 past ``maxFields``).
  private var pathIDs = ByteInterner()
  private var fieldOfPath: [Int] = [-1]
  /// The path being walked, as bytes (`context.page.url`); reused for every record.
  private var path: [UInt8] = []
  private var scratch: [UInt8] = []
  private var tableParser: (any RecordParser)?
  private var tableFields = RecordFields(slotCount: 0)
  private var tableNames: [String] = []

  package init(format: RecordFormat, eventsPath: String? = nil) {
    self.format = format
    self.eventsPath = eventsPath.flatMap { $0.isEmpty ? nil : $0 }
    if format == .combined || format == .common {
      tableNames = AccessLogRecordParser.fieldNames
      tableParser = makeRecordParser(format: format, schema: FieldSchema(tableNames), options: ParserOptions())
      tableFields = RecordFields(slotCount: tableNames.count)
      tableSlots = tableNames.map { FieldSchema(tableNames).existingSlot(for: $0) }
      columnFields = Array(repeating: nil, count: tableNames.count)
    }
  }

  package mutating func observe(_ record: UnsafeRawBufferPointer) {
    switch format {
    case .ndjson: observeJSON(record)
    case .delimited, .whitespace: observeTable(record)
    case .combined, .common: observeRows(record)
    }
  }

  private mutating func add(_ name: String, value: String?) {
    guard let i = field(named: name) else { return }
    guard let value, !value.isEmpty else { return }
    fields[i].filled += 1
    if fields[i].examples.count < 3 { addExample(value, to: i) }
  }

  /// The index of field `name`, added when new; nil past ``maxFields``.
  private mutating func field(named name: String) -> Int? {
    if let existing = index[name] { return existing }
    guard fields.count < Self.maxFields else { return nil }
    index[name] = fields.count
    fields.append(FieldStats(name: name))
    return fields.count - 1
  }

  /// Keeps `text` (cut at 60 characters) as an example of field `i` unless it is one already.
  private mutating func addExample(_ text: String, to i: Int) {
    let example = text.count > 60 ? String(text.prefix(60)) + "…" : text
    if !fields[i].examples.contains(example) { fields[i].examples.append(example) }
  }

  // MARK: Tables and logs

  private mutating func observeTable(_ record: UnsafeRawBufferPointer) {
    if tableParser == nil {
      // The header: learn the columns, then read rows with a parser asking for all of them.
      var probe = makeRecordParser(format: format, schema: FieldSchema(), options: ParserOptions())
      var none = RecordFields(slotCount: 0)
      guard probe.parse(record, into: &none, emit: { _ in }) == .header, let names = probe.columnNames else { return }
      tableNames = names
      let schema = FieldSchema(names)
      tableSlots = names.map { schema.existingSlot(for: $0) }
      columnFields = Array(repeating: nil, count: names.count)
      var parser = makeRecordParser(format: format, schema: schema, options: ParserOptions())
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
    // Parsed into a local, so the closure may count into `self` as rows come.
    var rowFields = RecordFields(slotCount: 0)
    swap(&rowFields, &tableFields)
    let result = parser.parse(record, into: &rowFields) { fields in
      records += 1
      for column in tableNames.indices {
        if columnFields[column] == nil { columnFields[column] = field(named: tableNames[column]) ?? -1 }
        let i = columnFields[column]!
        guard i >= 0, let slot = tableSlots[column], fields.hasValue(slot) else { continue }
        self.fields[i].filled += 1
        // Text only while the field takes examples.
        if self.fields[i].examples.count < 3, let text = fields.string(slot) { addExample(text, to: i) }
      }
    }
    swap(&rowFields, &tableFields)
    tableParser = parser
    if case .rejected = result { rejected += 1 }
  }

  /// The schema slot of each table column (nil for a repeated name), set with the header.
  private var tableSlots: [Int?] = []
  /// The field index of each table column once known (-1 past ``maxFields``).
  private var columnFields: [Int?] = []

  // MARK: JSON

  /// A leaf's value, not yet decoded: most leaves only count towards a fill rate.
  enum LeafValue {
    case none  // null, or an empty object or array
    case string(start: Int, end: Int, escaped: Bool)
    case raw(start: Int, end: Int)  // a number, true or false
  }

  private mutating func observeJSON(_ record: UnsafeRawBufferPointer) {
    if RecordBytes.problem(in: record) != nil { rejected += 1; return }
    var check = JSONScanner(record)
    check.skipWhitespace()
    if check.atEnd { return }
    guard check.peek == ASCII.leftBrace else { rejected += 1; return }
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
    path.removeAll(keepingCapacity: true)
    guard let eventsPath else {
      records += 1
      var ignored: Int? = nil
      flatten(&scanner, eventsAt: &ignored, eventLevel: true) { catalog, path, value, scanner in
        catalog.add(path: path, value, scanner)
      }
      return
    }
    // The line's own leaves become `$parent.` fields of each of its events.
    var parents: [(path: [UInt8], value: LeafValue)] = []
    var eventsAt: Int? = nil
    let eventsBytes = Array(eventsPath.utf8)
    flatten(&scanner, eventsAt: &eventsAt, eventsPath: eventsBytes) { _, path, value, _ in
      parents.append((Array("$parent.".utf8) + path, value))
    }
    guard let start = eventsAt else { rejected += 1; return }
    scanner.pos = start + 1
    scanner.skipWhitespace()
    while scanner.peek != ASCII.rightBracket && !scanner.atEnd {
      path.removeAll(keepingCapacity: true)
      var ignored: Int? = nil
      flatten(&scanner, eventsAt: &ignored, eventLevel: true) { catalog, path, value, scanner in
        catalog.add(path: path, value, scanner)
      }
      records += 1
      for parent in parents { add(path: parent.path, parent.value, scanner) }
      scanner.skipWhitespace()
      if scanner.peek == ASCII.comma { scanner.pos += 1; scanner.skipWhitespace() }
    }
  }

  /// Counts a leaf at `path`: a field the first time the path is seen (up to ``maxFields``), a
  /// fill when the value is not empty, an example (decoded) while the field has fewer than three.
  private mutating func add(path: [UInt8], _ value: LeafValue, _ scanner: JSONScanner) {
    let id = Int(path.withUnsafeBytes { pathIDs.intern($0) })
    if id == fieldOfPath.count {
      if fields.count < Self.maxFields {
        let name = String(decoding: path, as: UTF8.self)
        fieldOfPath.append(fields.count)
        index[name] = fields.count
        fields.append(FieldStats(name: name))
      } else {
        fieldOfPath.append(-1)
      }
    }
    let i = fieldOfPath[id]
    guard i >= 0 else { return }
    switch value {
    case .none: return
    case .string(let start, let end, _) where start == end: return
    case .string, .raw: break
    }
    fields[i].filled += 1
    guard fields[i].examples.count < 3 else { return }
    let text: String
    switch value {
    case .string(let start, let end, _):
      scratch.removeAll(keepingCapacity: true)
      scanner.decodeString(start: start, end: end, into: &scratch)
      text = String(decoding: scratch, as: UTF8.self)
    case .raw(let start, let end):
      text = String(decoding: UnsafeBufferPointer(start: scanner.p + start, count: end - start), as: UTF8.self)
    case .none: return
    }
    let example = text.count > 60 ? String(text.prefix(60)) + "…" : text
    if !fields[i].examples.contains(example) { fields[i].examples.append(example) }
  }

  /// Appends `.key` to ``path`` (`"key"` when the key holds a dot), or `key` at the top.
  private mutating func appendKey(_ scanner: JSONScanner, _ key: (start: Int, end: Int, escaped: Bool)) {
    scratch.removeAll(keepingCapacity: true)
    scanner.decodeString(start: key.start, end: key.end, into: &scratch)
    if !path.isEmpty { path.append(ASCII.period) }
    if scratch.contains(ASCII.period) {
      path.append(ASCII.quote)
      path.append(contentsOf: scratch)
      path.append(ASCII.quote)
    } else {
      path.append(contentsOf: scratch)
    }
  }

  typealias LeafSink = (inout FieldCatalog, [UInt8], LeafValue, JSONScanner) -> Void

  /// Flattens the (already validated) value at the cursor, under ``path``, into leaves given to
  /// `leaf`; with `eventsPath`, the array at that path is not walked but its start is noted.
  private mutating func flatten(
    _ scanner: inout JSONScanner, eventsAt: inout Int?, eventLevel: Bool = false, eventsPath: [UInt8]? = nil,
    _ leaf: LeafSink
  ) {
    do throws(JSONScanError) {
      let start = scanner.pos
      switch scanner.peek {
      case ASCII.leftBrace:
        scanner.pos += 1
        scanner.skipWhitespace()
        var any = false
        while scanner.peek != ASCII.rightBrace {
          let key = try scanner.memberKey()
          scanner.skipWhitespace()
          any = true
          let depth = path.count
          appendKey(scanner, key)
          if !eventLevel, let eventsPath, path == eventsPath, scanner.peek == ASCII.leftBracket, eventsAt == nil {
            eventsAt = scanner.pos
            try scanner.skipValue(depth: 0)
          } else {
            flatten(&scanner, eventsAt: &eventsAt, eventLevel: eventLevel, eventsPath: eventsPath, leaf)
          }
          path.removeSubrange(depth...)
          scanner.skipWhitespace()
          if scanner.peek == ASCII.comma { scanner.pos += 1; scanner.skipWhitespace() }
        }
        scanner.pos += 1
        if !any && !path.isEmpty { leaf(&self, path, .none, scanner) }
      case ASCII.leftBracket:
        scanner.pos += 1
        scanner.skipWhitespace()
        var i = 0
        if scanner.peek == ASCII.rightBracket { leaf(&self, path, .none, scanner) }
        while scanner.peek != ASCII.rightBracket {
          let elementStart = scanner.pos
          var keyed: [UInt8]? = nil
          if scanner.peek == ASCII.leftBrace { keyed = keyMember(&scanner) }
          scanner.pos = elementStart
          let depth = path.count
          if let keyed {
            path.append(contentsOf: Array("[key=".utf8) + keyed + [ASCII.rightBracket])
            flattenKeyed(&scanner, leaf)
          } else if i < Self.maxArrayElements {
            if !path.isEmpty { path.append(ASCII.period) }
            path.append(contentsOf: String(i).utf8)
            flatten(&scanner, eventsAt: &eventsAt, eventLevel: true, leaf)
          } else {
            try scanner.skipValue(depth: 0)
          }
          path.removeSubrange(depth...)
          i += 1
          scanner.skipWhitespace()
          if scanner.peek == ASCII.comma { scanner.pos += 1; scanner.skipWhitespace() }
        }
        scanner.pos += 1
      case ASCII.quote:
        let s = try scanner.scanString()
        leaf(&self, path, .string(start: s.start, end: s.end, escaped: s.escaped), scanner)
      case ASCII.lowercaseN:
        _ = try scanner.scanLiteral()
        leaf(&self, path, .none, scanner)
      case ASCII.lowercaseT, ASCII.lowercaseF:
        _ = try scanner.scanLiteral()
        leaf(&self, path, .raw(start: start, end: scanner.pos), scanner)
      default:
        let range = try scanner.scanNumber()
        leaf(&self, path, .raw(start: range.lowerBound, end: range.upperBound), scanner)
      }
    } catch {
      // The line was validated before; nothing to do.
    }
  }

  /// Calls `body` with each member's decoded name, the cursor on its value; `body` must consume the
  /// value. The cursor ends after the object; a malformed object just stops the walk.
  private mutating func forEachMember(
    _ scanner: inout JSONScanner, _ body: (inout FieldCatalog, [UInt8], inout JSONScanner) throws(JSONScanError) -> Void
  ) {
    do throws(JSONScanError) {
      scanner.pos += 1
      scanner.skipWhitespace()
      while scanner.peek != ASCII.rightBrace {
        let key = try scanner.memberKey()
        scanner.skipWhitespace()
        var name: [UInt8] = []
        scanner.decodeString(start: key.start, end: key.end, into: &name)
        try body(&self, name, &scanner)
        scanner.skipWhitespace()
        if scanner.peek == ASCII.comma { scanner.pos += 1; scanner.skipWhitespace() }
      }
      scanner.pos += 1
    } catch {}
  }

  private static let keyName = Array("key".utf8)

  /// The string value of the `key` member of the object at the cursor, or nil; the cursor ends after the object.
  private mutating func keyMember(_ scanner: inout JSONScanner) -> [UInt8]? {
    var found: [UInt8]? = nil
    forEachMember(&scanner) { _, name, scanner throws(JSONScanError) in
      if found == nil, name == Self.keyName, scanner.peek == ASCII.quote {
        let s = try scanner.scanString()
        var value: [UInt8] = []
        scanner.decodeString(start: s.start, end: s.end, into: &value)
        found = value
      } else {
        try scanner.skipValue(depth: 0)
      }
    }
    return found
  }

  /// Flattens the members of the object at the cursor but its `key` member, under ``path``.
  private mutating func flattenKeyed(_ scanner: inout JSONScanner, _ leaf: LeafSink) {
    forEachMember(&scanner) { catalog, name, scanner throws(JSONScanError) in
      if name == Self.keyName {
        try scanner.skipValue(depth: 0)
      } else {
        let depth = catalog.path.count
        catalog.path.append(ASCII.period)
        catalog.path.append(contentsOf: name)
        var ignored: Int? = nil
        catalog.flatten(&scanner, eventsAt: &ignored, eventLevel: true, leaf)
        catalog.path.removeSubrange(depth...)
      }
    }
  }
}
