import Foundation
import JourneyIngest
import JourneyInput
import JourneyModel
import JourneyPipeline
import JourneyRender
import JourneyReports
import JourneyTestSupport
import Testing

/// SPEC §12: partial reports of user-disjoint partitions (`--partition K/N`) merged in any order
/// give the bytes of one run over all the inputs, in every format; every refusal of `journey merge`
/// with its message.
@Suite struct PartialMergeTests {
  /// Random events of `users` users over 40 days: some without a user, some unparseable, a few
  /// `Page Viewd` typos, sources, devices and pages; NDJSON or CSV.
  static func lines(seed: UInt64, count: Int, users: Int, csv: Bool) -> [String] {
    var random = SplitMix64(seed: seed)
    let events = ["Page Viewed", "Product Viewed", "Product Added", "Checkout Started", "Order Completed", "Signed Up"]
    let sources = ["google", "bing", "newsletter", "", "face\u{301}book"]
    let devices = ["mobile", "desktop", ""]
    let start = 1_793_491_200  // 2026-11-01
    var lines = csv ? ["userId,timestamp,event,source,device,page"] : []
    for index in 0..<count {
      let user = random.below(10) == 0 ? "" : "u\(random.below(users))"
      let time = start + random.below(40 * 86_400)
      let stamp = Timestamp.iso8601(Int64(time) * 1_000_000 + Int64(random.below(3)) * 250_000)
      let event = events[min(random.below(events.count + 1), events.count - 1)]
      let (source, device) = (sources[random.below(sources.count)], devices[random.below(devices.count)])
      let page = "/p/\(random.below(30))"
      if index % 97 == 5 {
        lines.append(csv ? "\"unclosed,\(stamp)" : "{\"userId\": \"\(user)\", \"timestamp\": ")
        continue
      }
      if csv {
        lines.append("\(user),\(stamp),\(event),\(source),\(device),\(page)")
      } else {
        let userPart = user.isEmpty ? "" : "\"userId\":\"\(user)\","
        lines.append(
          "{\(userPart)\"timestamp\":\"\(stamp)\",\"event\":\"\(event)\",\"source\":\"\(source)\",\"device\":\"\(device)\",\"page\":\"\(page)\"}")
      }
    }
    return lines
  }

  /// The config variants: session scope with a breakdown; user scope with a window (units still in
  /// progress at a partial's end), touchpoint, breakdowns and personas; `order: any`.
  static func config(_ variant: Int, csv: Bool) -> String {
    let input = """
      input:
        format: \(csv ? "csv" : "ndjson")
        fields:
          user: userId
          time: timestamp
          event: event
      stages: [view, cart, checkout, purchase]
      rules:
        - stage: purchase
          event: Order Completed
        - stage: checkout
          event: Checkout Started
        - stage: cart
          event: Product Added
        - stage: view
          event: [Product Viewed, Page Viewed]
        - stage: view
          event: Page Viewd

      """
    switch variant {
    case 0:
      return input + """
        sessions:
          timeout: 30m
        funnel:
          scope: session
        breakdown:
          - field: source
            top: 2
        report:
          top_paths: 5
          max_path_length: 3

        """
    case 1:
      return input + """
        funnel:
          scope: user
          window: 9d
        touchpoint: page
        breakdown:
          - field: source
            top: 2
          - field: device
        personas:
          - name: Google first
            first_touch: { field: source, equals: google }
          - name: Browser
            did: { event: Product Viewed, at_least: 2, within: 3d }

        """
    default:
      return input + """
        funnel:
          scope: user
          order: any
          window: 30d
        touchpoint: source
        dedupe: false

        """
    }
  }

  struct Fixture {
    let folder: URL
    let config: URL
    let inputs: [URL]
  }

  /// Writes the events split over `files` files in line order (each user in several files).
  static func fixture(seed: UInt64, variant: Int, csv: Bool, files: Int, label: String) throws -> Fixture {
    let folder = TestPaths.temporaryDirectory("journey-partial-\(label)")
    let config = folder.appendingPathComponent("journey.yaml")
    try Data(Self.config(variant, csv: csv).replacingOccurrences(of: "\ndedupe: false\n", with: "\n").utf8).write(to: config)
    var all = lines(seed: seed, count: 700, users: 60, csv: csv)
    let header = csv ? all.removeFirst() : nil
    var inputs: [URL] = []
    let per = (all.count + files - 1) / files
    for file in 0..<files {
      let url = folder.appendingPathComponent("events-\(file).\(csv ? "csv" : "ndjson")")
      let part = all[min(all.count, file * per)..<min(all.count, (file + 1) * per)]
      try Data(((header.map { [$0] } ?? []) + part).map { $0 + "\n" }.joined().utf8).write(to: url)
      inputs.append(url)
    }
    return Fixture(folder: folder, config: config, inputs: inputs)
  }

  static func settings(_ fixture: Fixture, partition: String? = nil, inputs: [URL]? = nil) -> RunSettings {
    var settings = RunSettings()
    settings.configPath = fixture.config.path
    settings.inputs = (inputs ?? fixture.inputs).map(\.path)
    settings.threads = 2
    settings.temporaryDirectory = fixture.folder.path
    settings.warn = { _ in }
    settings.partition = partition.flatMap(UserPartition.init)
    return settings
  }

  /// Writes the partial of `--partition claim` (nil: every user) and returns its path.
  static func writePartial(
    _ fixture: Fixture, claim: String?, inputs: [URL]? = nil, base64: Bool = false, name: String
  ) throws -> String {
    var settings = settings(fixture, partition: claim, inputs: inputs)
    settings.writesPartial = true
    let partial = try #require(try ReportPipeline.run(settings).partial)
    let path = fixture.folder.appendingPathComponent(name).path
    if base64 {
      try Data(try partial.base64Line().utf8).write(to: URL(fileURLWithPath: path))
    } else {
      try Data(try partial.encoded()).write(to: URL(fileURLWithPath: path))
    }
    return path
  }

  static func merge(_ paths: [String], allowMissing: Bool = false) throws(JourneyError) -> MergePipeline.Outcome {
    try MergePipeline.run(paths: paths, allowMissing: allowMissing, warn: { _ in })
  }

  static func refusal(_ paths: [String], allowMissing: Bool = false) -> JourneyError? {
    do {
      _ = try merge(paths, allowMissing: allowMissing)
      return nil
    } catch {
      return error
    }
  }

  // MARK: - Exactness

  /// Random inputs (NDJSON and CSV, three configs), random N in 1…8, partials merged in a random
  /// order: the JSON is the single run's, byte for byte; so is every other format.
  @Test(arguments: 0..<6)
  func mergedPartitionsAreTheSingleRun(seed: Int) throws {
    let (variant, csv) = (seed % 3, seed % 2 == 1)
    let fixture = try Self.fixture(seed: UInt64(seed) &* 7919 &+ 11, variant: variant, csv: csv, files: 3, label: "exact")
    defer { try? FileManager.default.removeItem(at: fixture.folder) }
    let single = try ReportPipeline.run(Self.settings(fixture)).report
    let expected = try JSONReportRenderer.render(single)
    var random = SplitMix64(seed: UInt64(seed) + 100)
    for n in [1, 1 + random.below(4), 5 + random.below(4)] {
      var paths = try (0..<n).map { k in
        try Self.writePartial(fixture, claim: "\(k)/\(n)", base64: k % 2 == 1, name: "part-\(n)-\(k).jpart")
      }
      paths.shuffle(using: &random)
      let merged = try Self.merge(paths).report
      #expect(try JSONReportRenderer.render(merged) == expected, "seed \(seed), variant \(variant), csv \(csv), N = \(n)")
      #expect(merged.summary.partition == nil)
      if n == 3 || seed == 0 {
        for format in [OutputFormat.table, .csv, .markdown, .html] {
          let options = RenderOptions(width: 120, title: single.title ?? "")
          #expect(
            try ReportRenderer.render(merged, as: format, options: options)
              == ReportRenderer.render(single, as: format, options: options), "\(format), N = \(n)")
        }
      }
    }
    // The rejects and the warnings made it through (they are part of the bytes compared above).
    #expect(single.rejects.count > 0)
    #expect(single.warnings?.contains { $0.kind == "rule-matched-nothing" } == true)
  }

  /// A `dedupe:` or `new_on_change` field no event has is a warning of the merged report as of the
  /// single run; a field only one user has (so some partitions never see it) is none: the facts
  /// merge by "any part had a value". A partial without these facts (written before them) reads
  /// as having the values.
  @Test func fieldsNoEventHasAreWarnedAfterTheMerge() throws {
    let fixture = try Self.fixture(seed: 9, variant: 0, csv: false, files: 2, label: "fields")
    defer { try? FileManager.default.removeItem(at: fixture.folder) }
    let config = try String(contentsOf: fixture.config, encoding: .utf8)
      .replacingOccurrences(of: "  timeout: 30m\n", with: "  timeout: 30m\n  new_on_change: campaign\n") + "dedupe: messageId\n"
    try Data(config.utf8).write(to: fixture.config)
    let kinds = ["dedupe-field-missing", "new-on-change-field-missing"]
    func check(expectWarnings: Bool, _ label: String) throws {
      let single = try ReportPipeline.run(Self.settings(fixture)).report
      #expect(kinds.allSatisfy { kind in single.warnings?.contains { $0.kind == kind } == expectWarnings }, "\(label)")
      let paths = try (0..<3).map { k in try Self.writePartial(fixture, claim: "\(k)/3", name: "\(label)-\(k).jpart") }
      let merged = try Self.merge(paths).report
      #expect(try JSONReportRenderer.render(merged) == JSONReportRenderer.render(single), "\(label)")
    }
    try check(expectWarnings: true, "none")
    // One user's lines get both fields: one partition of three has values, two have none.
    for url in fixture.inputs {
      let text = try String(contentsOf: url, encoding: .utf8)
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
        line.hasPrefix(#"{"userId":"u7","#)
          ? line.replacingOccurrences(of: #"{"userId":"u7","#, with: #"{"userId":"u7","campaign":"c","messageId":"m","#) : String(line)
      }
      try Data(lines.joined(separator: "\n").utf8).write(to: url)
    }
    #expect(try String(contentsOf: fixture.inputs[0], encoding: .utf8).contains(#""messageId":"m""#))
    try check(expectWarnings: false, "one-user")
    // A partial written before the two facts: its JSON lacks them.
    let path = try Self.writePartial(fixture, claim: "0/3", name: "old.jpart")
    var partial = try PartialReport.decode(Array(try Data(contentsOf: URL(fileURLWithPath: path))), name: path)
    partial.facts.dedupeHasValue = false
    partial.facts.sessionChangeHasValue = false
    var facts = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(partial.facts)) as? [String: Any])
    #expect(facts["dedupeHasValue"] as? Bool == false)
    facts["dedupeHasValue"] = nil
    facts["sessionChangeHasValue"] = nil
    let old = try JSONDecoder().decode(IngestFacts.self, from: try JSONSerialization.data(withJSONObject: facts))
    #expect(old.dedupeHasValue && old.sessionChangeHasValue)
  }

  /// A partial of every user, finished alone, is the single run; a partition's partial finished
  /// alone is the `--partition` run (the report a `-f partial` run writes beside the partial).
  @Test func aPartialFinishedAloneIsItsRun() throws {
    let fixture = try Self.fixture(seed: 5, variant: 1, csv: false, files: 2, label: "alone")
    defer { try? FileManager.default.removeItem(at: fixture.folder) }
    for claim in [nil, "1/3"] {
      var settings = Self.settings(fixture, partition: claim)
      let plain = try JSONReportRenderer.render(try ReportPipeline.run(settings).report)
      settings.writesPartial = true
      let outcome = try ReportPipeline.run(settings)
      #expect(try JSONReportRenderer.render(outcome.report) == plain, "claim \(claim ?? "none")")
      #expect(outcome.partial?.partition == claim)
    }
  }

  /// Units in progress are decided against the merged end: a partition whose own data ends
  /// earlier than another's still counts a unit in progress only if the merged data ends within
  /// its window.
  @Test func unitsInProgressAreDecidedAgainstTheMergedEnd() throws {
    let fixture = try Self.fixture(seed: 9, variant: 1, csv: false, files: 1, label: "progress")
    defer { try? FileManager.default.removeItem(at: fixture.folder) }
    let single = try ReportPipeline.run(Self.settings(fixture)).report
    let parts = try (0..<4).map { try Self.writePartial(fixture, claim: "\($0)/4", name: "p\($0).jpart") }
    let decoded = try parts.map { try PartialReport.decode(Array(try Data(contentsOf: URL(fileURLWithPath: $0))), name: $0) }
    let ends = decoded.compactMap(\.engine.lastEvent)
    #expect(Set(ends).count > 1, "the partitions end at different times")
    #expect(decoded.contains { !$0.engine.whole.undecidedIsEmpty }, "some unit waits for the merged end")
    let merged = try Self.merge(parts).report
    #expect(merged.funnel.steps.map(\.inProgress) == single.funnel.steps.map(\.inProgress))
    #expect(merged.funnel.steps.map(\.dropped) == single.funnel.steps.map(\.dropped))
    #expect(single.funnel.steps.contains { $0.inProgress > 0 })
  }

  /// Every partial follows `schema/journey-partial-1.schema.json` (personas, breakdowns,
  /// undecided units, rejects and a partition claim all present).
  @Test func partialsFollowTheirSchema() throws {
    let fixture = try Self.fixture(seed: 12, variant: 1, csv: false, files: 2, label: "schema")
    defer { try? FileManager.default.removeItem(at: fixture.folder) }
    var documents: [(label: String, json: Data)] = []
    for claim in [nil, "0/2", "1/2"] {
      let path = try Self.writePartial(fixture, claim: claim, name: "s-\(documents.count).jpart")
      let bytes = try GzipData.decompress(Array(try Data(contentsOf: URL(fileURLWithPath: path))), name: path)
      documents.append((path, Data(bytes)))
    }
    try SchemaValidation.validate(
      documents, schema: TestPaths.repository.appendingPathComponent("schema/journey-partial-1.schema.json"))
  }

  // MARK: - Refusals

  @Test func filesSplitByTimeAreRefusedNotCountedTwice() throws {
    let fixture = try Self.fixture(seed: 3, variant: 0, csv: false, files: 2, label: "time")
    defer { try? FileManager.default.removeItem(at: fixture.folder) }
    let early = try Self.writePartial(fixture, claim: nil, inputs: [fixture.inputs[0]], name: "early.jpart")
    let late = try Self.writePartial(fixture, claim: nil, inputs: [fixture.inputs[1]], name: "late.jpart")
    let error = try #require(Self.refusal([early, late]))
    #expect(error.exitStatus == 1)
    #expect(error.message.contains("read different inputs"), "\(error.message)")
    // The same inputs twice: both cover every user.
    let whole = try Self.writePartial(fixture, claim: nil, name: "whole.jpart")
    let again = try Self.writePartial(fixture, claim: nil, name: "again.jpart")
    #expect(
      Self.refusal([whole, again])?.message
        == "\(whole) covers every user (no --partition) and \(again) every user too: the claims overlap, so their users would be counted twice")
    // The same partial of every user twice (one file named twice): refused, not a crash.
    #expect(
      Self.refusal([whole, whole])?.message
        == "\(whole) covers every user (no --partition) and \(whole) every user too: the claims overlap, so their users would be counted twice")
    let zero = try Self.writePartial(fixture, claim: "0/2", name: "zero.jpart")
    #expect(Self.refusal([zero, whole])?.message.contains("covers every user (no --partition) and \(zero) partition 0/2") == true)
    // Partitions of files split by time: the inputs differ.
    let zeroEarly = try Self.writePartial(fixture, claim: "0/2", inputs: [fixture.inputs[0]], name: "zero-early.jpart")
    let oneLate = try Self.writePartial(fixture, claim: "1/2", inputs: [fixture.inputs[1]], name: "one-late.jpart")
    #expect(Self.refusal([zeroEarly, oneLate])?.message.contains("read different inputs (input 1 is") == true)
  }

  @Test func overlappingGappedAndMixedClaimsAreRefused() throws {
    let fixture = try Self.fixture(seed: 4, variant: 0, csv: true, files: 1, label: "claims")
    defer { try? FileManager.default.removeItem(at: fixture.folder) }
    let p0 = try Self.writePartial(fixture, claim: "0/3", name: "a.jpart")
    let p0again = try Self.writePartial(fixture, claim: "0/3", name: "b.jpart")
    let p2 = try Self.writePartial(fixture, claim: "2/3", name: "c.jpart")
    let q1 = try Self.writePartial(fixture, claim: "1/4", name: "d.jpart")
    #expect(
      Self.refusal([p0, p0again])?.message
        == "\(p0) and \(p0again) both claim partition 0/3: the claims overlap, so its users would be counted twice")
    #expect(
      Self.refusal([p0, q1])?.message
        == "\(p0) claims partition 0/3 and \(q1) 1/4: partitions of different counts do not split the users alike")
    let gap = try #require(Self.refusal([p2, p0]))
    #expect(
      gap.message
        == "no partial claims partition 1/3: the report would leave their users out (--allow-missing merges without them and says so in the report)")
    #expect(gap.exitStatus == 1)
    // --allow-missing: merged, and the report says which partitions it lacks.
    let partial = try Self.merge([p2, p0], allowMissing: true).report
    #expect(partial.summary.partition == "0/3, 2/3")
    #expect(partial.warnings?.first?.kind == "partitions-missing")
    #expect(partial.warnings?.first?.message.hasPrefix("merged without partition 1/3 (--allow-missing)") == true)
    let alone = try ReportPipeline.run(Self.settings(fixture, partition: "0/3")).report
    let two = try ReportPipeline.run(Self.settings(fixture, partition: "2/3")).report
    #expect(partial.summary.users == alone.summary.users + two.summary.users)
    try SchemaValidation.validate(reportJSON: Data(try JSONReportRenderer.render(partial).utf8))
  }

  @Test func otherVersionsConfigsAndDamagedFilesAreRefused() throws {
    let fixture = try Self.fixture(seed: 6, variant: 0, csv: false, files: 1, label: "refuse")
    defer { try? FileManager.default.removeItem(at: fixture.folder) }
    let p0 = try Self.writePartial(fixture, claim: "0/2", name: "p0.jpart")
    let p1 = try Self.writePartial(fixture, claim: "1/2", name: "p1.jpart")
    // Another build's partial.
    var old = try PartialReport.decode(Array(try Data(contentsOf: URL(fileURLWithPath: p1))), name: p1)
    old.journeyVersion = "0.0.9"
    let oldPath = fixture.folder.appendingPathComponent("old.jpart").path
    try Data(try old.encoded()).write(to: URL(fileURLWithPath: oldPath))
    #expect(
      Self.refusal([p0, oldPath])?.message
        == "\(oldPath) was written by journey 0.0.9; this is journey \(JourneyVersion.number): write the partials again with this build")
    // Another format version.
    var future = old
    future.journeyVersion = JourneyVersion.number
    future.format = "journey-partial/2"
    let futurePath = fixture.folder.appendingPathComponent("future.jpart").path
    try Data(try future.encoded()).write(to: URL(fileURLWithPath: futurePath))
    #expect(Self.refusal([p0, futurePath])?.message == "is a journey-partial/2 partial; this journey reads journey-partial/1")
    // Another config: the funnel's scope differs.
    let config = try String(contentsOf: fixture.config, encoding: .utf8)
    try Data(config.replacingOccurrences(of: "scope: session", with: "scope: user").utf8).write(to: fixture.config)
    let other = try Self.writePartial(fixture, claim: "1/2", name: "other.jpart")
    #expect(
      Self.refusal([p0, other])?.message
        == "\(p0) and \(other) were made with different configs (funnel differ): merge only partials of one config")
    // Not a partial, and a damaged one.
    let text = fixture.folder.appendingPathComponent("notes.txt")
    try Data("hello".utf8).write(to: text)
    #expect(Self.refusal([text.path])?.exitStatus == 2)
    #expect(Self.refusal([text.path])?.message.hasPrefix("is not a journey partial report") == true)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: p0))
    let cut = fixture.folder.appendingPathComponent("cut.jpart")
    try bytes.prefix(bytes.count / 2).write(to: cut)
    #expect(Self.refusal([cut.path])?.exitStatus == 2)
  }

  /// The CLI: `report -f partial -o` and `merge -o` write files; `merge` of one partition with a
  /// gap exits 1 naming it, and `--fail-if` acts on the merged report.
  @Test func theCommandLine() throws {
    try JourneyCLI.requireBinary()
    let fixture = try Self.fixture(seed: 8, variant: 0, csv: false, files: 2, label: "cli")
    defer { try? FileManager.default.removeItem(at: fixture.folder) }
    let inputs = fixture.inputs.map(\.path)
    let single = try JourneyCLI.run(["report", "-q", "--max-bad-ratio", "1", "-c", fixture.config.path, "-f", "json"] + inputs)
    #expect(single.status == 0, "\(single.stderr)")
    var parts: [String] = []
    for k in 0..<2 {
      let path = fixture.folder.appendingPathComponent("cli-\(k).jpart").path
      let run = try JourneyCLI.run(
        ["report", "-q", "--max-bad-ratio", "1", "-c", fixture.config.path, "--partition", "\(k)/2", "-o", path] + inputs)
      #expect(run.status == 0, "\(run.stderr)")
      parts.append(path)
    }
    let merged = try JourneyCLI.run(["merge", "-q", "--max-bad-ratio", "1", "-f", "json"] + parts.reversed())
    #expect(merged.status == 0, "\(merged.stderr)")
    #expect(merged.stdout == single.stdout)
    // Too many rejects in all: exit 3, as the single run.
    let strict = try JourneyCLI.run(["merge", "-q", "-f", "json"] + parts)
    #expect(strict.status == 3)
    let singleStrict = try JourneyCLI.run(["report", "-q", "-c", fixture.config.path, "-f", "json"] + inputs)
    #expect(singleStrict.status == 3)
    #expect(strict.stderr == singleStrict.stderr)
    #expect(strict.stderr.hasPrefix("Error: 80 of 700 records rejected"), "\(strict.stderr)")
    let gap = try JourneyCLI.run(["merge", parts[0]])
    #expect(gap.status == 1)
    #expect(gap.stderr.hasPrefix("Error: no partial claims partition 1/2"))
    let gated = try JourneyCLI.run(["merge", "-q", "--max-bad-ratio", "1", "-f", "json", "--fail-if", "units > 0"] + parts)
    #expect(gated.status == 4, "\(gated.stderr)")
    #expect(gated.stderr.contains("gate failed: units > 0"))
  }
}
