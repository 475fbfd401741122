import Foundation
import JourneyModel
import JourneyPipeline
import JourneyRender
import JourneyTestSupport
import PropertyBased
import Testing

/// SPEC §9 through the whole pipeline: membership by hand on tiny inputs, each persona's section
/// equal to the report of its users alone, and the sections independent of line order, threads
/// and spilling.
@Suite struct PersonaReportTests {
  static let stagesAndRules = """
    input:
      format: ndjson
      fields:
        user: userId
        time: timestamp
        event: event
    sessions:
      timeout: 30m
    stages: [view, cart, checkout, purchase]
    rules:
      - stage: purchase
        event: Order Completed
      - stage: checkout
        event: Checkout Started
      - stage: cart
        event: Product Added
      - stage: view
        event: Product Viewed
    touchpoint: page

    """

  static let personas = """
    personas:
      - name: Google first
        first_touch: { field: source, equals: google }
      - name: Browser
        did: { event: Product Viewed, at_least: 2, within: 10m }
      - name: Buyer not from Google
        all:
          - not: { first_touch: { field: source, equals: google } }
          - did: { event: Order Completed }

    """

  static func funnel(scope: String) -> String { "funnel:\n  scope: \(scope)\n  order: ordered\n" }

  /// Runs the report on `lines` through the library; the JSON as a dictionary.
  static func report(
    config: String, lines: [String], folder: URL, name: String, threads: Int = 1, memory: Int? = nil,
    batch: Int? = nil, checker: ReportChecker
  ) throws -> [String: Any] {
    let configURL = folder.appendingPathComponent("\(name).yaml")
    let input = folder.appendingPathComponent("\(name).ndjson")
    try Data(config.utf8).write(to: configURL)
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: input)
    var settings = RunSettings()
    settings.configPath = configURL.path
    settings.inputs = [input.path]
    settings.threads = threads
    settings.memoryLimit = memory
    settings.userBatchLimit = batch
    settings.temporaryDirectory = folder.path
    settings.warn = { _ in }
    return try checker.add(try JSONReportRenderer.data(try ReportPipeline.run(settings).report), name)
  }

  static func personaSections(_ report: [String: Any]) -> [[String: Any]] {
    report["personas"] as? [[String: Any]] ?? []
  }

  // MARK: - By hand

  /// u1: first source empty, then google (decides: Google first); two views 10 min apart exactly
  /// (the window's closed edge: Browser). u2: google later, after a first value of bing (not Google
  /// first); buys (Buyer not from Google). u3: views 10m01s apart (not Browser), no source: no persona.
  static let handLines = [
    #"{"userId":"u1","timestamp":1000,"event":"Page Viewed","source":"","page":"/"}"#,
    #"{"userId":"u1","timestamp":1060,"event":"Product Viewed","source":"google","page":"/p/1"}"#,
    #"{"userId":"u1","timestamp":1660,"event":"Product Viewed","page":"/p/2"}"#,
    #"{"userId":"u1","timestamp":1700,"event":"Product Added","page":"/p/2"}"#,
    #"{"userId":"u2","timestamp":1000,"event":"Product Viewed","source":"bing","page":"/p/1"}"#,
    #"{"userId":"u2","timestamp":1100,"event":"Product Added","source":"google","page":"/p/1"}"#,
    #"{"userId":"u2","timestamp":1200,"event":"Checkout Started","page":"/checkout"}"#,
    #"{"userId":"u2","timestamp":1300,"event":"Order Completed","page":"/done"}"#,
    #"{"userId":"u3","timestamp":1000,"event":"Product Viewed","page":"/p/3"}"#,
    #"{"userId":"u3","timestamp":1601,"event":"Product Viewed","page":"/p/3"}"#,
  ]

  @Test func membershipAndSectionsByHand() throws {
    let checker = ReportChecker()
    let folder = TestPaths.temporaryDirectory("journey-e2e-personas-hand")
    defer { try? FileManager.default.removeItem(at: folder) }
    let report = try Self.report(
      config: Self.stagesAndRules + Self.funnel(scope: "user") + Self.personas, lines: Self.handLines, folder: folder,
      name: "hand", checker: checker)
    checker.validateAll()
    let sections = Self.personaSections(report)
    #expect(sections.map { $0["name"] as? String } == ["Google first", "Browser", "Buyer not from Google", "(no persona)"])
    #expect(sections.map { $0["users"] as? Int } == [1, 1, 1, 1])
    // u1 reached cart; u2 purchase; u3 view.
    let stepUnits = sections.map { section in
      ((section["funnel"] as? [String: Any])?["steps"] as? [[String: Any]])?.map { $0["units"] as? Int ?? -1 }
    }
    #expect(stepUnits == [[1, 1, 0, 0], [1, 1, 0, 0], [1, 1, 1, 1], [1, 0, 0, 0]])
    // Google first against u2 and u3: purchase 0 of 1 against 1 of 2; too few units for a p-value.
    let versus = try #require(sections[0]["versus_rest"] as? [[String: Any]])
    #expect(versus.map { $0["rest_units"] as? Int } == [2, 1, 1, 1])
    #expect(versus.map { $0["rest_entrants"] as? Int } == [2, 2, 2, 2])
    #expect(versus[3]["difference_points"] as? Double == -50)
    #expect(versus.allSatisfy { $0["p_value"] is NSNull && $0["significant"] as? Bool == false })
    let interval = try #require(versus[1]["interval"] as? [String: Any])
    #expect(interval["upper"] as? Double == 1)
    let overlap = try #require(report["persona_overlap"] as? [String: Any])
    #expect(overlap["personas"] as? [String] == ["Google first", "Browser", "Buyer not from Google"])
    #expect(overlap["users"] as? [[Int]] == [[1, 1, 0], [1, 1, 0], [0, 0, 1]])
  }

  /// `at_most` and a persona in two places of the tree; a user in two personas counts in both.
  @Test func atMostAndOverlap() throws {
    let checker = ReportChecker()
    let folder = TestPaths.temporaryDirectory("journey-e2e-personas-atmost")
    defer { try? FileManager.default.removeItem(at: folder) }
    let personas = """
      personas:
        - name: One view at most
          did: { event: Product Viewed, at_most: 1 }
        - name: Viewer
          any:
            - did: { event: Product Viewed }
            - first_touch: { field: source, equals: google }

      """
    let report = try Self.report(
      config: Self.stagesAndRules + Self.funnel(scope: "session") + personas, lines: Self.handLines,
      folder: folder, name: "atmost", checker: checker)
    checker.validateAll()
    // u1 and u3 viewed twice; u2 once: u2 in both, u1 and u3 only Viewer.
    #expect(Self.personaSections(report).map { $0["users"] as? Int } == [1, 3, 0])
    let overlap = try #require(report["persona_overlap"] as? [String: Any])
    #expect(overlap["users"] as? [[Int]] == [[1, 1], [1, 3]])
  }

  // MARK: - Each persona is the report of its users alone

  static let events = ["Product Viewed", "Product Added", "Checkout Started", "Order Completed", "Help Viewed"]
  static let sources = ["google", "bing", ""]

  /// Lines for up to 12 users with distinct per-user instants; the persona of each user computed
  /// here, independently of the engine.
  static func lines(seed: UInt64) -> (lines: [String], users: [String: Set<String>]) {
    var random = SplitMix64(seed: seed)
    let count = Int.random(in: 60...200, using: &random)
    var clocks: [Int: Int] = [:]
    var rows: [(user: Int, time: Int, event: String, source: String?)] = []
    for _ in 0..<count {
      let user = Int.random(in: 1...12, using: &random)
      let time = (clocks[user] ?? 1_793_520_000 + Int.random(in: 0...7200, using: &random)) + Int.random(in: 1...900, using: &random)
      clocks[user] = time
      let source: String? = Int.random(in: 0...2, using: &random) == 0 ? sources.randomElement(using: &random)! : nil
      rows.append((user, time, events.randomElement(using: &random)!, source))
    }
    var membership: [String: Set<String>] = [:]
    for user in Set(rows.map(\.user)) {
      let own = rows.filter { $0.user == user }.sorted { $0.time < $1.time }
      let first = own.first { ($0.source ?? "").isEmpty == false }?.source
      let google = first == "google"
      let views = own.filter { $0.event == "Product Viewed" }.map(\.time)
      let browser = views.indices.contains { i in views[i...].prefix { $0 - views[i] <= 600 }.count >= 2 }
      let buyer = !google && own.contains { $0.event == "Order Completed" }
      var names: Set<String> = []
      if google { names.insert("Google first") }
      if browser { names.insert("Browser") }
      if buyer { names.insert("Buyer not from Google") }
      membership["g\(user)"] = names.isEmpty ? ["(no persona)"] : names
    }
    let lines = rows.map { row in
      let source = row.source.map { ",\"source\":\"\($0)\"" } ?? ""
      return "{\"userId\":\"g\(row.user)\",\"event\":\"\(row.event)\",\"timestamp\":\(row.time),\"page\":\"/p\(row.time % 5)\"\(source)}"
    }
    return (lines, membership)
  }

  /// What a persona section shares with a whole report.
  static func comparable(section: [String: Any]) -> NSDictionary {
    var keep: [String: Any] = [:]
    for key in ["funnel", "transitions", "entries", "exits", "paths", "journey_map", "lift"] { keep[key] = section[key] }
    for key in ["users", "sessions", "units", "units_without_stage"] { keep[key] = section[key] }
    return keep as NSDictionary
  }

  static func comparable(whole report: [String: Any]) -> NSDictionary {
    var keep: [String: Any] = [:]
    for key in ["funnel", "transitions", "entries", "exits", "paths", "journey_map", "lift"] { keep[key] = report[key] }
    let summary = report["summary"] as? [String: Any] ?? [:]
    for key in ["users", "sessions", "units", "units_without_stage"] { keep[key] = summary[key] }
    return keep as NSDictionary
  }

  @Test(arguments: ["session", "user"])
  func eachPersonaIsTheReportOfItsUsersAlone(scope: String) async throws {
    let checker = ReportChecker()
    let folder = TestPaths.temporaryDirectory("journey-e2e-personas-filter-\(scope)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = Self.stagesAndRules + Self.funnel(scope: scope)
    await propertyCheck(count: 6, input: Gen.int(in: 0...Int.max)) { seed in
      let (lines, membership) = Self.lines(seed: UInt64(seed))
      let report = try Self.report(
        config: config + Self.personas, lines: lines, folder: folder, name: "all-\(seed)", checker: checker)
      for section in Self.personaSections(report) {
        let name = try #require(section["name"] as? String)
        let users = Set(membership.filter { $0.value.contains(name) }.keys)
        #expect(section["users"] as? Int == users.count, "seed \(seed) \(name)")
        guard !users.isEmpty else { continue }
        let own = lines.filter { line in users.contains { line.contains("\"userId\":\"\($0)\"") } }
        let alone = try Self.report(
          config: config, lines: own, folder: folder, name: "alone-\(seed)", checker: checker)
        #expect(Self.comparable(section: section) == Self.comparable(whole: alone), "seed \(seed) persona \(name)")
      }
      // The rest of each persona is the whole minus the persona.
      let wholeSteps = ((report["funnel"] as? [String: Any])?["steps"] as? [[String: Any]])?.map { $0["units"] as? Int ?? -1 } ?? []
      for section in Self.personaSections(report) {
        let versus = section["versus_rest"] as? [[String: Any]] ?? []
        let sum = versus.map { ($0["units"] as? Int ?? -1) + ($0["rest_units"] as? Int ?? -1) }
        #expect(sum == wholeSteps, "seed \(seed)")
      }
    }
    checker.validateAll()
  }

  // MARK: - Independent of order, threads, spilling and batches

  @Test func sectionsDoNotDependOnLineOrderThreadsOrSpilling() async throws {
    let checker = ReportChecker()
    let folder = TestPaths.temporaryDirectory("journey-e2e-personas-invariance")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = Self.stagesAndRules + Self.funnel(scope: "user") + "  window: 20m\n" + Self.personas
      + "breakdown:\n  - field: source\n"
    await propertyCheck(count: 5, input: Gen.int(in: 0...Int.max)) { seed in
      let lines = Self.lines(seed: UInt64(seed)).lines
      var random = SplitMix64(seed: UInt64(seed) ^ 0x9E37)
      // Without the config and the warnings, which name the config file (one per variant).
      var baseReport = try Self.report(config: config, lines: lines, folder: folder, name: "base", checker: checker)
      baseReport.removeValue(forKey: "warnings")
      let base = E2E.comparable(baseReport, dropConfig: true)
      #expect((base["personas"] as? [Any])?.count == 4)
      let variants: [(String, [String], Int, Int?, Int?)] = [
        ("shuffled", lines.shuffled(using: &random), 1, nil, nil),
        ("threads", lines, 2, nil, nil),
        // 2 KiB hold about 70 events: the store spills sorted runs, which both passes read; batches
        // of 3 split users across batches.
        ("spilled", lines.shuffled(using: &random), 2, 2048, 3),
      ]
      for (name, variant, threads, memory, batch) in variants {
        var otherReport = try Self.report(
          config: config, lines: variant, folder: folder, name: name, threads: threads, memory: memory, batch: batch,
          checker: checker)
        otherReport.removeValue(forKey: "warnings")
        let other = E2E.comparable(otherReport, dropConfig: true)
        #expect(other == base, "seed \(seed) \(name)")
      }
    }
    checker.validateAll()
  }
}
