import JourneyModel

/// Guesses the record format from the first non-empty line of an input.
package enum FormatDetector {
  /// `{` → ndjson; an access-log line → combined (with referer and user agent) or common; otherwise
  /// a header row: a tab → tsv, more `;` than `,` → csv with `;`, a `,` → csv, two or more tokens
  /// separated by spaces → whitespace, a single token → csv (one column). Nil for an empty line.
  package static func detect(firstLine: some Collection<UInt8>) -> RecordFormat? {
    var bytes = Array(firstLine)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    while let last = bytes.last, last == ASCII.carriageReturn || last == ASCII.newline || last == ASCII.space || last == ASCII.tab {
      bytes.removeLast()
    }
    guard let first = bytes.firstIndex(where: { $0 != ASCII.space && $0 != ASCII.tab }) else { return nil }
    if bytes[first] == ASCII.leftBrace { return .ndjson }
    if let log = accessLogFormat(bytes) { return log }
    var tabs = 0, commas = 0, semicolons = 0
    var quoted = false
    for b in bytes {
      if b == ASCII.quote { quoted.toggle(); continue }
      if quoted { continue }
      switch b {
      case ASCII.tab: tabs += 1
      case ASCII.comma: commas += 1
      case ASCII.semicolon: semicolons += 1
      default: break
      }
    }
    if tabs > 0 && tabs >= commas && tabs >= semicolons { return .tsv }
    if semicolons > commas { return .delimited(separator: ASCII.semicolon) }
    if commas > 0 { return .csv }
    var tokens = 0
    bytes.withUnsafeBytes { WhitespaceRecordParser.forEachToken($0) { _ in tokens += 1 } }
    return tokens >= 2 ? .whitespace : .csv
  }

  private static func accessLogFormat(_ bytes: [UInt8]) -> RecordFormat? {
    var parser = AccessLogRecordParser(format: .combined, schema: FieldSchema(["user_agent"]))
    var fields = RecordFields(slotCount: 1)
    let result = bytes.withUnsafeBytes { parser.parse($0, into: &fields, emit: { _ in }) }
    guard result == .events(1) else { return nil }
    return fields.kind(0) == .missing ? .common : .combined
  }
}
