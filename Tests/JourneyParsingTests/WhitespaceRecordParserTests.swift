import JourneyModel
import JourneyParsing
import Testing

@Suite struct WhitespaceRecordParserTests {
  /// The first lines of /work/shared/data/cdnow-master (CRLF line ends).
  @Test func readsCDNOWRecords() {
    let (results, events) = parse(
      [" customer_id  date number_of_cds  dollar_value\r", " 00001 19970101  1   11.77\r", "00002\t19970112 1 12.00   "],
      format: .whitespace, fields: ["customer_id", "date", "dollar_value"])
    #expect(results == [.header, .events(1), .events(1)])
    #expect(events == [
      [.string("00001"), .string("19970101"), .string("11.77")],
      [.string("00002"), .string("19970112"), .string("12.00")],
    ])
  }

  @Test func rejectsRowsWithTheWrongFieldCount() {
    let (results, _) = parse(["a b c", "1 2", "   "], format: .whitespace, fields: ["a"])
    #expect(results[1] == .rejected(.wrongFieldCount, detail: "expected 3 fields, found 2"))
    #expect(results[2] == .events(0))
  }
}
