import JourneyModel
import JourneyParsing
import Testing

/// The word-at-a-time string scan stops exactly at the first quote, backslash or control byte,
/// wherever it falls in (or across) the 8- and 16-byte steps.
@Suite struct JSONStringScanTests {
  @Test(arguments: 0..<40)
  func stopsAtTheClosingQuoteAtEveryOffset(length: Int) {
    let value = String(repeating: "x", count: length)
    #expect(json(#"{"a":"\#(value)","b":"after"}"#, ["a", "b"]) == [.string(value), .string("after")])
  }

  @Test(arguments: 0..<40)
  func decodesAnEscapeAtEveryOffset(offset: Int) {
    let prefix = String(repeating: "y", count: offset)
    #expect(json(#"{"a":"\#(prefix)\"z\\ é","b":1}"#, ["a", "b"]) == [.string(prefix + "\"z\\ é"), .number("1")])
  }

  @Test(arguments: 0..<40)
  func rejectsAControlByteAtEveryOffset(offset: Int) {
    let prefix = String(repeating: "y", count: offset)
    for control in ["\u{01}", "\u{1F}", "\t"] {
      for names in [["a"], ["b"]] {  // read and skipped values alike
        let (results, _) = parse([#"{"a":"\#(prefix)\#(control)tail-bytes-for-a-full-word","b":1}"#], format: .ndjson, fields: names)
        #expect(reason(results[0]) == .malformedJSON)
      }
    }
  }

  @Test(arguments: 0..<40)
  func rejectsAnUnterminatedStringAtEveryLength(length: Int) {
    let value = String(repeating: "x", count: length)
    let (results, _) = parse([#"{"b":1,"a":"\#(value)"#], format: .ndjson, fields: ["b"])
    #expect(reason(results[0]) == .malformedJSON)
  }

  @Test(arguments: 0..<40)
  func rejectsNulAndBadUTF8AtEveryOffset(offset: Int) {
    let prefix = String(repeating: "y", count: offset)
    let line = Array(#"{"a":"\#(prefix)"#.utf8)
    let tail = Array(#"-more-text-to-fill-several-words","b":1}"#.utf8)
    let nul = parseBytes(line + [0] + tail)
    let bad = parseBytes(line + [0xC3, 0x28] + tail)
    #expect(nul == .nulByte)
    #expect(bad == .invalidUTF8)
  }

  private func parseBytes(_ bytes: [UInt8]) -> RejectReason? {
    var parser = NDJSONRecordParser(schema: FieldSchema(["a"]))
    var fields = RecordFields(slotCount: 1)
    let result = bytes.withUnsafeBytes { parser.parse($0, into: &fields) { _ in } }
    return reason(result)
  }
}
