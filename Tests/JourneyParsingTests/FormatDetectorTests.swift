import JourneyParsing
import Testing

@Suite struct FormatDetectorTests {
  /// The first line of each data set in /work/shared/data (inlined so the test needs no data folder).
  @Test(arguments: [
    (#"{"session":0,"events":[{"aid":1517085,"ts":1659304800025,"type":"clicks"}]}"#, RecordFormat.ndjson),
    (#"83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36""#, .combined),
    (#"in24.inetnebr.com - - [01/Aug/1995:00:00:01 -0400] "GET /shuttle/missions/sts-68/news/sts-68-mcc-05.txt HTTP/1.0" 200 1839"#, .common),
    (" customer_id  date number_of_cds  dollar_value\r", .whitespace),
    ("session_id;user_id;item_id;timeframe;eventdate", .delimited(separator: UInt8(ascii: ";"))),
    ("event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\r", .csv),
    ("user_id,session_id,timestamp,step,action_type,reference,platform,city,device,current_filters,impressions,prices", .csv),
    ("\u{FEFF}a\tb\tc", .tsv),
    ("single", .csv),
  ])
  func detectsTheFormatOfAFirstLine(line: String, expected: RecordFormat) {
    #expect(FormatDetector.detect(firstLine: Array(line.utf8)) == expected)
  }

  @Test func findsNothingInABlankLine() {
    #expect(FormatDetector.detect(firstLine: Array("  \r".utf8)) == nil)
  }

  @Test(arguments: [
    ("ndjson", nil, RecordFormat.ndjson), ("jsonl", nil, .ndjson), ("json", nil, .ndjson), ("csv", nil, .csv),
    ("tsv", nil, .tsv), ("csv", ";", .delimited(separator: UInt8(ascii: ";"))), ("csv", "\\t", .tsv),
    ("combined", nil, .combined), ("common", nil, .common), ("whitespace", nil, .whitespace),
  ] as [(String, String?, RecordFormat)])
  func namesFormats(name: String, separator: String?, expected: RecordFormat) {
    #expect(RecordFormat(name: name, separator: separator) == expected)
  }

  @Test func describesFormats() {
    #expect(RecordFormat(name: "auto") == nil)
    #expect(RecordFormat(name: "csv", separator: "ab") == nil)
    #expect([RecordFormat.ndjson, .csv, .tsv, .delimited(separator: 59), .combined, .common, .whitespace].map(\.description)
      == ["ndjson", "csv", "tsv", "csv (;)", "combined", "common", "whitespace"])
  }
}
