import Foundation
import JourneyModel
import JourneyParsing
import PropertyBased
import Testing

@Suite struct RecordParserTests {
  static let formats: [(RecordFormat, ParserOptions)] = [
    (.ndjson, ParserOptions()), (.ndjson, ParserOptions(eventsPath: "events")), (.csv, ParserOptions(nullMarkers: ["NA"])),
    (.tsv, ParserOptions()), (.delimited(separator: UInt8(ascii: ";")), ParserOptions()), (.whitespace, ParserOptions()),
    (.combined, ParserOptions()), (.common, ParserOptions()),
  ]
  static let names = [
    "a", "events", "$parent.session", "aid", "ts", "type", "context.page.url", "items.0.id",
    "event_params[key=page_location].value.string_value", "user_id", "city", "client", "path", "user_agent", "date",
  ]

  static let seeds: [String] = [
    NDJSONRecordParserTests.ottoLine,
    #"{"a":"x\"y\\z\u00e9\uD83D\uDE00","context":{"page":{"url":"/p?q=1"}},"items":[{"id":1.5e3},{"id":null}],"n":[true,false,-0.25]}"#,
    #"{"event_params":[{"key":"page_location","value":{"string_value":"https://s/"}},{"value":{"int_value":"7"},"key":"x"}]}"#,
    #"{ "a" : { "b" : [ ] , "c" : { } } , "d" : "}" }"#,
    DelimitedRecordParserTests.trivagoHeader, DelimitedRecordParserTests.trivagoRow,
    AccessLogRecordParserTests.apache, " 00001 19970101  1   11.77\r",
  ]

  /// Feeds `bytes` to a fresh parser of every format (after a header line for the table formats).
  static func feedAll(_ bytes: [UInt8]) {
    for (format, options) in formats {
      let schema = FieldSchema(names)
      var parser = makeRecordParser(format: format, schema: schema, options: options)
      var fields = RecordFields(slotCount: schema.count)
      for record in [Array("a,user_id,city\tb;c d".utf8), bytes, bytes] {
        var emitted = 0
        let result = record.withUnsafeBytes { raw in
          parser.parse(raw, into: &fields) { event in
            emitted += 1
            for slot in 0..<event.slotCount { _ = event.string(slot) }
          }
        }
        switch result {
        case .events(let n): #expect(n == emitted)
        case .header, .rejected: #expect(emitted == 0)
        }
      }
    }
  }

  @Test func survivesRandomBytes() async {
    await propertyCheck(input: Gen.uint8().array(of: 0...300)) { bytes in
      Self.feedAll(bytes)
    }
  }

  /// Applies edits derived from `ops` (flip, insert or delete one byte each), biased to JSON syntax.
  static func mutate(_ line: [UInt8], _ ops: [Int]) -> [UInt8] {
    let special = Array(#"{}[]",:\ 0-1eE.tfnu"#.utf8) + [0x0A, 0x00, 0xC3, 0xFF]
    var bytes = line
    for op in ops {
      let position = bytes.isEmpty ? 0 : (op / 3) % bytes.count
      let byte = (op / 7) % 2 == 0 ? special[(op / 11) % special.count] : UInt8(truncatingIfNeeded: op / 13)
      switch op % 3 {
      case 0 where !bytes.isEmpty: bytes[position] = byte
      case 1: bytes.insert(byte, at: min(position, bytes.count))
      default: if !bytes.isEmpty { bytes.remove(at: position) }
      }
    }
    return bytes
  }

  /// Foundation as the grammar oracle. It also rejects numbers that overflow a Double
  /// (`1e7239689970`), which the JSON grammar allows, so long exponents are shortened first.
  static func foundationAccepts(_ bytes: [UInt8]) -> Bool {
    var shortened: [UInt8] = []
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      shortened.append(byte)
      index += 1
      guard byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E"), index >= 2,
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index - 2]) || bytes[index - 2] == UInt8(ascii: ".")
      else { continue }
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
        shortened.append(bytes[index])
        index += 1
      }
      var digits = 0
      while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
        if digits < 2 { shortened.append(bytes[index]) }
        digits += 1
        index += 1
      }
    }
    // Foundation also accepts trailing commas (`{"a":1,}`), which JSON does not.
    if hasTrailingComma(shortened) { return false }
    return (try? JSONSerialization.jsonObject(with: Data(shortened))) as? [String: Any] != nil
  }

  static func hasTrailingComma(_ bytes: [UInt8]) -> Bool {
    var inString = false
    var escaped = false
    var lastSignificant: UInt8 = 0
    for byte in bytes {
      if inString {
        if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
        continue
      }
      switch byte {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): continue
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        if lastSignificant == UInt8(ascii: ",") { return true }
      case UInt8(ascii: "\""): inString = true
      default: break
      }
      lastSignificant = byte
    }
    return false
  }

  @Test func neverAcceptsStructurallyInvalidJSON() async {
    await propertyCheck(count: 400, input: Gen.int(in: 0...3), Gen.int(in: 0...1_000_000).array(of: 1...4)) { seed, ops in
      let bytes = Self.mutate(Array(Self.seeds[seed].utf8), ops)
      let schema = FieldSchema(Self.names)
      var parser = NDJSONRecordParser(schema: schema)
      var fields = RecordFields(slotCount: schema.count)
      let result = bytes.withUnsafeBytes { parser.parse($0, into: &fields) { _ in } }
      let text = String(decoding: bytes, as: UTF8.self)
      if case .events = result {
        #expect(Self.foundationAccepts(bytes), "accepted invalid JSON: \(text)")
      } else if Self.foundationAccepts(bytes) {
        Issue.record("rejected valid JSON (\(result)): \(text)")
      }
    }
  }

  @Test func survivesMutatedLinesOfEveryFormat() async {
    await propertyCheck(count: 300, input: Gen.int(in: 0...7), Gen.int(in: 0...1_000_000).array(of: 1...6)) { seed, ops in
      Self.feedAll(Self.mutate(Array(Self.seeds[seed].utf8), ops))
    }
  }

  @Test(arguments: seeds.prefix(4))
  func acceptsTheUnmutatedJSONSeeds(line: String) {
    #expect(Self.foundationAccepts(Array(line.utf8)))
    let (results, _) = parse([line], format: .ndjson, fields: Self.names)
    #expect(results == [.events(1)])
  }
}
