import JourneyCompare
import JourneyModel
import JourneyReports
import Testing

/// `journey compare` per persona (SPEC §10 "per step and per persona") on hand-made reports.
@Suite struct PersonaComparisonTests {
  typealias F = ComparisonFixture

  static func compare(_ base: JourneyReport, _ current: JourneyReport) throws -> ReportComparison {
    try ReportComparer.compare(base: base, current: current, baseFile: "week-1.json", currentFile: "week-2.json")
  }

  static func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
  }

  /// A persona whose funnel reaches `units[i]` at step i, with a journey map and medians.
  static func persona(_ name: String, users: Int, units: [Int], wholeMedian: Double? = 480) -> PersonaReport {
    let own = F.report(units: units, wholeMedian: wholeMedian, unstaged: 0)
    return PersonaReport(
      name: name, users: users, sessions: units[0], units: units[0], unitsWithoutStage: 0, funnel: own.funnel,
      versusRest: [], transitions: [], entries: [], exits: [], paths: [], journeyMap: own.journeyMap, lift: nil)
  }

  /// The whole report with `personas` (its funnel: the sum of the personas', as if none overlapped).
  static func report(_ personas: [PersonaReport]) -> JourneyReport {
    var units = [0, 0, 0, 0]
    for persona in personas {
      for index in units.indices { units[index] += persona.funnel.steps[index].units }
    }
    var report = F.report(units: units)
    report.personas = personas
    return report
  }

  static let week1 = [
    persona("Paid search", users: 450, units: [500, 300, 150, 60]),
    persona("Researcher", users: 280, units: [300, 200, 100, 50]),
    persona(PersonaReport.nobody, users: 190, units: [200, 100, 50, 10]),
  ]

  @Test func aReportComparedWithItselfChangesNoPersona() throws {
    let report = Self.report(Self.week1)
    let personas = try #require(try Self.compare(report, report).personas)
    #expect(personas.map(\.name) == ["Paid search", "Researcher", "(no persona)"])
    for persona in personas {
      #expect(persona.presentIn == .both)
      #expect(persona.users.change == 0 && persona.units.change == 0)
      #expect(persona.steps.count == 4)
      for step in persona.steps {
        #expect(step.units.change == 0 && step.dropped.change == 0)
        for rate in [step.conversionFromStart, step.conversionFromPrevious] {
          #expect(rate.changePoints == 0 && !rate.significant)
          #expect(rate.pValue == (step.index == 0 ? nil : 1))
        }
      }
      #expect(persona.timeToConvert?.changeSeconds == 0)
      #expect(persona.stages.count == 4 && persona.stages.allSatisfy { $0.reach.change == 0 && $0.share.changePoints == 0 })
    }
  }

  /// Week 2 loses a third of Paid search's checkouts; the other personas are as they were.
  @Test func aPlantedDropInOnePersonaIsFoundSignificantThereOnly() throws {
    var week2 = Self.week1
    week2[0] = Self.persona("Paid search", users: 460, units: [500, 300, 100, 40], wholeMedian: 540)
    let comparison = try Self.compare(Self.report(Self.week1), Self.report(week2))
    let personas = try #require(comparison.personas)
    let paid = personas[0]
    #expect(paid.users == CountChange(base: 450, current: 460))
    #expect(paid.units == CountChange(base: 500, current: 500))
    let checkout = paid.steps[2]
    #expect(checkout.label == "checkout" && checkout.units == CountChange(base: 150, current: 100))
    // From start 150/500 → 100/500: −10 points, −33.3%; pooled z-test p = 0.000260730 (scipy).
    #expect(Self.close(checkout.conversionFromStart.changePoints, -10, 1e-9))
    #expect(Self.close(checkout.conversionFromStart.relativeChange, -1.0 / 3, 1e-9))
    #expect(Self.close(checkout.conversionFromStart.pValue, 0.00026072963285531743, 1e-12))
    #expect(checkout.conversionFromStart.significant)
    // From previous 150/300 → 100/300: p = 0.0000346711.
    #expect(Self.close(checkout.conversionFromPrevious.pValue, 3.467107687269641e-05, 1e-14))
    #expect(checkout.conversionFromPrevious.significant)
    // Purchase from previous: 60/150 → 40/100, no change.
    #expect(paid.steps[3].conversionFromPrevious.changePoints == 0)
    #expect(!paid.steps[3].conversionFromPrevious.significant)
    #expect(paid.timeToConvert == DurationChange(base: 480, current: 540))
    #expect(paid.stages[2].reach == CountChange(base: 150, current: 100))
    for other in personas.dropFirst() {
      #expect(other.steps.allSatisfy { !$0.conversionFromStart.significant && $0.units.change == 0 }, "\(other.name)")
    }
    // The whole funnel sees the drop diluted: 300/1000 → 250/1000 at checkout.
    #expect(comparison.steps[2].units == CountChange(base: 300, current: 250))
  }

  /// A persona only one report has is listed, saying which, with its users; the base's personas
  /// come first, then the current's own, `(no persona)` last.
  @Test func aPersonaOfOneReportIsListedAsSuch() throws {
    let week2 = [Self.week1[0], Self.persona("Mobile", users: 75, units: [90, 40, 20, 5]), Self.week1[2]]
    let personas = try #require(try Self.compare(Self.report(Self.week1), Self.report(week2)).personas)
    #expect(personas.map(\.name) == ["Paid search", "Researcher", "Mobile", "(no persona)"])
    #expect(personas.map(\.presentIn) == [.both, .base, .current, .both])
    let researcher = personas[1]
    #expect(researcher.users == CountChange(base: 280, current: 0))
    #expect(researcher.units == CountChange(base: 300, current: 0))
    #expect(researcher.steps.isEmpty && researcher.stages.isEmpty && researcher.timeToConvert == nil)
    let mobile = personas[2]
    #expect(mobile.users == CountChange(base: 0, current: 75))
    #expect(mobile.units == CountChange(base: 0, current: 90))
    #expect(mobile.steps.isEmpty)
  }

  /// Persona rows need personas in both reports; otherwise there is no `personas` section at all.
  @Test func personasAreComparedOnlyWhenBothReportsHaveThem() throws {
    let with = Self.report(Self.week1)
    let without = F.report(units: [1_000, 600, 300, 120])
    #expect(try Self.compare(with, without).personas == nil)
    #expect(try Self.compare(without, with).personas == nil)
    #expect(try Self.compare(without, without).personas == nil)
  }

  /// A persona of one name must mean the same users in both reports: a different condition in the
  /// embedded config is refused, naming the persona and both conditions.
  @Test func aPersonaDefinedDifferentlyIsRefusedNamingIt() throws {
    func report(_ personas: [(String, JSONValue)]) -> JourneyReport {
      var report = Self.report(Self.week1)
      report.config = .object([
        "personas": .array(personas.map { .object(["name": .string($0.0), "condition": $0.1]) })
      ])
      return report
    }
    func did(_ event: String) -> JSONValue {
      .object(["did": .object(["at_least": .number(1), "condition": .object(["field": .string("event"), "equals": .string(event)])])])
    }
    let cpc: JSONValue = .object(["first_touch": .object(["field": .string("medium"), "in": .array([.string("cpc")])])])
    let base = report([("Paid search", cpc), ("Researcher", did("Product Viewed"))])
    let current = report([("Paid search", cpc), ("Researcher", did("Product Added"))])
    #expect(throws: JourneyError(
      kind: .usage,
      message: #"cannot compare reports with different definitions of persona 'Researcher': {"did":{"at_least":1,"condition":{"equals":"Product Viewed","field":"event"}}} in week-1.json, {"did":{"at_least":1,"condition":{"equals":"Product Added","field":"event"}}} in week-2.json"#
    )) { try Self.compare(base, current) }
    // The same conditions, or another persona set (listed one-sided), compare.
    _ = try Self.compare(base, base)
    _ = try Self.compare(base, report([("Paid search", cpc), ("Buyer", did("Product Added"))]))
  }
}
