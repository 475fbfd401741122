import Foundation
import JourneyConfig
import JourneyIngest
import JourneyModel
import JourneyRender
import JourneyReports
import JourneySessions
import JourneyTestSupport
import Synchronization
import Testing

@testable import JourneyPipeline

/// The journey map's plumbing (SPEC §8): the config's `touchpoint:` and `journey_map:` reach the
/// engine — each stored event carries its touchpoint value in its attribute tuple, where
/// `ReportSettings.touchpointAttribute` says — the same on 1 or 2 threads and when spilled; the
/// effective config shows them; a touchpoint field no event has is a warning.
@Suite struct TouchpointPipelineTests {
  static let config = """
    input:
      format: ndjson
      fields:
        user: userId
        time: timestamp
        event: event
    stages: [view, buy]
    rules:
      - stage: buy
        event: Buy
      - stage: view
        event: View
    breakdown: [src]
    touchpoint: [page, event]
    journey_map: {top: 3, min_units: 2}

    """

  static let events = [
    #"{"userId":"a","timestamp":100,"event":"View","page":"/home","src":"g"}"#,
    #"{"userId":"a","timestamp":160,"event":"Buy"}"#,
    #"{"userId":"b","timestamp":50,"event":"View","page":""}"#,
    #"{"userId":"b","timestamp":70,"event":"Help","page":"/faq","src":"f"}"#,
    #"{"userId":"c","timestamp":90}"#,
  ]

  static func write(_ text: String, _ name: String, in folder: URL) throws -> String {
    let url = folder.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  static func settings(config: String, events: [String], folder: URL, threads: Int = 1) throws -> RunSettings {
    var settings = RunSettings()
    settings.configPath = try write(config, "journey.yaml", in: folder)
    settings.inputs = [try write(events.joined(separator: "\n") + "\n", "events.ndjson", in: folder)]
    settings.threads = threads
    settings.temporaryDirectory = folder.path
    return settings
  }

  /// Every stored event in input order: `ordinal time stage touchpoint`, through the engine's own inputs.
  static func storedTouchpoints(_ settings: RunSettings) throws -> (rows: [String], settings: ReportSettings) {
    let inputs = try ReportPipeline.ingest(settings)
    defer { TemporaryFiles.removeFolder(inputs.spillFolder) }
    let field = try #require(inputs.settings.touchpointAttribute)
    var rows: [(UInt64, String)] = []
    try inputs.store.forEachUserInOrder { events, _ in
      for event in events {
        let touchpoint = inputs.attributes.valueName(inputs.attributes.valueID(event.attributes, field: field))
        let stage = event.hasStage ? inputs.settings.stages[Int(event.stage)] : "-"
        rows.append((event.order, "\(event.order) \(event.time / 1_000_000) \(stage) \(touchpoint)"))
      }
    }
    inputs.store.removeTemporaryFiles()
    return (rows.sorted { $0.0 < $1.0 }.map(\.1), inputs.settings)
  }

  @Test func eachStoredEventCarriesItsTouchpointForTheEngine() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-touchpoint")
    defer { try? FileManager.default.removeItem(at: folder) }
    let (rows, settings) = try Self.storedTouchpoints(
      try Self.settings(config: Self.config, events: Self.events, folder: folder))
    // The first non-empty of page, event; the last user has neither.
    #expect(rows == ["0 100 view /home", "1 160 buy Buy", "2 50 view View", "3 70 - /faq", "4 90 - "])
    #expect(settings.touchpoint == "page | event")
    #expect(settings.touchpointAttribute == 1, "after the one breakdown field")
    #expect(settings.mapTop == 3)
    #expect(settings.liftMinUnits == 2)
    #expect(settings.breakdowns.map(\.field) == ["src"])
  }

  /// `ordinal stage touchpoint` of every stored event of a preset run.
  static func presetTouchpoints(_ preset: String, _ input: String) throws -> [String] {
    try presetTouchpoints(preset, TestPaths.repository.appendingPathComponent(input))
  }

  static func presetTouchpoints(_ preset: String, _ input: URL) throws -> [String] {
    var settings = RunSettings()
    settings.inputs = [input.path]
    settings.preset = preset
    return try storedTouchpoints(settings).rows.map { row in
      let parts = row.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
      return "\(parts[0]) \(parts[2])"
    }
  }

  @Test func segmentTakesAPagesPathElseTheEventName() throws {
    // Only the /blog page call has `properties.path`; the identify call has neither field.
    #expect(try Self.presetTouchpoints("segment", "Fixtures/presets/segment.ndjson") == [
      "0 awareness Page Viewed", "1 consideration Product Viewed", "2 decision Product Added", "3 purchase Order Completed",
      "4 awareness /blog", "5 consideration Product Viewed", "6 - ", "7 awareness Page Viewed",
    ])
  }

  @Test func accessLogsTakeTheRequestPath() throws {
    // The 404 (ordinal 4) is excluded; the query string stays.
    #expect(try Self.presetTouchpoints("combined", "Fixtures/e2e/access-combined.log") == [
      "0 visit /", "1 content /products/42", "2 visit /cart", "3 convert /checkout", "5 content /blog/post?a=1&b=2",
    ])
  }

  @Test func rees46TakesTheCategoryCode() throws {
    let rows = try Self.presetTouchpoints("rees46", "Fixtures/samples/rees46-2019-Oct-first2000rows.csv.gz")
    #expect(rows.count == 2_000)
    #expect(Array(rows.prefix(3)) == ["0 view ", "1 view appliances.environment.water_heater", "2 view furniture.living_room.sofa"])
    // Counted with Python's csv module on the same file.
    var pairs: [String: Int] = [:]
    for row in rows { pairs[String(row.drop { $0 != " " }.dropFirst()), default: 0] += 1 }
    #expect(pairs["view "] == 670)
    #expect(pairs["view electronics.smartphone"] == 604)
    #expect(pairs["purchase electronics.smartphone"] == 7)
    #expect(pairs["purchase electronics.audio.headphone"] == 5)
    #expect(pairs["purchase "] == 4)
    #expect(Set(rows.map { $0.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)[2] }).count == 71)
  }

  @Test func dataSetPresetsTakeTheirTouchpoint() throws {
    // OTTO: the article of each nested event (its `type` only repeats the stage).
    let otto = try Self.presetTouchpoints("otto", "Fixtures/samples/otto-train-sample.jsonl.gz")
    #expect(Array(otto.prefix(3)) == ["0 click 1517085", "1 click 1563459", "2 click 1309446"])
    guard let shared = TestPaths.sharedData else { return }
    // trivago: the action, finer than its stage.
    let trivago = try Self.presetTouchpoints(
      "trivago", shared.appendingPathComponent("trivago-recsys2019-val100k/trivago-recsys2019-validation-first100003rows.csv.gz"))
    #expect(Array(trivago.prefix(3)) == [
      "0 interaction interaction item image", "1 interaction interaction item rating", "2 clickout clickout item",
    ])
    #expect(Set(trivago.map { $0.split(separator: " ", maxSplits: 2)[2] }).count > 2)
    // DIGINETICA: the item viewed.
    let diginetica = try Self.presetTouchpoints(
      "diginetica", shared.appendingPathComponent("diginetica-cikm2016-sample/sample_train-item-views.csv.gz"))
    #expect(Array(diginetica.prefix(2)) == ["0 view 81766", "1 view 31331"])
  }

  @Test func oneTwoThreadsAndSpillingStoreTheSameTouchpoints() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-touchpoint")
    defer { try? FileManager.default.removeItem(at: folder) }
    let events = (0..<3_000).map { i in
      let page = i % 5 == 0 ? "" : #","page":"/p\#(i % 41)""#
      let source = i % 3 == 0 ? "" : #","src":"s\#(i % 4)""#
      let event = ["View", "Buy", "Help"][i % 3]
      return #"{"userId":"u\#(i % 97)","timestamp":\#(1_000 + (i * 7919) % 5_000),"event":"\#(event)"\#(page)\#(source)}"#
    }
    var one = try Self.settings(config: Self.config, events: events, folder: folder, threads: 1)
    let reference = try Self.storedTouchpoints(one).rows
    #expect(reference.count == 3_000)
    #expect(Set(reference.map { $0.split(separator: " ").last ?? "" }).count == 41 + 3)
    one.threads = 2
    one.ingestBlockBytes = 2_000
    #expect(try Self.storedTouchpoints(one).rows == reference, "2 threads, small blocks")
    one.memoryLimit = 4_096
    #expect(try Self.storedTouchpoints(one).rows == reference, "2 threads, spilled")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["events.ndjson", "journey.yaml"])
  }

  @Test func reportsOnOneAndTwoThreadsAreByteIdentical() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-touchpoint")
    defer { try? FileManager.default.removeItem(at: folder) }
    let events = (0..<2_000).map { i in
      #"{"userId":"u\#(i % 61)","timestamp":\#(1_000 + i * 13),"event":"\#(["View", "Buy"][i % 2])","page":"/p\#(i % 9)","src":"s\#(i % 3)"}"#
    }
    var settings = try Self.settings(config: Self.config, events: events, folder: folder)
    let one = try JSONReportRenderer.data(try ReportPipeline.run(settings).report)
    settings.threads = 2
    settings.ingestBlockBytes = 3_000
    let two = try JSONReportRenderer.data(try ReportPipeline.run(settings).report)
    #expect(one == two)
  }

  @Test func theReportsConfigShowsTheTouchpointAndTheMapSizes() throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-touchpoint")
    defer { try? FileManager.default.removeItem(at: folder) }
    let settings = try Self.settings(config: Self.config, events: Self.events, folder: folder)
    let json = try JSONReportRenderer.data(try ReportPipeline.run(settings).report)
    let report = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
    let config = try #require(report["config"] as? [String: Any])
    #expect(config["touchpoint"] as? [String] == ["page", "event"])
    let map = try #require(config["journey_map"] as? [String: Any])
    #expect(map["top"] as? Int == 3)
    #expect(map["min_units"] as? Int == 2)
  }

  @Test func theEnginesJourneyMapAndLiftReachTheReport() throws {
    var result = EngineResult(funnel: JourneyReport.Funnel(scope: "session", order: "ordered", steps: []))
    let rejects = JourneyReport.Rejects(count: 0, byReason: [:], samples: [])
    let config = try #require(Preset.named("rees46")).config
    let without = ReportPipeline.report(result, events: 0, excluded: 0, rejects: rejects, inputs: [], config: config)
    #expect(without.journeyMap == nil && without.lift == nil)
    let map = JourneyMap(
      touchpoint: "category_code", units: 3, entrants: 2, stages: [],
      noStage: JourneyMap.Touchpoints(events: 1, distinct: 1, values: []))
    let lift = Lift(successes: 1, failures: 1, minUnits: 25, above: [], below: [])
    result.journeyMap = map
    result.lift = lift
    let with = ReportPipeline.report(result, events: 4, excluded: 1, rejects: rejects, inputs: [], config: config)
    #expect(with.journeyMap == map)
    #expect(with.lift == lift)
    #expect(with.summary.events == 4 && with.summary.excluded == 1)
  }

  /// The warnings of a report run, the run's folder written `DIR`.
  static func warnings(config: String, events: [String]) throws -> [String] {
    let folder = TestPaths.temporaryDirectory("journey-e2e-touchpoint")
    defer { try? FileManager.default.removeItem(at: folder) }
    var settings = try Self.settings(config: config, events: events, folder: folder)
    let lines = Mutex<[String]>([])
    settings.warn = { line in lines.withLock { $0.append(line) } }
    _ = try ReportPipeline.run(settings)
    return lines.withLock { $0 }.map { $0.replacingOccurrences(of: folder.path, with: "DIR") }
  }

  /// A persona no user is in is a warning located at the persona, not a silent empty column.
  @Test func aPersonaNobodyIsInIsAWarning() throws {
    let config = Self.config + "personas:\n  - name: Some\n    did: { event: View }\n  - name: Typo\n    did: { event: Order Complete }\n"
    let warnings = try Self.warnings(config: config, events: Self.events)
    #expect(warnings == ["DIR/journey.yaml:19:5: warning: no user is in persona 'Typo' (none of the 3 users meets its condition)"])
  }

  @Test func aTouchpointFieldNoEventHasIsAWarning() throws {
    // Written in the config: located at its value.
    let missing = Self.config.replacingOccurrences(of: "touchpoint: [page, event]", with: "touchpoint: [pgae, evnet]")
    #expect(try Self.warnings(config: missing, events: Self.events) == [
      "DIR/journey.yaml:14:13: warning: no event has a value for the touchpoint field pgae | evnet; every touchpoint is (none)"
    ])
    // One value in one event is enough; no events at all is not this warning's business.
    let one = Self.config.replacingOccurrences(of: "touchpoint: [page, event]", with: "touchpoint: src")
    #expect(try Self.warnings(config: one, events: Self.events) == [])
    #expect(try Self.warnings(config: missing, events: []) == [])
    // Without breakdowns the touchpoint is the tuple's only field; with them (above) only its own field counts.
    let noBreakdown = missing.replacingOccurrences(of: "breakdown: [src]\n", with: "")
    #expect(try Self.warnings(config: noBreakdown, events: Self.events) == [
      "DIR/journey.yaml:13:13: warning: no event has a value for the touchpoint field pgae | evnet; every touchpoint is (none)"
    ])
    // The default touchpoint, and a preset's.
    let byDefault = Self.config.replacingOccurrences(of: "touchpoint: [page, event]\n", with: "")
    // (The rules took no event either: those warnings are SilentCaseWarningTests'.)
    #expect(try Self.warnings(config: byDefault, events: [#"{"userId":"a","timestamp":1}"#]).filter { $0.contains("touchpoint") } == [
      "warning: no event has a value for the touchpoint field event (the event field, the default touchpoint); every touchpoint is (none)"
    ])
    let rees46 = [
      "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session",
      "2019-10-01 00:00:00 UTC,view,1,2,,acme,1.00,7,s1",
    ]
    #expect(try Self.warnings(config: "input: {preset: rees46}\n", events: rees46).filter { $0.contains("touchpoint") } == [
      "warning: no event has a value for the touchpoint field category_code (the touchpoint of preset rees46); every touchpoint is (none)"
    ])
  }

  @Test func validateAndTheEngineSettingsNameTheTouchpoint() throws {
    try JourneyCLI.requireBinary()
    let folder = TestPaths.temporaryDirectory("journey-e2e-touchpoint")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try Self.write(Self.config, "journey.yaml", in: folder)
    let result = try JourneyCLI.run(["validate", "-c", path])
    #expect(result.status == 0)
    #expect(result.stdoutText == "\(path): ok (2 stages, 2 rules, funnel ordered by session, touchpoint page | event)\n")
    let none = try Self.write("input: {preset: cdnow}\n", "cdnow.yaml", in: folder)
    #expect(try JourneyCLI.run(["validate", "-c", none]).stdoutText.hasSuffix(", no touchpoint)\n"))
    let cdnow = try #require(Preset.named("cdnow")).config.reportSettings
    #expect(cdnow.touchpointAttribute == nil)
    #expect(cdnow.touchpoint == "(none)")
    let bad = try Self.write(
      Self.config.replacingOccurrences(of: "{top: 3,", with: "{top: 0,"), "bad.yaml", in: folder)
    let failed = try JourneyCLI.run(["validate", "-c", bad])
    #expect(failed.status == 1)
    #expect(failed.stderr.contains("Error: \(bad):15:20: journey_map.top expected a positive whole number, found '0'"))
  }
}
