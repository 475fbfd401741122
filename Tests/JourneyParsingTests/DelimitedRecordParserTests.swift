import JourneyModel
import JourneyParsing
import Testing

@Suite struct DelimitedRecordParserTests {
  static let trivagoHeader =
    "user_id,session_id,timestamp,step,action_type,reference,platform,city,device,current_filters,impressions,prices"
  static let trivagoRow =
    #"018ULPKHFF1A,82cafdca18b3c,1541599523,1,interaction item image,5967314,FR,"Marseille, France",tablet,,,"#

  @Test func readsQuotedSeparatorsAndEmptyTrailingFields() {
    let (results, events) = parse(
      [Self.trivagoHeader, Self.trivagoRow], format: .csv, fields: ["city", "prices", "user_id", "nope"])
    #expect(results == [.header, .events(1)])
    #expect(events == [[.string("Marseille, France"), .string(""), .string("018ULPKHFF1A"), .missing]])
  }

  @Test(arguments: [
    (#"a,"say ""hi""",c"#, #"say "hi""#),
    ("a,\"two\nlines\",c", "two\nlines"),
    (#"a,"",c"#, ""),
    (#"a,b,c"#, "b"),
    (#"a,"x"y,c"#, "xy"),
  ])
  func unquotesFields(row: String, expected: String) {
    let (results, events) = parse(["one,two,three", row], format: .csv, fields: ["two"])
    #expect(results == [.header, .events(1)])
    #expect(events == [[.string(expected)]])
  }

  @Test func rejectsRowsWithTheWrongFieldCount() {
    let (results, events) = parse(["a,b,c", "1,2", "1,2,3,4", "1,2,3"], format: .csv, fields: ["a"])
    #expect(results[1] == .rejected(.wrongFieldCount, detail: "expected 3 fields, found 2"))
    #expect(results[2] == .rejected(.wrongFieldCount, detail: "expected 3 fields, found 4"))
    #expect(results[3] == .events(1))
    #expect(events.count == 1)
  }

  @Test func rejectsUnterminatedQuotes() {
    let (results, _) = parse(["a,b", #"1,"open"#], format: .csv, fields: ["a"])
    #expect(reason(results[1]) == .unterminatedQuote)
  }

  /// The REES46 header and first row, with their CRLF and a BOM.
  @Test func dropsBOMAndCarriageReturnsAndKeepsEmptyFieldsEmpty() {
    let header = "\u{FEFF}event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\r"
    let row = "2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,72d76fde-8bb3-4e00-8c23-a032dfed738c\r"
    let (results, events) = parse([header, row], format: .csv, fields: ["event_time", "category_code", "user_session"])
    #expect(results == [.header, .events(1)])
    #expect(events == [[.string("2019-10-01 00:00:00 UTC"), .string(""), .string("72d76fde-8bb3-4e00-8c23-a032dfed738c")]])
  }

  /// Diginetica: semicolons and `NA` for a missing user.
  @Test func readsSemicolonsWithNullMarkers() {
    let (results, events) = parse(
      ["session_id;user_id;item_id;timeframe;eventdate", "1;NA;81766;526309;2016-05-09"],
      format: .delimited(separator: UInt8(ascii: ";")), fields: ["user_id", "eventdate"],
      options: ParserOptions(nullMarkers: ["NA"]))
    #expect(results == [.header, .events(1)])
    #expect(events == [[.null, .string("2016-05-09")]])
  }

  @Test func readsTabsAndTrimsHeaderNames() {
    let (results, events) = parse([" \"a\"\tb ", "x y\t"], format: .tsv, fields: ["a", "b"])
    #expect(results == [.header, .events(1)])
    #expect(events == [[.string("x y"), .string("")]])
  }

  @Test func startsEachFileWithAHeader() {
    let schema = FieldSchema(["b"])
    var parser = DelimitedRecordParser(schema: schema)
    var fields = RecordFields(slotCount: 1)
    var seen: [String?] = []
    for (i, line) in ["a,b", "1,2", "b,a", "3,4"].enumerated() {
      if i == 2 { parser.startFile() }
      _ = Array(line.utf8).withUnsafeBytes { parser.parse($0, into: &fields) { seen.append($0.string(0)) } }
    }
    #expect(seen == ["2", "3"])
    #expect(parser.columnNames == ["b", "a"])
  }

  /// A requested column named twice takes the last one's values, as NDJSON's duplicate keys do, and
  /// the header reports it once (issue 10, item 12d).
  @Test func aDuplicateColumnTakesTheLastValue() {
    var parser = DelimitedRecordParser(schema: FieldSchema(["a", "b"]))
    var fields = RecordFields(slotCount: 2)
    var values: [String?] = []
    for line in ["a,b,a,c,c", "1,2,3,4,5", "6,7,8,9,10"] {
      _ = Array(line.utf8).withUnsafeBytes { parser.parse($0, into: &fields) { values.append($0.string(0)) } }
      #expect(parser.takeDuplicate() == (line.hasPrefix("a") ? #"column "a""# : nil), "\(line)")
    }
    #expect(values == ["3", "8"])
  }
}
