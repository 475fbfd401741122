import JourneyModel
import JourneyParsing
import Testing

@Suite struct AccessLogRecordParserTests {
  static let names = AccessLogRecordParser.fieldNames

  /// The first line of /work/shared/data/apache-semicomplete-2015.
  static let apache = #"83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36""#

  @Test func readsEveryFieldOfACombinedLine() {
    let (results, events) = parse([Self.apache], format: .combined, fields: Self.names)
    #expect(results == [.events(1)])
    #expect(events.first == [
      .string("83.149.9.216"), .null, .null, .string("17/May/2015:10:05:03 +0000"),
      .string("GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1"), .string("GET"),
      .string("/presentations/logstash-monitorama-2013/images/kibana-search.png"), .string("HTTP/1.1"), .string("200"),
      .string("203023"), .string("http://semicomplete.com/presentations/logstash-monitorama-2013/"),
      .string("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"),
    ])
  }

  /// The first line of /work/shared/data/nasa-aug95-head-corrupted, also accepted in combined mode.
  @Test(arguments: [RecordFormat.common, .combined])
  func readsCommonLines(format: RecordFormat) {
    let line = #"in24.inetnebr.com - - [01/Aug/1995:00:00:01 -0400] "GET /shuttle/missions/sts-68/news/sts-68-mcc-05.txt HTTP/1.0" 200 1839"#
    let (results, events) = parse([line], format: format, fields: ["client", "path", "bytes", "referer", "user_agent"])
    #expect(results == [.events(1)])
    #expect(events == [[.string("in24.inetnebr.com"), .string("/shuttle/missions/sts-68/news/sts-68-mcc-05.txt"), .string("1839"), .missing, .missing]])
  }

  @Test func unescapesQuotesInsideTheRequestAndNullsDashes() {
    let line = #"1.2.3.4 - frank [10/Oct/2000:13:55:36 -0700] "GET /a\"b HTTP/1.0" 304 - "-" "UA \"x\"""#
    let (results, events) = parse([line], format: .combined, fields: ["auth", "path", "bytes", "referer", "user_agent"])
    #expect(results == [.events(1)])
    #expect(events == [[.string("frank"), .string("/a\"b"), .null, .null, .string("UA \"x\"")]])
  }

  @Test(arguments: [
    // Apache line 8899: the user agent lacks its closing quote.
    #"46.118.127.106 - - [20/May/2015:12:05:17 +0000] "GET /scripts/grok-py-test/configlib.py HTTP/1.1" 200 235 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html"#,
    // NASA lines 38 and 39: one record split in two, and the truncated last line.
    #"uplherc.upl.com - - [01/Aug/1995:00:00:44 -0400] "GET /shuttle/missions"#,
    #"/sts-71/sts-71-patch-small.gif HTTP/1.0" 200 12054"#,
    "miriwo",
    #"host - - [01/Aug/1995:00:00:44 -0400 "GET / HTTP/1.0" 200 1"#,
    #"host - - [01/Aug/1995:00:00:44 -0400] "GET / HTTP/1.0" OK 1"#,
    #"host - - [01/Aug/1995:00:00:44 -0400] "GET / HTTP/1.0" 200"#,
  ])
  func rejectsMalformedLines(line: String) {
    let (results, events) = parse([line], format: .combined, fields: Self.names)
    #expect(reason(results[0]) == .malformedLogLine)
    #expect(events.isEmpty)
  }
}
