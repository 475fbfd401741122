import Foundation
import JourneyModel
@testable import JourneyParsing
import JourneyTestSupport
import Testing

@Suite struct NDJSONRecordParserTests {
  @Test(arguments: [
    (#"{"a":"plain"}"#, "plain"),
    (#"{"a":"q\"uote"}"#, "q\"uote"),
    (#"{"a":"back\\slash\/"}"#, "back\\slash/"),
    (#"{"a":"\b\f\n\r\t"}"#, "\u{8}\u{c}\n\r\t"),
    (#"{"a":"\u00e9\u4e2d"}"#, "é中"),
    (#"{"a":"\uD83D\uDE00!"}"#, "😀!"),
    (#"{"a":"raw é 😀"}"#, "raw é 😀"),
    (#"{"a":""}"#, ""),
    (#"{"a":"\u0041BC"}"#, "ABC"),
  ])
  func decodesStringEscapes(line: String, expected: String) {
    #expect(json(line, ["a"]) == [.string(expected)])
  }

  @Test(arguments: ["0", "-0", "12", "-12.5", "1e9", "1E+9", "2.5e-3", "1541548939.25", "2103807459595387724"])
  func keepsNumbersAsSourceText(number: String) {
    #expect(json(#"{"n":\#(number)}"#, ["n"]) == [.number(number)])
  }

  @Test(arguments: ["01", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "NaN", "Infinity", "--1"])
  func rejectsInvalidNumbersEvenWhenSkipped(number: String) {
    let (results, _) = parse([#"{"n":\#(number),"a":1}"#], format: .ndjson, fields: ["a"])
    #expect(reason(results[0]) == .malformedJSON)
  }

  @Test func matchesKeysSharingTheirFirstEightBytesOrLength() {
    // Requested keys of 1, 7, 8, 9 and 16 bytes next to keys that share a prefix word or a length.
    let line = #"{"":"e","a":"1","abcdefg":"7","abcdefgh":"8","abcdefghi":"9","abcdefghX":"x","#
      + #""abcdefgh12345678":"16","abcdefgh12345679":"n","ab":"2","abcdefgH":"no"}"#
    #expect(json(line, ["a", "abcdefg", "abcdefgh", "abcdefghi", "abcdefgh12345678", "abcdefgh1234567"]) == [
      .string("1"), .string("7"), .string("8"), .string("9"), .string("16"), .missing,
    ])
  }

  @Test func matchesKeysNearTheEndOfTheLineAndEscapedKeys() {
    #expect(json(#"{"x":1,"ab":2}"#, ["ab"]) == [.number("2")])
    #expect(json(#"{"a":1}"#, ["a"]) == [.number("1")])
    #expect(json(#"{"ab":3,"ab":4}"#, ["ab"]) == [.number("4")])  // the last duplicate wins
    #expect(json(#"{"abcdefghi":5}"#, ["abcdefghi"]) == [.number("5")])
  }

  @Test func readsLiteralsAndComposites() {
    let line = #"{"t":true,"f":false,"z":null,"o":{"x":[1,{"y":"}"}]},"arr":[1, "]", {}]}"#
    #expect(json(line, ["t", "f", "z", "o", "arr", "absent"]) == [
      .bool("true"), .bool("false"), .null, .composite(#"{"x":[1,{"y":"}"}]}"#), .composite(#"[1, "]", {}]"#), .missing,
    ])
  }

  @Test func skipsNestedValuesWithBracesAndQuotesInStrings() {
    let line = #"{"skip":{"a":"}]\"{[","b":[[],[{}],{"c":"\\"}]},"keep":"yes"}"#
    #expect(json(line, ["keep"]) == [.string("yes")])
  }

  @Test func allowsWhitespaceEverywhere() {
    let line = " \t{ \"a\" :\t{ \"b\" : [ 1 , 2 ] } ,\r\n \"c\" : \"d\" } \r"
    #expect(json(line, ["a.b.1", "c"]) == [.number("2"), .string("d")])
  }

  @Test func followsDottedPathsAndArrayIndices() {
    let line = #"{"context":{"page":{"url":"https://x/"}},"items":[{"id":"a"},{"id":"b"}],"m":{"0":"zero"}}"#
    #expect(json(line, ["context.page.url", "items.1.id", "items.0.id", "items.5.id", "m.0", "items[1].id"]) == [
      .string("https://x/"), .string("b"), .string("a"), .missing, .string("zero"), .string("b"),
    ])
  }

  @Test func quotedSegmentsMayHoldDots() {
    #expect(json(#"{"a.b":{"c":1},"a":{"b":2}}"#, [#""a.b".c"#, "a.b"]) == [.number("1"), .number("2")])
  }

  @Test func decodesEscapedKeysBeforeComparing() {
    #expect(json(#"{"us\u0065r":"u1"}"#, ["user"]) == [.string("u1")])
  }

  @Test func lastDuplicateKeyWins() {
    #expect(json(#"{"a":"first","a":"second"}"#, ["a"]) == [.string("second")])
  }

  @Test func findsKeyValueLookupsWhateverTheMemberOrder() {
    let line = #"""
      {"event_params":[{"key":"ga_session_id","value":{"int_value":"42"}},{"value":{"string_value":"https://shop/p"},"key":"page_location"},{"key":"page_location","value":{"string_value":"second"}}]}
      """#
    let names = ["event_params[key=page_location].value.string_value", "event_params[key=ga_session_id].value.int_value",
                 "event_params[key=nope].value"]
    #expect(json(line, names) == [.string("https://shop/p"), .string("42"), .missing])
  }

  /// A lookup reads the first element whose key matches, even when that element lacks the member the
  /// path goes on to; paths through one lookup read one element (FuzzNDJSON's
  /// `lookup-reads-a-later-element`: the parser took `x` from the third element).
  @Test func aLookupReadsTheFirstMatchingElementOnly() {
    let line = #"{"p":[{"k":"w","x":1},{"k":"v","y":2},{"k":"v","x":{"deep":[]},"y":3}]}"#
    #expect(json(line, ["p[k=v].x", "p[k=v].y", "p[k=w].x"]) == [.missing, .number("2"), .number("1")])
    // Two lookups on one array, each its own first match; an index path beside them.
    let two = #"{"p":[{"k":"a","x":"1"},{"k":"b","x":"2"},{"k":"a","x":"3"}]}"#
    #expect(json(two, ["p[k=b].x", "p[k=a].x", "p.2.x"]) == [.string("2"), .string("1"), .string("3")])
  }

  @Test func rejectsLinesThatAreNotObjects() {
    let (results, _) = parse(["[1,2]", "\"text\"", "42", "null"], format: .ndjson, fields: ["a"])
    #expect(results.map(reason) == Array(repeating: .notAnObject, count: 4))
  }

  @Test(arguments: [
    (#"{"userId" "u1"}"#, #"expected ':' after "userId" at byte 10"#),
    (#"{"a":"unterminated}"#, "unterminated string"),
    (#"{"a":1} trailing"#, "unexpected text after the object"),
    (#"{"a":1}{"b":2}"#, "unexpected text after the object"),
    (#"{"a":"\x"}"#, "invalid escape"),
    (#"{"a":"\u12G4"}"#, "invalid \\u escape"),
    (#"{"a":"\uD83D"}"#, "invalid \\u escape"),
    (#"{"a":"\uDE00"}"#, "invalid \\u escape"),
    (#"{"a":1,}"#, "expected a quoted key"),
    (#"{"a":[1,]}"#, "expected a value"),
    (#"{"a":tru}"#, "invalid literal"),
    (#"{"a":1"#, "unexpected end"),
    ("{\"a\":\"tab\there\"}", "control character"),
    (#"{a:1}"#, "expected a quoted key"),
  ])
  func rejectsMalformedJSONWithADetail(line: String, detail: String) {
    let (results, events) = parse([line], format: .ndjson, fields: ["zzz"])
    #expect(events.isEmpty)
    guard case .rejected(let reason, let text) = results[0] else {
      Issue.record("accepted \(line)")
      return
    }
    #expect(reason == .malformedJSON)
    #expect(text.contains(detail), "\(text)")
  }

  @Test func rejectsInvalidUTF8AndNulBytes() {
    let schema = FieldSchema(["a"])
    var parser = NDJSONRecordParser(schema: schema)
    var fields = RecordFields(slotCount: 1)
    let bad: [UInt8] = Array(#"{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
    let nul: [UInt8] = Array(#"{"a":"x"#.utf8) + [0] + Array(#""}"#.utf8)
    let overlong: [UInt8] = Array(#"{"a":""#.utf8) + [0xC0, 0xAF] + Array(#""}"#.utf8)
    #expect(reason(bad.withUnsafeBytes { parser.parse($0, into: &fields) { _ in } }) == .invalidUTF8)
    #expect(reason(nul.withUnsafeBytes { parser.parse($0, into: &fields) { _ in } }) == .nulByte)
    #expect(reason(overlong.withUnsafeBytes { parser.parse($0, into: &fields) { _ in } }) == .invalidUTF8)
  }

  /// Duplicate keys: the last value is used (strings, numbers, nulls, objects holding a requested
  /// field), and ``takeDuplicate()`` names a requested field met twice once (issue 10, item 12d).
  @Test(arguments: [
    (#"{"a":"1","a":"2"}"#, "2", #"key "a""#),
    (#"{"a":1,"b":"x","a":2}"#, "2", #"key "a""#),
    (#"{"a":"1","a":null}"#, nil, #"key "a""#),
    (#"{"c":{"x":"1"},"c":{"x":"2"}}"#, "2", #"key "c.x""#),
    (#"{"a":"1","b":"1","b":"2"}"#, "1", nil),
    (#"{"a":"1"}"#, "1", nil),
  ] as [(String, String?, String?)])
  func aDuplicateKeyTakesTheLastValue(line: String, value: String?, duplicate: String?) {
    var parser = NDJSONRecordParser(schema: FieldSchema(["a", "c.x"]))
    var fields = RecordFields(slotCount: 2)
    var seen: [String?] = []
    let result = Array(line.utf8).withUnsafeBytes { parser.parse($0, into: &fields) { seen.append($0.string(0) ?? $0.string(1)) } }
    #expect("\(result)" == "\(ParseResult.events(1))")
    #expect(seen == [value])
    #expect(parser.takeDuplicate() == duplicate)
    #expect(parser.takeDuplicate() == nil)
  }

  /// A `\u0000` escape would put a NUL byte into a value: the record is rejected as a raw NUL byte
  /// is (`nul byte`), wherever the escape is; an escaped backslash before `u0000` is plain text
  /// (issue 10, item 12e).
  @Test(arguments: [
    #"{"a":"x\u0000y"}"#, #"{"a":"x","skipped":"\u0000"}"#, #"{"a\u0000":"x"}"#, #"{"a":["\u0000"]}"#,
    #"{"a":"\uD83D\uDE00\u0000"}"#,
  ])
  func rejectsAnEscapedNulLikeARawOne(line: String) {
    var parser = NDJSONRecordParser(schema: FieldSchema(["a"]))
    var fields = RecordFields(slotCount: 1)
    let result = Array(line.utf8).withUnsafeBytes { parser.parse($0, into: &fields) { _ in } }
    guard case .rejected(let why, let detail) = result else {
      Issue.record("accepted \(line)")
      return
    }
    #expect(why == .nulByte)
    #expect(detail.contains("\\u0000"), "\(detail)")
  }

  @Test func readsAnEscapedBackslashBeforeU0000AsText() {
    var parser = NDJSONRecordParser(schema: FieldSchema(["a"]))
    var fields = RecordFields(slotCount: 1)
    var value: String?
    let result = Array(#"{"a":"x\\u0000"}"#.utf8).withUnsafeBytes { parser.parse($0, into: &fields) { value = $0.string(0) } }
    #expect("\(result)" == "\(ParseResult.events(1))")
    #expect(value == #"x\u0000"#)
  }

  /// The walk checks UTF-8 and NUL bytes itself: bytes put anywhere in valid lines (inside keys,
  /// values, skipped and requested ones, between tokens, after the object) give exactly the
  /// rejection of the separate byte check, with its byte offset, and valid sequences change nothing.
  @Test func bytesAnywhereGetTheRejectionOfTheByteCheck() {
    let lines = [
      #"{"user":"u1","event":"Page Viewed","ctx":{"ua":"Mozilla/5.0 (X11) Firefox/1","tags":["a","b"]},"n":12}"#,
      #"{"events":[{"user":"u1","event":"x"},{"user":"u2"}],"session":"s-éé"}"#,
      #"  {"a":"\u00e9\n","user":"ü-42"}  "#,
    ]
    let insertions: [[UInt8]] = [
      [0x00], [0x80], [0xC0, 0xAF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
      [0xF0, 0x9F, 0x98], [0xFF], [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80],
    ]
    var random = SplitMix64(seed: 17)
    for (index, line) in lines.enumerated() {
      let options = ParserOptions(eventsPath: index == 1 ? "events" : nil)
      var parser = NDJSONRecordParser(schema: FieldSchema(["user", "event", "ctx.ua", "$parent.session"]), options: options)
      var fields = RecordFields(slotCount: 4)
      let base = Array(line.utf8)
      for _ in 0..<400 {
        var bytes = base
        let insertion = insertions[Int(random.next() % UInt64(insertions.count))]
        bytes.insert(contentsOf: insertion, at: Int(random.next() % UInt64(bytes.count + 1)))
        let result = bytes.withUnsafeBytes { parser.parse($0, into: &fields) { _ in } }
        let expected = bytes.withUnsafeBytes { RecordBytes.problem(in: $0) }.map(RecordBytes.rejection)
        if let expected {
          #expect("\(result)" == "\(expected)", "\(bytes)")
        } else if case .rejected(let why, _) = result {
          #expect(why != .invalidUTF8 && why != .nulByte, "\(bytes)")
        }
      }
    }
  }

  @Test func acceptsDeepNestingUpToTheLimitOnly() {
    let ok = #"{"a":"# + String(repeating: "[", count: 500) + String(repeating: "]", count: 500) + "}"
    let deep = #"{"a":"# + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}"
    #expect(json(ok, ["b"]) == [.missing])
    #expect(reason(parse([deep], format: .ndjson, fields: ["b"]).results[0]) == .malformedJSON)
    #expect(reason(parse([deep], format: .ndjson, fields: ["a"]).results[0]) == .malformedJSON)
  }

  @Test func blankLinesHoldNoEvents() {
    #expect(parse(["", "  \r"], format: .ndjson, fields: ["a"]).results == [.events(0), .events(0)])
  }

  @Test func turnsNullMarkersIntoNull() {
    #expect(json(#"{"u":"NA","v":"NAB"}"#, ["u", "v"], options: ParserOptions(nullMarkers: ["NA"])) == [.null, .string("NAB")])
  }

  /// Session 12899778 of /work/shared/data/otto-recsys-sample (the last line).
  static let ottoLine = #"{"session":12899778,"events":[{"aid":561560,"ts":1661723968970,"type":"clicks"},{"aid":32070,"ts":1661723976974,"type":"clicks"}]}"#

  @Test func readsNestedEventsWithParentFields() {
    let (results, events) = parse(
      [Self.ottoLine], format: .ndjson, fields: ["$parent.session", "aid", "ts", "type"],
      options: ParserOptions(eventsPath: "events"))
    #expect(results == [.events(2)])
    #expect(events == [
      [.number("12899778"), .number("561560"), .number("1661723968970"), .string("clicks")],
      [.number("12899778"), .number("32070"), .number("1661723976974"), .string("clicks")],
    ])
  }

  @Test func parentFieldsMayFollowTheEventsArray() {
    let line = #"{"events":[{"e":1},{"e":2,"p":"own"}],"p":"parent"}"#
    let (results, events) = parse(
      [line], format: .ndjson, fields: ["e", "$parent.p", "p"], options: ParserOptions(eventsPath: "events"))
    #expect(results == [.events(2)])
    #expect(events == [[.number("1"), .string("parent"), .missing], [.number("2"), .string("parent"), .string("own")]])
  }

  @Test func reportsMissingAndEmptyEventsArrays() {
    let options = ParserOptions(eventsPath: "events")
    let (results, events) = parse(
      [#"{"session":1}"#, #"{"session":1,"events":[]}"#, #"{"events":{"a":1}}"#, #"{"events":[1,}"#],
      format: .ndjson, fields: ["$parent.session"], options: options)
    #expect(results.map(reason) == [.noEvents, nil, .noEvents, .malformedJSON])
    #expect(results[1] == .events(0))
    #expect(events.isEmpty)
  }

  @Test func reusesFieldsWithoutGrowingAfterWarmUp() {
    let schema = FieldSchema(["a", "b.c"])
    var parser = NDJSONRecordParser(schema: schema)
    var fields = RecordFields(slotCount: 2)
    let line = Array(#"{"a":"x\u00e9","b":{"c":12}}"#.utf8)
    var seen: [String?] = []
    for _ in 0..<3 {
      _ = line.withUnsafeBytes { parser.parse($0, into: &fields) { seen.append($0.string(0)) } }
    }
    #expect(seen == ["xé", "xé", "xé"])
    #expect(fields.storage.count == "xé".utf8.count + 2)
  }
}
