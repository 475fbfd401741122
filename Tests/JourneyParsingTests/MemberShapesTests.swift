import JourneyModel
@testable import JourneyParsing
import JourneyTestSupport
import PropertyBased
import Testing

/// The walk remembers each node's keys from the lines before (``MemberShapes``): that may only make
/// it faster. One parser reading a sequence of lines gives, line by line, what a fresh parser gives
/// (values, rejects and their messages).
@Suite struct MemberShapesTests {
  static let fields = ["userId", "anonymousId", "event", "context.page.url", "context.campaign.source", "context.ip"]

  /// Members of the root and of `context`, some of them read, some skipped, with keys that differ
  /// only late, keys longer than a remembered token, an escaped key, a duplicate and a prefix.
  static let rootMembers = [
    #""userId":"u1""#, #""userId":null"#, #""anonymousId":"a1""#, #""event":"Order Completed""#, #""event":7"#,
    #""eventual":"x""#, #""type":"track""#, #""messageId":"m1""#, #""a_very_long_key_that_is_not_remembered":1"#,
    #""us\u0065rId":"escaped""#, #""userId" :"spaced""#, #""context":{"page":{"url":"/p"},"ip":"1.2.3.4"}"#,
    #""context":{"campaign":{"source":"g"},"page":{"url":"/q","path":"/q"}}"#, #""context":{}"#,
    #""context":{"ip":"9.9.9.9","page":{"url":"/r"}}"#, #""properties":{"price":1.5,"tags":["a",{"b":2}]}"#,
    // Skipped values that repeat, differ only at the end, or are prefixes of one another (a memo of
    // skipped values was tried and measured slower; these keep any such shortcut honest).
    #""library":{"name":"analytics.js","version":"2"}"#, #""library":{"name":"analytics.js","version":"3"}"#,
    #""integrations":{}"#, #""n":12"#, #""n":123"#, #""n":1.5e3"#, #""t":true"#, #""t":"true""#,
  ]
  /// Ways a line breaks after (or inside) its keys: each must be rejected with the same message.
  static let breaks = ["", "", "", "", #","#, #",}"#, #"}x"#, #""open"#, #"{"#]

  static func line(_ picks: [Int], break index: Int) -> String {
    let members = picks.map { rootMembers[$0 % rootMembers.count] }
    return "{" + members.joined(separator: ",") + breaks[index % breaks.count] + "}"
  }

  static func describe(_ result: ParseResult, _ events: [[Value]]) -> String {
    switch result {
    case .events: "\(events)"
    case .header: "header"
    case .rejected(let reason, let detail): "rejected \(reason): \(detail)"
    }
  }

  @Test func oneParserReadsEveryLineAsAFreshOneWould() async {
    await propertyCheck(
      input: Gen.int(in: 0...(Self.rootMembers.count - 1)).array(of: 0...8).array(of: 1...12),
      Gen.int(in: 0...(Self.breaks.count - 1)).array(of: 12...12)
    ) { picks, breaks in
      let lines = picks.enumerated().map { Self.line($1, break: breaks[$0]) }
      // One parser for all the lines (it remembers keys), then a fresh one per line.
      let schema = FieldSchema(Self.fields)
      var shared = NDJSONRecordParser(schema: schema)
      var fields = RecordFields(slotCount: schema.count)
      for line in lines {
        var events: [[Value]] = []
        let result = Array(line.utf8).withUnsafeBytes { raw in
          shared.parse(raw, into: &fields) { event in events.append((0..<schema.count).map { Value.of(event, $0) }) }
        }
        let fresh = parse([line], format: .ndjson, fields: Self.fields)
        #expect(Self.describe(result, events) == Self.describe(fresh.results[0], fresh.events), "\(line)")
      }
    }
  }

  @Test func remembersKeysAndStillRejectsWhatFollowsThem() {
    let good = #"{"userId":"u1","event":"Order Completed","context":{"page":{"url":"/p"}}}"#
    let broken = #"{"userId":"u1","event":"Order Completed","context":{"page":{"url":"/p"},}}"#
    let (results, events) = parse([good, good, broken, good], format: .ndjson, fields: Self.fields)
    #expect(events.count == 3)
    guard case .rejected(let reason, let detail) = results[2] else {
      Issue.record("accepted \(broken)")
      return
    }
    #expect(reason == .malformedJSON)
    #expect(detail == #"expected a quoted key after "url" at byte 72"#)  // as a fresh parser says
  }

  /// An error right after a skipped object names the last key inside it, whatever the walk
  /// remembered from the lines before.
  @Test func anErrorAfterARepeatedValueNamesTheKeyInsideIt() {
    let good = #"{"event":"e","library":{"name":"a","version":"2"}}"#
    let broken = #"{"event":"e","library":{"name":"a","version":"2"},}"#
    let (results, _) = parse([good, good, broken], format: .ndjson, fields: Self.fields)
    let fresh = parse([broken], format: .ndjson, fields: Self.fields)
    guard case .rejected(_, let detail) = results[2], case .rejected(_, let expected) = fresh.results[0] else {
      Issue.record("accepted \(broken)")
      return
    }
    #expect(detail == expected)
    #expect(detail == #"expected a quoted key after "version" at byte 50"#)
  }

  @Test func rememberedTokensAreBoundedPerNode() {
    var shapes = MemberShapes(nodeCount: 1)
    let token = Array(#""k":"#.utf8)
    for index in 0..<MemberShapes.slotsPerNode {
      #expect(token.withUnsafeBytes { shapes.learn(node: 0, index: index, token: $0, child: -1) })
    }
    #expect(!token.withUnsafeBytes { shapes.learn(node: 0, index: MemberShapes.slotsPerNode, token: $0, child: -1) })
    let long = Array(("\"" + String(repeating: "k", count: MemberShapes.longestToken) + "\":").utf8)
    #expect(!long.withUnsafeBytes { shapes.learn(node: 0, index: 0, token: $0, child: -1) })
  }

  /// The order-free memory: every remembered token is found at any position of any line, a node's
  /// tokens are not another node's, a bucket keeps its two newest tokens, and what cannot be told
  /// from the bytes there (a token shorter than four bytes, fewer than eight bytes left) is not found.
  @Test func findsRememberedKeysInAnyOrder() {
    var shapes = MemberShapes(nodeCount: 2)
    func find(_ text: String, node: Int = 0) -> (length: Int, child: Int)? {
      let bytes = Array(text.utf8)
      return bytes.withUnsafeBufferPointer { shapes.find(node: node, $0.baseAddress!, at: 0, end: bytes.count) }
    }
    let tokens = [#""event":"#, #""userId":"#, #""ab":"#, #""x":"#, #""a_key_of_exactly_32_bytes_xxx":"#]
    for (child, token) in tokens.enumerated() {
      Array(token.utf8).withUnsafeBytes { shapes.remember(node: 0, token: $0, child: child) }
    }
    for (child, token) in tokens.enumerated() {
      #expect(find(token + #""value","more":1}"#)?.child == child, "\(token)")
      #expect(find(token + #""value","more":1}"#)?.length == token.utf8.count)
      #expect(find(token + "1}", node: 1) == nil)
    }
    #expect(find(#""events":"e","x":1}"#) == nil)  // a longer key with a remembered one's start
    #expect(find(#""even":"e","x":1}"#) == nil)
    #expect(find(#""x" :1,"y":2}"#) == nil)  // a space before the colon
    #expect(find(#""x":1}"#) == nil)  // within eight bytes of the end
    Array(#""":"#.utf8).withUnsafeBytes { shapes.remember(node: 0, token: $0, child: 9) }
    #expect(find(#""":1,"y":2,"z":3}"#) == nil)
    // Three tokens of one bucket: the oldest is forgotten.
    let word = { (token: String) -> UInt64 in
      var w: UInt64 = 0
      for (i, byte) in token.utf8.prefix(8).enumerated() { w |= UInt64(byte) << (8 * UInt64(i)) }
      return w
    }
    var same: [String] = []
    var k = 0
    while same.count < 3 {
      let token = "\"k\(k)\":"
      if same.isEmpty || MemberShapes.bucket(word(token)) == MemberShapes.bucket(word(same[0])) { same.append(token) }
      k += 1
    }
    var fresh = MemberShapes(nodeCount: 1)
    for (child, token) in same.enumerated() {
      Array(token.utf8).withUnsafeBytes { fresh.remember(node: 0, token: $0, child: child) }
    }
    func findFresh(_ token: String) -> Int? {
      let bytes = Array((token + "12345678}").utf8)
      return bytes.withUnsafeBufferPointer { fresh.find(node: 0, $0.baseAddress!, at: 0, end: bytes.count)?.child }
    }
    #expect(findFresh(same[0]) == nil)
    #expect(findFresh(same[1]) == 1)
    #expect(findFresh(same[2]) == 2)
  }

  /// Lines of three shapes taking turns (as `track`, `page` and `identify` calls do) and keys in
  /// other orders read as fresh parsers read them.
  @Test func linesOfSeveralShapesReadAsFreshOnes() {
    let shapes = [
      #"{"type":"track","event":"Order Completed","userId":"u1","context":{"page":{"url":"/p"},"ip":"1.2.3.4"}}"#,
      #"{"context":{"ip":"5.6.7.8","campaign":{"source":"g"}},"type":"page","userId":null,"anonymousId":"a2"}"#,
      #"{"type":"identify","traits":{"email":"x@y"},"anonymousId":"a3","userId":"u3","context":{}}"#,
      #"{"event":"Product Viewed","userId":"u4","type":"track","context":{"campaign":{"source":"n"},"page":{"url":"/q"}}}"#,
    ]
    let lines = (0..<40).map { shapes[($0 * 7 + $0 / 5) % shapes.count] }
    let together = parse(lines, format: .ndjson, fields: Self.fields)
    let alone = lines.map { parse([$0], format: .ndjson, fields: Self.fields).events }
    #expect(together.events == alone.flatMap { $0 })
  }
}
