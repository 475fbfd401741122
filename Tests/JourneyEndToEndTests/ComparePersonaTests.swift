import Foundation
import JourneyTestSupport
import Testing

/// `journey compare` per persona, end to end: reports of `Fixtures/compare/` (week 2 has the
/// planted checkout drop) made with personas, compared by the binary.
///
/// By hand: `Carters` (did Product Added) are the 180 users who reached the cart in each week,
/// so the whole drop is theirs: checkout 108 → 76 of 180; `(no persona)` are the 120 who only
/// viewed, unchanged.
@Suite(.serialized) struct ComparePersonaTests {
  static let personas = """
    personas:
      - name: Carters
        did: { event: Product Added }

    """

  /// A scratch folder with the config written `name` (shop.yaml plus `personas`) and the reports
  /// `wanted` asks for: report file → (config file, week).
  static func reports(configs: [String: String], _ wanted: [String: (config: String, week: Int)]) throws -> URL {
    let folder = TestPaths.temporaryDirectory("journey-compare-personas")
    let shop = try String(contentsOf: TestPaths.repository.appendingPathComponent("Fixtures/compare/shop.yaml"), encoding: .utf8)
    for (name, personas) in configs {
      try Data((shop + personas).utf8).write(to: folder.appendingPathComponent(name))
    }
    for (name, source) in wanted.sorted(by: { $0.key < $1.key }) {
      let result = try JourneyCLI.run([
        "report", "--progress", "never", "-c", folder.appendingPathComponent(source.config).path,
        "Fixtures/compare/week-\(source.week).ndjson", "-o", folder.appendingPathComponent(name).path,
      ])
      #expect(result.status == 0, "report \(name): \(result.stderr)")
    }
    return folder
  }

  static func compare(_ folder: URL, _ base: String, _ current: String, _ more: [String] = []) throws -> JourneyCLI.Result {
    try JourneyCLI.run(
      ["compare", folder.appendingPathComponent(base).path, folder.appendingPathComponent(current).path] + more)
  }

  static func object(_ data: Data) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  static func personas(_ comparison: [String: Any]) -> [[String: Any]] { comparison["personas"] as? [[String: Any]] ?? [] }

  static func count(_ object: [String: Any], _ key: String) -> [Int?] {
    let change = object[key] as? [String: Any]
    return ["base", "current", "change"].map { change?[$0] as? Int }
  }

  @Test func aReportComparedWithItselfChangesNoPersona() throws {
    let folder = try Self.reports(configs: ["p.yaml": Self.personas], ["week-1.json": ("p.yaml", 1)])
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try Self.compare(folder, "week-1.json", "week-1.json", ["-f", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    try SchemaValidation.validate([(label: "self", json: result.stdout)], schema: SchemaValidation.compareSchemaFile)
    let personas = Self.personas(try Self.object(result.stdout))
    #expect(personas.map { $0["name"] as? String } == ["Carters", "(no persona)"])
    #expect(personas.map { Self.count($0, "users") } == [[180, 180, 0], [120, 120, 0]])
    for persona in personas {
      #expect(persona["present_in"] as? String == "both")
      let steps = try #require(persona["steps"] as? [[String: Any]])
      #expect(steps.count == 4)
      for step in steps {
        #expect(Self.count(step, "units")[2] == 0)
        for key in ["conversion_from_start", "conversion_from_previous"] {
          let rate = try #require(step[key] as? [String: Any])
          #expect(rate["change_points"] as? Double == 0 && rate["significant"] as? Bool == false)
        }
      }
      #expect((persona["time_to_convert"] as? [String: Any])?["change_seconds"] as? Double == 0 || persona["name"] as? String == "(no persona)")
      #expect((persona["stages"] as? [[String: Any]])?.allSatisfy { Self.count($0, "reach")[2] == 0 } == true)
    }
  }

  @Test func thePlantedDropIsFoundInThePersonaItHitAndNotElsewhere() throws {
    let folder = try Self.reports(
      configs: ["p.yaml": Self.personas, "plain.yaml": ""],
      ["week-1.json": ("p.yaml", 1), "week-2.json": ("p.yaml", 2), "plain-1.json": ("plain.yaml", 1), "plain-2.json": ("plain.yaml", 2)])
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try Self.compare(folder, "week-1.json", "week-2.json", ["-f", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    try SchemaValidation.validate([(label: "drop", json: result.stdout)], schema: SchemaValidation.compareSchemaFile)
    var comparison = try Self.object(result.stdout)
    let personas = Self.personas(comparison)
    let carters = try #require(personas.first)
    let steps = try #require(carters["steps"] as? [[String: Any]])
    #expect(steps.map { Self.count($0, "units") } == [[180, 180, 0], [180, 180, 0], [108, 76, -32], [76, 53, -23]])
    // Checkout from start 108/180 → 76/180: −17.8 points, p = 0.000741034 (scipy's pooled z-test).
    let checkout = try #require(steps[2]["conversion_from_start"] as? [String: Any])
    #expect(abs((checkout["change_points"] as? Double ?? 0) + 17.77777777777778) < 1e-9)
    #expect(abs((checkout["p_value"] as? Double ?? 0) - 0.0007410338601999217) < 1e-12)
    #expect(checkout["significant"] as? Bool == true)
    // Starting the checkout takes a minute longer in week 2: so does Carters' time to convert.
    #expect((carters["time_to_convert"] as? [String: Any])?["change_seconds"] as? Double == 60)
    let nobody = try #require(personas.last)
    #expect(nobody["name"] as? String == "(no persona)")
    let nobodySteps = try #require(nobody["steps"] as? [[String: Any]])
    #expect(nobodySteps.map { Self.count($0, "units") } == [[120, 120, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]])
    #expect(nobodySteps.allSatisfy { ($0["conversion_from_start"] as? [String: Any])?["significant"] as? Bool == false })
    // The personas are an addition: the rest is the comparison of the reports made without them.
    let plain = try Self.compare(folder, "plain-1.json", "plain-2.json", ["-f", "json"])
    var plainComparison = try Self.object(plain.stdout)
    #expect(plainComparison["personas"] == nil)
    comparison.removeValue(forKey: "personas")
    for key in ["base", "current"] { comparison.removeValue(forKey: key); plainComparison.removeValue(forKey: key) }
    #expect(comparison as NSDictionary == plainComparison as NSDictionary)
  }

  @Test func aPersonaOfOneReportIsListedNotRefused() throws {
    let more = Self.personas + "  - name: Checkouts\n    did: { event: Checkout Started }\n"
    let folder = try Self.reports(
      configs: ["p.yaml": Self.personas, "more.yaml": more], ["week-1.json": ("p.yaml", 1), "week-2.json": ("more.yaml", 2)])
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try Self.compare(folder, "week-1.json", "week-2.json", ["-f", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    try SchemaValidation.validate([(label: "one-sided", json: result.stdout)], schema: SchemaValidation.compareSchemaFile)
    let personas = Self.personas(try Self.object(result.stdout))
    #expect(personas.map { $0["name"] as? String } == ["Carters", "Checkouts", "(no persona)"])
    #expect(personas.map { $0["present_in"] as? String } == ["both", "current", "both"])
    #expect(Self.count(personas[1], "users") == [0, 76, 76])
    #expect((personas[1]["steps"] as? [Any])?.isEmpty == true)
    #expect(personas[1]["time_to_convert"] is NSNull)
  }

  @Test func aPersonaDefinedDifferentlyIsRefusedAndNothingIsWritten() throws {
    let other = Self.personas.replacingOccurrences(of: "Product Added", with: "Checkout Started")
    let folder = try Self.reports(
      configs: ["p.yaml": Self.personas, "other.yaml": other], ["week-1.json": ("p.yaml", 1), "week-2.json": ("other.yaml", 2)])
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("out.json")
    let (base, current) = (folder.appendingPathComponent("week-1.json").path, folder.appendingPathComponent("week-2.json").path)
    let result = try JourneyCLI.run(["compare", base, current, "-o", out.path])
    #expect(result.status == 1)
    #expect(result.stderr == """
      Error: cannot compare reports with different definitions of persona 'Carters': \
      {"did":{"at_least":1,"condition":{"equals":"Product Added","field":"event"}}} in \(base), \
      {"did":{"at_least":1,"condition":{"equals":"Checkout Started","field":"event"}}} in \(current)

      """)
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }

  /// Every format names the persona and marks its significant checkout drop, written by `-o`.
  @Test func everyFormatHasThePersonaRows() throws {
    let folder = try Self.reports(configs: ["p.yaml": Self.personas], ["week-1.json": ("p.yaml", 1), "week-2.json": ("p.yaml", 2)])
    defer { try? FileManager.default.removeItem(at: folder) }
    let names = ["c.txt", "c.json", "c.csv", "c.md", "c.html"]
    let result = try Self.compare(folder, "week-1.json", "week-2.json", names.flatMap { ["-o", folder.appendingPathComponent($0).path] })
    #expect(result.status == 0, "\(result.stderr)")
    func text(_ name: String) throws -> String { try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) }
    let table = try text("c.txt").split(separator: "\n").map(String.init)
    let carters = try #require(table.firstIndex(of: "  Carters"))
    #expect(table[carters...].contains("    checkout   108       76     -32   60.0%    42.2%  -17.8 pp  <0.001 *  -17.8 pp  <0.001 *"))
    #expect(table.contains { $0.hasPrefix("  Carters ") && $0.hasSuffix("5m 15s  6m 15s  +1m 00s") })
    #expect(try text("c.md").contains(
      "| checkout | 108 | 76 | -32 | 60.0% | 42.2% | -17.8 pp | -29.6% | **&lt;0.001** | 60.0% | 42.2% | -17.8 pp | -29.6% | **&lt;0.001** |"))
    let csv = try text("c.csv").components(separatedBy: "\r\n")
    #expect(csv[0].hasSuffix(",persona"))
    #expect(csv.contains("funnel,2,checkout,units,,108,76,-32,,-0.2962962962962963,,,,,,,Carters"))
    #expect(csv.contains("persona,,,users,,120,120,0,,0,,,,,,,(no persona)"))
    #expect(try text("c.html").contains("<tr class=\"step significant\" data-persona=\"Carters\" data-step=\"checkout\""))
    try SchemaValidation.validate([(label: "c.json", json: Data(try text("c.json").utf8))], schema: SchemaValidation.compareSchemaFile)
    #expect(Self.personas(try Self.object(Data(try text("c.json").utf8))).count == 2)
  }
}
