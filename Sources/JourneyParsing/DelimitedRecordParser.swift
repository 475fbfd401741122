import JourneyModel

/// Reads CSV / TSV / `;`-separated records: a header row, then rows with RFC 4180 quoting.
///
/// Quoted fields may hold separators, doubled quotes and line breaks (the framer joins such
/// records). An empty field is a zero-byte string; a null marker (`NA`) is null; a schema field
/// that names no header column stays missing. A row with a different field count from the
/// header is rejected. Text after a closing quote is kept literally (lenient, like most readers).
/// A requested column named twice in the header takes the last one's values, as NDJSON's duplicate
/// keys do (reported once by ``takeDuplicate()``).
public struct DelimitedRecordParser: RecordParser {
  package let separator: UInt8
  public var format: RecordFormat { .delimited(separator: separator) }
  public private(set) var columnNames: [String]?

  let schemaNames: [String]
  let nullMarkers: NullMarkers
  /// For each header column, the slot it fills or -1.
  var columnSlots: [Int] = []
  var expectHeader = true
  var scratch: [UInt8] = []
  /// A requested column the header just read names twice.
  var duplicateColumn: String?

  public init(separator: UInt8 = UInt8(ascii: ","), schema: FieldSchema, options: ParserOptions = ParserOptions()) {
    self.separator = separator
    schemaNames = schema.names
    nullMarkers = NullMarkers(options.nullMarkers)
    scratch.reserveCapacity(256)
  }

  public mutating func startFile() {
    expectHeader = true
  }

  public mutating func takeDuplicate() -> String? {
    guard let name = duplicateColumn else { return nil }
    duplicateColumn = nil
    return "column \"\(name)\""
  }

  public mutating func parse(
    _ record: UnsafeRawBufferPointer, into fields: inout RecordFields, emit: (borrowing RecordFields) -> Void
  ) -> ParseResult {
    if let problem = RecordBytes.problem(in: record) { return RecordBytes.rejection(problem) }
    let line = RecordBytes.trimmed(record, dropBOM: expectHeader)
    if line.isEmpty || (expectHeader && RecordBytes.isBlank(line)) { return .events(0) }
    if expectHeader { return readHeader(line) }
    fields.reset()
    var count = 0
    var i = 0
    let n = line.count
    let sep = separator
    while true {
      // One field starting at i.
      let slot = count < columnSlots.count ? columnSlots[count] : -1
      if i < n && line[i] == ASCII.quote {
        scratch.removeAll(keepingCapacity: true)
        var j = i + 1
        var closed = false
        var runStart = j
        while j < n {
          if line[j] == ASCII.quote {
            if slot >= 0 { scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[runStart..<j])) }
            if j + 1 < n && line[j + 1] == ASCII.quote {
              if slot >= 0 { scratch.append(ASCII.quote) }
              j += 2
              runStart = j
              continue
            }
            closed = true
            j += 1
            break
          }
          j += 1
        }
        guard closed else {
          return .rejected(.unterminatedQuote, detail: "quote opened at byte \(i) is not closed")
        }
        var k = j
        while k < n && line[k] != sep { k += 1 }
        if slot >= 0 {
          if k > j { scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[j..<k])) }
          scratch.withUnsafeBytes { store(slot, $0, into: &fields) }
        }
        i = k
      } else {
        var k = i
        while k < n && line[k] != sep { k += 1 }
        if slot >= 0 { store(slot, UnsafeRawBufferPointer(rebasing: line[i..<k]), into: &fields) }
        i = k
      }
      count += 1
      if i >= n { break }
      i += 1  // the separator; a separator at the very end opens one more empty field
      if i == n {
        let slot = count < columnSlots.count ? columnSlots[count] : -1
        if slot >= 0 { store(slot, UnsafeRawBufferPointer(rebasing: line[n..<n]), into: &fields) }
        count += 1
        break
      }
    }
    guard count == columnSlots.count else {
      return .rejected(.wrongFieldCount, detail: "expected \(columnSlots.count) fields, found \(count)")
    }
    emit(fields)
    return .events(1)
  }

  @inline(__always)
  private func store(_ slot: Int, _ value: UnsafeRawBufferPointer, into fields: inout RecordFields) {
    guard fields.kind(slot) == .missing else { return }
    if !nullMarkers.isEmpty && nullMarkers.matches(value) {
      fields.setNull(slot)
    } else {
      fields.set(slot, kind: .string, bytes: value)
    }
  }

  private mutating func readHeader(_ line: UnsafeRawBufferPointer) -> ParseResult {
    guard let names = DelimitedRecordParser.splitHeader(line, separator: separator) else {
      return .rejected(.unterminatedQuote, detail: "unterminated quote in the header")
    }
    columnNames = names
    columnSlots = names.map { name in schemaNames.firstIndex(of: name) ?? -1 }
    // A column named twice fills its slot from the last one only (as NDJSON's duplicate keys).
    var seen = Set<Int>()
    for i in columnSlots.indices.reversed() where columnSlots[i] >= 0 {
      if !seen.insert(columnSlots[i]).inserted {
        if duplicateColumn == nil { duplicateColumn = names[i] }
        columnSlots[i] = -1
      }
    }
    expectHeader = false
    return .header
  }

  /// Header names: split with quoting, each trimmed of surrounding spaces and quotes.
  static func splitHeader(_ line: UnsafeRawBufferPointer, separator: UInt8) -> [String]? {
    var names: [String] = []
    var current: [UInt8] = []
    var quoted = false
    var i = 0
    while i < line.count {
      let b = line[i]
      if quoted {
        if b == ASCII.quote {
          if i + 1 < line.count && line[i + 1] == ASCII.quote { current.append(ASCII.quote); i += 1 } else { quoted = false }
        } else {
          current.append(b)
        }
      } else if b == ASCII.quote {
        quoted = true
      } else if b == separator {
        names.append(trimName(current))
        current.removeAll()
      } else {
        current.append(b)
      }
      i += 1
    }
    if quoted { return nil }
    names.append(trimName(current))
    return names
  }

  static func trimName(_ bytes: [UInt8]) -> String {
    var slice = bytes[...]
    while let first = slice.first, first == ASCII.space || first == ASCII.tab || first == ASCII.quote { slice = slice.dropFirst() }
    while let last = slice.last, last == ASCII.space || last == ASCII.tab || last == ASCII.quote { slice = slice.dropLast() }
    return String(decoding: slice, as: UTF8.self)
  }
}
