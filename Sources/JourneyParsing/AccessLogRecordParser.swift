import JourneyModel

/// Reads Apache/Nginx access-log lines: common `%h %l %u [%t] "%r" %>s %b`, and combined, which adds
/// `"%{Referer}i" "%{User-agent}i"`.
///
/// Field names: `client`, `ident`, `auth`, `time` (the text in brackets), `request`, `method`,
/// `path`, `protocol`, `status`, `bytes`, `referer`, `user_agent`. A `-` is null. `\"` and `\\`
/// inside quoted fields are unescaped. A common line is accepted in combined mode (referer and
/// user agent stay missing); text after the user agent is ignored. Anything else that does not
/// fit (a missing closing quote or bracket, missing fields, a split half line) is rejected.
public struct AccessLogRecordParser: RecordParser {
  public let format: RecordFormat
  public var columnNames: [String]? { nil }

  /// The named fields, in this order.
  public static let fieldNames = [
    "client", "ident", "auth", "time", "request", "method", "path", "protocol", "status", "bytes", "referer",
    "user_agent",
  ]
  enum Field: Int { case client, ident, auth, time, request, method, path, `protocol`, status, bytes, referer, userAgent }

  /// The slot of each field (by ``Field`` raw value), or -1.
  let slots: [Int]
  let nullMarkers: NullMarkers
  var scratch: [UInt8] = []

  public init(format: RecordFormat = .combined, schema: FieldSchema, options: ParserOptions = ParserOptions()) {
    self.format = format
    slots = AccessLogRecordParser.fieldNames.map { schema.existingSlot(for: $0) ?? -1 }
    nullMarkers = NullMarkers(options.nullMarkers)
    scratch.reserveCapacity(256)
  }

  public mutating func startFile() {}

  public mutating func parse(
    _ record: UnsafeRawBufferPointer, into fields: inout RecordFields, emit: (borrowing RecordFields) -> Void
  ) -> ParseResult {
    if let problem = RecordBytes.problem(in: record) { return RecordBytes.rejection(problem) }
    let line = RecordBytes.trimmed(record)
    if RecordBytes.isBlank(line) { return .events(0) }
    fields.reset()
    var scanner = AccessLogScanner(line: line)
    guard let client = scanner.token(), let ident = scanner.token(), let auth = scanner.token() else {
      return .rejected(.malformedLogLine, detail: "expected host, ident and user at byte \(scanner.i)")
    }
    guard let time = scanner.bracketed() else {
      return .rejected(.malformedLogLine, detail: "expected [time] at byte \(scanner.i)")
    }
    scanner.skipSpaces()
    guard let request = scanner.quoted() else {
      return .rejected(.malformedLogLine, detail: "expected a quoted request at byte \(scanner.i)")
    }
    guard let status = scanner.token(), status.allSatisfy({ $0 >= ASCII.zero && $0 <= ASCII.nine }) else {
      return .rejected(.malformedLogLine, detail: "expected a numeric status at byte \(scanner.i)")
    }
    guard let bytes = scanner.token(),
      bytes.allSatisfy({ $0 >= ASCII.zero && $0 <= ASCII.nine }) || (bytes.count == 1 && bytes[0] == ASCII.minus)
    else {
      return .rejected(.malformedLogLine, detail: "expected a byte count at byte \(scanner.i)")
    }
    scanner.skipSpaces()
    var referer: Range<Int>?, userAgent: Range<Int>?
    if format == .combined && !scanner.atEnd {
      guard let r = scanner.quoted() else {
        return .rejected(.malformedLogLine, detail: "expected a quoted referer at byte \(scanner.i)")
      }
      scanner.skipSpaces()
      guard let u = scanner.quoted() else {
        return .rejected(.malformedLogLine, detail: "expected a quoted user agent at byte \(scanner.i)")
      }
      referer = r
      userAgent = u
    }

    set(.client, client, line, &fields)
    set(.ident, ident, line, &fields)
    set(.auth, auth, line, &fields)
    set(.time, time, line, &fields)
    set(.status, status, line, &fields)
    set(.bytes, bytes, line, &fields)
    if let referer { setQuoted(.referer, referer, line, &fields) }
    if let userAgent { setQuoted(.userAgent, userAgent, line, &fields) }
    setRequest(request, line, &fields)
    emit(fields)
    return .events(1)
  }

  private func set(_ field: Field, _ range: UnsafeRawBufferPointer, _ line: UnsafeRawBufferPointer, _ fields: inout RecordFields) {
    let slot = slots[field.rawValue]
    guard slot >= 0 else { return }
    if (range.count == 1 && range[0] == ASCII.minus) || (!nullMarkers.isEmpty && nullMarkers.matches(range)) {
      fields.setNull(slot)
    } else {
      fields.set(slot, kind: .string, bytes: range)
    }
  }

  private mutating func setQuoted(_ field: Field, _ range: Range<Int>, _ line: UnsafeRawBufferPointer, _ fields: inout RecordFields) {
    guard slots[field.rawValue] >= 0 else { return }
    unescape(range, line)
    scratch.withUnsafeBytes { set(field, $0, line, &fields) }
  }

  /// Decodes `\"` and `\\` of a quoted field into `scratch`.
  private mutating func unescape(_ range: Range<Int>, _ line: UnsafeRawBufferPointer) {
    scratch.removeAll(keepingCapacity: true)
    var i = range.lowerBound
    while i < range.upperBound {
      let b = line[i]
      if b == ASCII.backslash && i + 1 < range.upperBound && (line[i + 1] == ASCII.quote || line[i + 1] == ASCII.backslash) {
        scratch.append(line[i + 1])
        i += 2
      } else {
        scratch.append(b)
        i += 1
      }
    }
  }

  private mutating func setRequest(_ range: Range<Int>, _ line: UnsafeRawBufferPointer, _ fields: inout RecordFields) {
    let wanted = [Field.request, .method, .path, .protocol].contains { slots[$0.rawValue] >= 0 }
    guard wanted else { return }
    unescape(range, line)
    scratch.withUnsafeBytes { request in
      set(.request, request, line, &fields)
      if request.count == 1 && request[0] == ASCII.minus { return }
      guard let firstSpace = request.firstIndex(of: ASCII.space) else {
        set(.method, request, line, &fields)
        return
      }
      set(.method, UnsafeRawBufferPointer(rebasing: request[..<firstSpace]), line, &fields)
      var pathEnd = request.count
      if let lastSpace = request.lastIndex(of: ASCII.space), lastSpace > firstSpace {
        pathEnd = lastSpace
        set(.protocol, UnsafeRawBufferPointer(rebasing: request[(lastSpace + 1)...]), line, &fields)
      }
      set(.path, UnsafeRawBufferPointer(rebasing: request[(firstSpace + 1)..<pathEnd]), line, &fields)
    }
  }
}

/// A cursor over one access-log line.
struct AccessLogScanner {
  let line: UnsafeRawBufferPointer
  var i = 0

  var atEnd: Bool { i >= line.count }

  mutating func skipSpaces() {
    while i < line.count && line[i] == ASCII.space { i += 1 }
  }

  /// The next run of non-space bytes, or nil at the end.
  mutating func token() -> UnsafeRawBufferPointer? {
    skipSpaces()
    let start = i
    while i < line.count && line[i] != ASCII.space { i += 1 }
    return i > start ? UnsafeRawBufferPointer(rebasing: line[start..<i]) : nil
  }

  /// The text of `[...]` at the cursor.
  mutating func bracketed() -> UnsafeRawBufferPointer? {
    skipSpaces()
    guard i < line.count, line[i] == ASCII.leftBracket else { return nil }
    let start = i + 1
    guard let close = line[start...].firstIndex(of: ASCII.rightBracket), close > start else { return nil }
    i = close + 1
    return UnsafeRawBufferPointer(rebasing: line[start..<close])
  }

  /// The raw range inside `"..."` at the cursor (backslash escapes skipped), the cursor after it.
  mutating func quoted() -> Range<Int>? {
    guard i < line.count, line[i] == ASCII.quote else { return nil }
    let start = i + 1
    var j = start
    while j < line.count {
      let b = line[j]
      if b == ASCII.backslash { j += 2; continue }
      if b == ASCII.quote {
        // A closing quote must end the line or be followed by a space.
        i = j + 1
        guard i >= line.count || line[i] == ASCII.space else { return nil }
        return start..<j
      }
      j += 1
    }
    return nil
  }
}
