import JourneyModel
@testable import JourneyParsing
import JourneyTestSupport
import PropertyBased
import Testing

/// A line is first walked in C (`CJSONWalk_line`, ``JSONFieldWalker/walkInC(into:)``), which takes
/// the common case and leaves the rest to the Swift walk: the two must only ever differ in speed.
@Suite struct JSONWalkTests {
  static let fields = [
    "userId", "anonymousId", "event", "context", "context.page.url", "context.campaign.source", "n", "t",
    "properties.products.0.sku", "items[type=a].v",
  ]

  /// Members of a line: read and skipped values of every kind, nested objects read and skipped,
  /// arrays (one with members to walk, one with a lookup), escapes in keys and values, non-ASCII,
  /// whitespace, keys that differ late, an empty key.
  static let members = [
    #""userId":"u1""#, #""userId":null"#, #""userId":12"#, #""anonymousId":"a\"1""#, #""anonymousId":"\u00e9\uD83D\uDE00""#,
    #""event":"Order Completed""#, #""event":true"#, #""event":[1,{"a":"}"}]"#, #""eventual":"x""#, #""type":"track""#,
    #""context":{"page":{"url":"/p","path":"/p"},"ip":"1.2.3.4"}"#, #""context":{"campaign":{"source":"g","medium":"cpc"}}"#,
    #""context":{}"#, #""context":[]"#, #""context":"flat""#, #""context" : { "page" : { "url" : "/s p" } }"#,
    #""properties":{"products":[{"sku":"S1"},{"sku":"S2"}]}"#, #""properties":{"price":1.5e3,"tags":["a",{"b":2}]}"#,
    #""items":[{"type":"b","v":1},{"type":"a","v":2}]"#, #""items":{"type":"a"}"#, #""us\u0065rId":"escaped""#,
    #""n":-0.5"#, #""n":"12""#, #""t":false"#, #""t":null"#, #""":"empty key""#, #""ü":"ß""#,
    #""a_very_long_key_that_goes_on_and_on":{"x":[[[]]]}"#, #""deep":{"a":{"b":{"c":{"d":{"e":1}}}}}"#,
  ]
  /// Ways a line may end: well, or broken after its members.
  static let endings = ["}", "}", "}", "} ", "}\r", ",}", "}x", ",\"open}", "\"x\":1}", "]", ""]

  static func line(_ picks: [Int], ending: Int, spaced: Bool) -> String {
    let separator = spaced ? " , " : ","
    return "{" + picks.map { members[$0 % members.count] }.joined(separator: separator) + endings[ending % endings.count]
  }

  /// The outcome of parsing `lines` with one parser: results, events' values and duplicate notes.
  static func outcome(_ lines: [String], inC: Bool, nullMarkers: [String] = [], names: [String] = fields) -> [String] {
    let schema = FieldSchema(names)
    var parser = NDJSONRecordParser(schema: schema, options: ParserOptions(nullMarkers: nullMarkers))
    parser.walksInC = inC
    var fields = RecordFields(slotCount: schema.count)
    return lines.map { line in
      var events: [[Value]] = []
      let result = Array(line.utf8).withUnsafeBytes { raw in
        parser.parse(raw, into: &fields) { event in events.append((0..<schema.count).map { Value.of(event, $0) }) }
      }
      return "\(result) \(events) \(parser.takeDuplicate() ?? "")"
    }
  }

  @Test func theCWalkReadsEveryLineAsTheSwiftWalk() async {
    await propertyCheck(
      input: Gen.int(in: 0...(Self.members.count - 1)).array(of: 0...7).array(of: 1...10),
      Gen.int(in: 0...(Self.endings.count - 1)).array(of: 10...10), Gen.bool
    ) { picks, endings, spaced in
      let lines = picks.enumerated().map { Self.line($1, ending: endings[$0], spaced: spaced) }
      #expect(Self.outcome(lines, inC: true) == Self.outcome(lines, inC: false), "\(lines)")
      #expect(Self.outcome(lines, inC: true, nullMarkers: ["flat", "/p"]) == Self.outcome(lines, inC: false, nullMarkers: ["flat", "/p"]))
    }
  }

  /// Which lines the C walk takes (and so which the tests above compare against the Swift walk's
  /// reading): the common case, not the ones it leaves.
  @Test(arguments: [
    (#"{"userId":"u1","event":"e","context":{"page":{"url":"/p"}},"properties":{"x":[1,2]}}"#, true),
    (#"{"userId":"a\"b\u00e9","n":1.5,"t":true,"context":null,"other":[{"a":{}}]}"#, true),
    (#"{"properties":{"products":"none"},"items":7}"#, true),  // no array there to walk into
    (#" { "userId" : "u1" } "#, true),
    (#"{"us\u0065rId":"u1"}"#, false),  // an escaped key
    (#"{"userId":"u1","userId":"u2"}"#, false),  // a key met twice for one slot
    (#"{"context":{"page":{"url":"/p"}},"context":{"page":{"url":"/q"}}}"#, false),
    (#"{"properties":{"products":[{"sku":"S1"}]}}"#, false),  // an array with members to walk
    (#"{"items":[{"type":"a","v":1}]}"#, false),  // an array with a lookup
    (#"{"userId":"u1",}"#, false),  // invalid: the Swift walk says why
    (#"{"userId":"u1"} x"#, false),
    (#"{"userId":"\u0000"}"#, false),
  ])
  func takesTheCommonCase(line: String, inC: Bool) {
    let schema = FieldSchema(Self.fields)
    var parser = NDJSONRecordParser(schema: schema)
    var fields = RecordFields(slotCount: schema.count)
    let walked = Array(line.utf8).withUnsafeBytes { raw in
      parser.walker.scanner = JSONScanner(raw)
      parser.walker.scanner.skipWhitespace()
      return parser.walker.walkInC(into: &fields)
    }
    #expect(walked == inC, "\(line)")
  }

  /// Nested deeper than the C walk goes (64 objects it walks into), the Swift walk takes the line
  /// and reads it the same.
  @Test func deepLinesAreLeftToTheSwiftWalk() {
    let names = [(0..<70).map { "k\($0)" }.joined(separator: "."), "k0.x"]
    func nested(_ depth: Int) -> String {
      (0..<depth).map { #"{"k\#($0)":"# }.joined() + "1" + String(repeating: "}", count: depth)
    }
    for (line, inC) in [(nested(70), false), (nested(64), true), (nested(65), false)] {
      var parser = NDJSONRecordParser(schema: FieldSchema(names))
      var fields = RecordFields(slotCount: 2)
      let walked = Array(line.utf8).withUnsafeBytes { raw in
        parser.walker.scanner = JSONScanner(raw)
        return parser.walker.walkInC(into: &fields)
      }
      #expect(walked == inC)
      #expect(Self.outcome([line], inC: true, names: names) == Self.outcome([line], inC: false, names: names))
    }
    #expect(parse([nested(70)], format: .ndjson, fields: names).events == [[.number("1"), .missing]])
  }
}
