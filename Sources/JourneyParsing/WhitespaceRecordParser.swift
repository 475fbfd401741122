import JourneyModel

/// Reads whitespace-aligned records (CDNOW): fields are separated by runs of spaces or tabs.
///
/// Leading and trailing whitespace is ignored; the first record of a file is the header, split
/// the same way. No quoting. A row with a different field count from the header is rejected.
package struct WhitespaceRecordParser: RecordParser {
  package var format: RecordFormat { .whitespace }
  package private(set) var columnNames: [String]?

  let schemaNames: [String]
  let nullMarkers: NullMarkers
  var columnSlots: [Int] = []
  var expectHeader = true

  package init(schema: FieldSchema, options: ParserOptions = ParserOptions()) {
    schemaNames = schema.names
    nullMarkers = NullMarkers(options.nullMarkers)
  }

  package mutating func startFile() {
    expectHeader = true
  }

  @inline(__always) static func isSpace(_ b: UInt8) -> Bool {
    b == ASCII.space || b == ASCII.tab || b == ASCII.carriageReturn
  }

  package mutating func parse(
    _ record: UnsafeRawBufferPointer, into fields: inout RecordFields, emit: (borrowing RecordFields) -> Void
  ) -> ParseResult {
    if let problem = RecordBytes.problem(in: record) { return RecordBytes.rejection(problem) }
    let line = RecordBytes.trimmed(record, dropBOM: expectHeader)
    if RecordBytes.isBlank(line) { return .events(0) }
    if expectHeader {
      var names: [String] = []
      WhitespaceRecordParser.forEachToken(line) { names.append(String(decoding: $0, as: UTF8.self)) }
      columnNames = names
      var seen = Set<Int>()
      columnSlots = names.map { name in
        guard let slot = schemaNames.firstIndex(of: name), seen.insert(slot).inserted else { return -1 }
        return slot
      }
      expectHeader = false
      return .header
    }
    fields.reset()
    var count = 0
    let slots = columnSlots
    let markers = nullMarkers
    WhitespaceRecordParser.forEachToken(line) { token in
      if count < slots.count, slots[count] >= 0 {
        if !markers.isEmpty && markers.matches(token) {
          fields.setNull(slots[count])
        } else {
          fields.set(slots[count], kind: .string, bytes: token)
        }
      }
      count += 1
    }
    guard count == columnSlots.count else {
      return .rejected(.wrongFieldCount, detail: "expected \(columnSlots.count) fields, found \(count)")
    }
    emit(fields)
    return .events(1)
  }

  @inline(__always)
  static func forEachToken(_ line: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
    var i = 0
    let n = line.count
    while i < n {
      while i < n && isSpace(line[i]) { i += 1 }
      if i >= n { break }
      let start = i
      while i < n && !isSpace(line[i]) { i += 1 }
      body(UnsafeRawBufferPointer(rebasing: line[start..<i]))
    }
  }
}
