#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif
import CJSONSkip
import JourneyModel

/// Reads the requested fields of one JSON object per line, without building a tree.
///
/// One pass over the line walks the compiled ``JSONPathPlan``: requested values are decoded,
/// everything else is skipped but still validated, so a broken line is never accepted. The common
/// line (plain keys, no array to walk into) is walked in C (`CJSONWalk_line`), any other in Swift,
/// which also says what is wrong with a broken one.
/// Duplicate keys: the last occurrence wins, as in most JSON tools (CSV's duplicate columns too); a
/// requested field met twice is reported by ``takeDuplicate()``.
/// With an events path, each element of that array is one event; `$parent.` fields come from
/// the line object and are copied into every event.
public struct NDJSONRecordParser: RecordParser {
  public var format: RecordFormat { .ndjson }
  public var columnNames: [String]? { nil }

  let plan: JSONPathPlan
  let eventsName: String
  let fieldNames: [String]
  /// Kept across records (only its scanner is replaced per line), so a record copies no references.
  var walker: JSONFieldWalker
  var parentFields: RecordFields
  /// Whether a line is first walked in C (``JSONFieldWalker/walkInC(into:)``); tests turn it off to
  /// compare the two walks.
  var walksInC = true

  public init(schema: FieldSchema, options: ParserOptions = ParserOptions()) {
    let eventsPath = options.eventsPath.flatMap { $0.isEmpty ? nil : $0 }
    let plan = JSONPathPlan(schema: schema.names, eventsPath: eventsPath)
    self.plan = plan
    eventsName = eventsPath ?? ""
    fieldNames = schema.names
    parentFields = RecordFields(slotCount: schema.count)
    var scratch: [UInt8] = []
    scratch.reserveCapacity(256)
    var keyScratch: [UInt8] = []
    keyScratch.reserveCapacity(64)
    walker = JSONFieldWalker(
      scanner: JSONScanner(UnsafeRawBufferPointer(start: nil, count: 0)), plan: plan,
      nullMarkers: NullMarkers(options.nullMarkers), scratch: scratch, keyScratch: keyScratch,
      shapes: MemberShapes(nodeCount: plan.nodes.count),
      walkValues: Array(repeating: CJSONWalkValue(), count: schema.count))
  }

  public mutating func startFile() {}

  public mutating func takeDuplicate() -> String? {
    guard walker.duplicateSlot >= 0 else { return nil }
    defer { walker.duplicateSlot = -1 }
    return "key \"\(fieldNames[walker.duplicateSlot])\""
  }

  public mutating func parse(
    _ record: UnsafeRawBufferPointer, into fields: inout RecordFields, emit: (borrowing RecordFields) -> Void
  ) -> ParseResult {
    // No separate UTF-8/NUL pass: the walk looks at every byte of a line it accepts (non-ASCII and
    // control bytes can only be inside strings, and strings check them). A line it rejects is
    // checked in full first, so NUL and invalid UTF-8 are reported as for every other format.
    walker.scanner = JSONScanner(record)
    walker.eventsStart = -1
    walker.scanner.skipWhitespace()
    if walker.scanner.atEnd { return .events(0) }
    if walker.scanner.peek == 0xEF && record.count >= 3 && record[1] == 0xBB && record[2] == 0xBF {
      walker.scanner.pos += 3  // a BOM at the start of a file
      walker.scanner.skipWhitespace()
    }
    guard walker.scanner.peek == ASCII.leftBrace else {
      if let problem = RecordBytes.problem(in: record) { return RecordBytes.rejection(problem) }
      return .rejected(.notAnObject, detail: "expected '{' at byte \(walker.scanner.pos)")
    }
    do throws(JSONScanError) {
      if !plan.nested {
        if walksInC && walker.walkInC(into: &fields) {
          emit(fields)
          return .events(1)
        }
        fields.reset()
        try walker.walkValue(node: 0, into: &fields, depth: 0)
        try walker.finishLine()
        emit(fields)
        return .events(1)
      }
      parentFields.reset()
      walker.eventsStart = -1
      try walker.walkValue(node: 0, into: &parentFields, depth: 0)
      try walker.finishLine()
      guard walker.eventsStart >= 0 else {
        return .rejected(.noEvents, detail: "no \"\(eventsName)\" array")
      }
      walker.scanner.pos = walker.eventsStart + 1
      walker.scanner.skipWhitespace()
      if walker.scanner.peek == ASCII.rightBracket { return .events(0) }
      var count = 0
      while true {
        fields.reset()
        for slot in plan.parentSlots { copy(slot, into: &fields) }
        try walker.walkValue(node: 1, into: &fields, depth: 1)
        emit(fields)
        count += 1
        walker.scanner.skipWhitespace()
        guard walker.scanner.peek == ASCII.comma else { break }
        walker.scanner.pos += 1
        walker.scanner.skipWhitespace()
      }
      return .events(count)
    } catch {
      if let problem = RecordBytes.problem(in: record) { return RecordBytes.rejection(problem) }
      // A NUL byte, raw or escaped, rejects the record the same way.
      if error.code == .nulEscape { return .rejected(.nulByte, detail: walker.scanner.describe(error)) }
      return .rejected(.malformedJSON, detail: walker.scanner.describe(error))
    }
  }

  private func copy(_ slot: Int, into fields: inout RecordFields) {
    let kind = parentFields.kind(slot)
    switch kind {
    case .missing: return
    case .null: fields.setNull(slot)
    default: _ = parentFields.withBytes(slot) { fields.set(slot, kind: kind, bytes: $0) }
    }
  }
}
