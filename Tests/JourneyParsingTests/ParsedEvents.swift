import JourneyModel
import JourneyParsing

/// A field value as the tests compare it.
enum Value: Equatable, CustomStringConvertible {
  case missing, null
  case string(String), number(String), bool(String), composite(String)

  var description: String {
    switch self {
    case .missing: "missing"
    case .null: "null"
    case .string(let s): "string(\(s))"
    case .number(let s): "number(\(s))"
    case .bool(let s): "bool(\(s))"
    case .composite(let s): "composite(\(s))"
    }
  }

  static func of(_ fields: borrowing RecordFields, _ slot: Int) -> Value {
    let text = fields.string(slot) ?? ""
    switch fields.kind(slot) {
    case .missing: return .missing
    case .null: return .null
    case .string: return .string(text)
    case .number: return .number(text)
    case .bool: return .bool(text)
    case .composite: return .composite(text)
    }
  }
}

/// Parses `lines` with a fresh parser for `fields`; returns each line's result and all emitted events.
func parse(
  _ lines: [String], format: RecordFormat, fields names: [String], options: ParserOptions = ParserOptions()
) -> (results: [ParseResult], events: [[Value]]) {
  let schema = FieldSchema(names)
  var parser = makeRecordParser(format: format, schema: schema, options: options)
  var fields = RecordFields(slotCount: schema.count)
  var results: [ParseResult] = []
  var events: [[Value]] = []
  for line in lines {
    let bytes = Array(line.utf8)
    let result = bytes.withUnsafeBytes { raw in
      parser.parse(raw, into: &fields) { event in
        events.append((0..<schema.count).map { Value.of(event, $0) })
      }
    }
    results.append(result)
  }
  return (results, events)
}

/// Parses one JSON line; the values of its single event, or nil when it was not exactly one event.
func json(_ line: String, _ names: [String], options: ParserOptions = ParserOptions()) -> [Value]? {
  let (results, events) = parse([line], format: .ndjson, fields: names, options: options)
  guard results == [.events(1)], events.count == 1 else { return nil }
  return events[0]
}

func reason(_ result: ParseResult) -> RejectReason? {
  if case .rejected(let reason, _) = result { return reason }
  return nil
}
