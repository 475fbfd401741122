import FuzzSupport
import JourneyInput
import JourneyModel
import JourneyParsing

/// Frames the input as CSV (as TSV when its first line has a tab) and parses each record with
/// ``DelimitedRecordParser``, extracting every column the header names.
///
/// Invariants:
/// - the first non-blank record is the header (or is rejected), the others are rows, each one event
///   or rejected;
/// - round trip: a row's values, written back with every field quoted (`"` doubled) under a header
///   of fresh names, parse to the same values;
/// - a separator inside a value never splits it: the field count of the written row is the header's.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let input = UnsafeRawBufferPointer(start: start, count: count)
  let firstLine = input.prefix { $0 != 0x0A }
  let separator = firstLine.contains(0x09) ? UInt8(ascii: "\t") : UInt8(ascii: ",")
  var records: [[UInt8]] = []
  var framer = RecordFramer(framing: .quoted(separator: separator), maxRecordLength: 1 << 16)
  framer.feed(input) { records.append(Array($0.bytes)) }
  framer.finish { records.append(Array($0.bytes)) }

  // The header first, with no fields wanted, to learn the column names.
  var probe = DelimitedRecordParser(separator: separator, schema: FieldSchema())
  var empty = RecordFields(slotCount: 0)
  var header: [String]?
  for record in records {
    let result = record.withUnsafeBytes { probe.parse($0, into: &empty) { _ in } }
    if result == .header { header = probe.columnNames; break }
    if case .rejected = result { continue }
    fuzzCheck(result == .events(0), "before the header: \(result)")
  }
  guard let header, header.count <= 256 else { return 0 }  // wider headers only slow the search
  fuzzCheck(!header.isEmpty, "a header with no columns")
  // Extract columns whose names are unique (a name twice fills one slot: not a per-column value).
  let unique = header.enumerated().filter { item in header.filter { $0 == item.element }.count == 1 }
  let schema = FieldSchema(unique.map(\.element))
  var parser = DelimitedRecordParser(separator: separator, schema: schema)
  var fields = RecordFields(slotCount: schema.count)
  var seenHeader = false
  for record in records {
    var values: [[UInt8]?] = []
    let result = record.withUnsafeBytes { raw in
      parser.parse(raw, into: &fields) { event in values = (0..<schema.count).map { event.bytes($0).map(Array.init) } }
    }
    switch result {
    case .header:
      fuzzCheck(!seenHeader, "a second header")
      seenHeader = true
    case .events(let n):
      fuzzCheck(n <= 1, "a CSV row gave \(n) events")
      if n == 1 {
        fuzzCheck(seenHeader, "a row before the header")
        fuzzCheck(values.allSatisfy { $0 != nil }, "a column of the header is missing in an accepted row")
        roundTrip(values.map { $0 ?? [] }, columns: header.count, positions: unique.map(\.offset), separator: separator)
      }
    case .rejected: break
    }
  }
  return 0
}

/// Writes `values` (at `positions` of a row of `columns` fields) quoted, re-reads them, expects the same.
func roundTrip(_ values: [[UInt8]], columns: Int, positions: [Int], separator: UInt8) {
  let names = (0..<columns).map { "c\($0)" }
  var row = [[UInt8]](repeating: [], count: columns)
  for (value, position) in zip(values, positions) { row[position] = value }
  var line: [UInt8] = []
  for (i, value) in row.enumerated() {
    if i > 0 { line.append(separator) }
    line.append(0x22)
    for byte in value {
      line.append(byte)
      if byte == 0x22 { line.append(0x22) }
    }
    line.append(0x22)
  }
  let schema = FieldSchema(names)
  var parser = DelimitedRecordParser(separator: separator, schema: schema)
  var fields = RecordFields(slotCount: schema.count)
  let headerLine = Array(names.joined(separator: String(UnicodeScalar(separator))).utf8)
  let header = headerLine.withUnsafeBytes { parser.parse($0, into: &fields) { _ in } }
  fuzzCheck(header == .header, "the written header gave \(header)")
  var again: [[UInt8]] = []
  let result = line.withUnsafeBytes { raw in
    parser.parse(raw, into: &fields) { event in again = (0..<columns).map { Array(event.bytes($0) ?? []) } }
  }
  fuzzCheck(result == .events(1), "the written row \(fuzzDescribe(line)) gave \(result)")
  fuzzCheck(again == row, "the written row \(fuzzDescribe(line)) reads back differently")
}

/// The process entry (see ``runFuzzer(_:_:_:)``): libFuzzer's driver on ``fuzzCSV(_:_:)``.
@_cdecl("FuzzCSV_main")
public func fuzzCSVMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv, fuzzCSV)
}
