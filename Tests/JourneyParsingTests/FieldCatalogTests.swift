import JourneyParsing
import Testing

@Suite struct FieldCatalogTests {
  func observe(_ catalog: inout FieldCatalog, _ lines: [String]) {
    for line in lines { Array(line.utf8).withUnsafeBytes { catalog.observe($0) } }
  }

  @Test func flattensJSONLeavesWithFillRatesAndExamples() {
    var catalog = FieldCatalog(format: .ndjson)
    observe(&catalog, [
      #"{"userId":"u1","context":{"page":{"url":"/a"}},"tags":["x","y","z","w"],"n":null}"#,
      #"{"userId":"u2","context":{"page":{"url":"/a"}},"n":""}"#,
      #"{"userId":"u3","broken":"#,
      #"{"event_params":[{"key":"page_location","value":{"string_value":"/p"}}],"items":[{"id":1}]}"#,
    ])
    #expect(catalog.records == 3)
    #expect(catalog.rejected == 1)
    #expect(catalog.fields.map(\.name) == [
      "userId", "context.page.url", "tags.0", "tags.1", "tags.2", "n",
      "event_params[key=page_location].value.string_value", "items.0.id",
    ])
    let user = catalog.fields[0]
    #expect(user.filled == 2 && user.examples == ["u1", "u2"])
    #expect(catalog.fields[1].filled == 2 && catalog.fields[1].examples == ["/a"])
    #expect(catalog.fields[5].filled == 0)
  }

  @Test func countsNestedEventsWithParentFields() {
    var catalog = FieldCatalog(format: .ndjson, eventsPath: "events")
    observe(&catalog, [NDJSONRecordParserTests.ottoLine])
    #expect(catalog.records == 2)
    #expect(catalog.fields.map(\.name) == ["aid", "ts", "type", "$parent.session"])
    #expect(catalog.fields.map(\.filled) == [2, 2, 2, 2])
  }

  @Test func readsColumnsOfDelimitedFiles() {
    var catalog = FieldCatalog(format: .delimited(separator: UInt8(ascii: ";")))
    observe(&catalog, ["session_id;user_id;item_id", "1;NA;81766", "1;;81767", "2;x"])
    #expect(catalog.records == 2)
    #expect(catalog.rejected == 1)
    #expect(catalog.fields.map(\.name) == ["session_id", "user_id", "item_id"])
    #expect(catalog.fields.map(\.filled) == [2, 1, 2])
  }

  @Test func namesAccessLogFields() {
    var catalog = FieldCatalog(format: .combined)
    observe(&catalog, [AccessLogRecordParserTests.apache])
    #expect(catalog.records == 1)
    #expect(catalog.fields.first { $0.name == "method" }?.examples == ["GET"])
    #expect(catalog.fields.first { $0.name == "ident" }?.filled == 0)
  }
}
