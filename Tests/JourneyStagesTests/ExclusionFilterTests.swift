import JourneyConfig
import JourneyModel
import JourneyStages
import Testing

@Suite struct ExclusionFilterTests {
  @Test func combinedPresetExcludesBotsAndStaticFiles() throws {
    let config = try #require(Preset.named("combined")).config
    var schema = FieldSchema()
    let filter = try ExclusionFilter(config: config, schema: &schema)
    #expect(!filter.isEmpty)
    let r = Records(schema: schema)
    #expect(filter.excludes(r.record(["user_agent": "Mozilla/5.0 (compatible; Googlebot/2.1)", "path": "/", "status": "200"])))
    #expect(filter.excludes(r.record(["user_agent": "Mozilla/5.0", "path": "/images/logo.PNG?v=2", "status": "200"])))
    #expect(filter.excludes(r.record(["user_agent": "Mozilla/5.0", "path": "/missing", "status": "404"])))
    #expect(!filter.excludes(r.record(["user_agent": "Mozilla/5.0", "path": "/blog/tags/puppet?flav=rss", "status": "200"])))
  }

  @Test func anEmptyExcludeListExcludesNothing() throws {
    let config = try ConfigLoader.parse(yaml: "input: {fields: {user: u, time: t}}\nstages: [a]\n", file: "e.yaml")
    var schema = FieldSchema()
    let filter = try ExclusionFilter(config: config, schema: &schema)
    #expect(filter.isEmpty)
    #expect(filter.slots.isEmpty)
    #expect(!filter.excludes(RecordFields(slotCount: schema.count)))
  }

  @Test func shopExampleExcludesCrawlersByUserAgent() throws {
    let yaml = "input: {fields: {user: u, time: t}}\nexclude:\n  - field: context.userAgent\n    regex: \"(?i)bot|crawler|spider\"\n  - {field: properties.test, equals: 'true'}\nstages: [a]\n"
    let config = try ConfigLoader.parse(yaml: yaml, file: "e.yaml")
    var schema = FieldSchema(["u", "t"])
    let filter = try ExclusionFilter(config: config, schema: &schema)
    #expect(schema.names == ["u", "t", "context.userAgent", "properties.test"])
    #expect(filter.slots == [2, 3])
    let r = Records(schema: schema)
    #expect(filter.excludes(r.record(["context.userAgent": "SomeSpider/1.0"])))
    #expect(filter.excludes(r.record(["properties.test": "true"])))
    #expect(!filter.excludes(r.record(["context.userAgent": "Safari"])))
  }
}
