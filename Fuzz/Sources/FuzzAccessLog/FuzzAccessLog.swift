import FuzzSupport
import JourneyModel
import JourneyParsing

/// Parses each line of the input as a combined and as a common access-log line, extracting all twelve
/// fields (``AccessLogRecordParser/fieldNames``).
///
/// Invariants:
/// - a line is one event or rejected; a line the combined parser reads without referer and user agent
///   (it ends after the byte count) is read the same by the common parser;
/// - `request` splits into `method`, `path` and `protocol` (a request without spaces is all method);
/// - round trip: an accepted line written back from its fields (`-` for null, `\"` and `\\` escaped
///   in quoted fields) parses to the same fields.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAccessLog(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let input = UnsafeBufferPointer(start: start, count: count)
  let schema = FieldSchema(AccessLogRecordParser.fieldNames)
  var combined = AccessLogRecordParser(format: .combined, schema: schema)
  var common = AccessLogRecordParser(format: .common, schema: schema)
  for line in input.split(separator: 0x0A) {
    let line = Array(line)
    let viaCombined = parse(&combined, line, schema)
    let viaCommon = parse(&common, line, schema)
    if let fields = viaCommon {
      fuzzCheck(fields[10] == .missing && fields[11] == .missing, "a common line with a referer or user agent")
    }
    if let fields = viaCombined, fields[10] == .missing {
      // Combined mode read a line that ends after the byte count: a common line, read the same way.
      fuzzCheck(viaCommon == fields, "accepted as combined without a referer, not the same as common: \(fuzzDescribe(line))")
    }
    guard let fields = viaCombined else { continue }
    if case .string(let request) = fields[4] {
      checkRequest(request, fields)
    }
    let written = write(fields)
    let again = parse(&combined, written, schema)
    fuzzCheck(
      again == fields,
      "\(fuzzDescribe(line)) written back as \(fuzzDescribe(written)) reads as \(String(describing: again)), not \(fields)")
  }
  return 0
}

/// One field's value, copied out of the parser's callback.
enum Field: Equatable {
  case missing, null, string([UInt8])
}

/// The twelve fields of an accepted line, nil for a rejected or blank one.
func parse(_ parser: inout AccessLogRecordParser, _ line: [UInt8], _ schema: FieldSchema) -> [Field]? {
  var fields = RecordFields(slotCount: schema.count)
  var values: [Field]?
  let result = line.withUnsafeBytes { raw in
    parser.parse(raw, into: &fields) { event in
      values = (0..<schema.count).map { slot in
        switch event.kind(slot) {
        case .missing: .missing
        case .null: .null
        default: .string(Array(event.bytes(slot) ?? []))
        }
      }
    }
  }
  switch result {
  case .events(let n):
    fuzzCheck(n <= 1, "an access-log line gave \(n) events")
    fuzzCheck((n == 1) == (values != nil), "events(\(n)) with \(values == nil ? "no" : "an") event")
  case .rejected: fuzzCheck(values == nil, "a rejected line emitted an event")
  case .header: fuzzCheck(false, "an access-log line read as a header")
  }
  return values
}

func checkRequest(_ request: [UInt8], _ fields: [Field]) {
  guard request != [0x2D] else { return }
  // Any field that is just `-` is the log's "no value" (null), the method of `"- /x HTTP/1.1"` too.
  func value(_ bytes: [UInt8]) -> Field { bytes == [0x2D] ? .null : .string(bytes) }
  guard let firstSpace = request.firstIndex(of: 0x20) else {
    fuzzCheck(fields[5] == value(request), "a request without spaces is not all method")
    return
  }
  fuzzCheck(fields[5] == value(Array(request[..<firstSpace])), "method is not the request up to its first space")
}

/// The line for `fields`: `client ident auth [time] "request" status bytes "referer" "user_agent"`.
func write(_ fields: [Field]) -> [UInt8] {
  func plain(_ field: Field) -> [UInt8] {
    if case .string(let bytes) = field { return bytes }
    return [0x2D]
  }
  func quoted(_ field: Field) -> [UInt8] {
    var out: [UInt8] = [0x22]
    for byte in plain(field) {
      if byte == 0x22 || byte == 0x5C { out.append(0x5C) }
      out.append(byte)
    }
    return out + [0x22]
  }
  var line = plain(fields[0]) + [0x20] + plain(fields[1]) + [0x20] + plain(fields[2])
  line += [0x20, 0x5B] + plain(fields[3]) + [0x5D, 0x20]
  line += quoted(fields[4]) + [0x20] + plain(fields[8]) + [0x20] + plain(fields[9])
  if fields[10] != .missing || fields[11] != .missing {
    line += [0x20] + quoted(fields[10]) + [0x20] + quoted(fields[11])
  }
  return line
}

/// The process entry (see ``runFuzzer(_:_:_:)``): libFuzzer's driver on ``fuzzAccessLog(_:_:)``.
@_cdecl("FuzzAccessLog_main")
public func fuzzAccessLogMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv, fuzzAccessLog)
}
