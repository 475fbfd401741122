import JourneyConfig
import JourneyModel
import JourneyStages
import Testing

/// `gt`/`gte`/`lt`/`lte` read plain decimals from the bytes; the result must be `Double(_:)`'s.
@Suite struct CompiledNumberTests {
  static let texts = [
    "0", "-0", "+5", "5.", ".5", "007", "0.1", "123456789012345", "1234567890123456", "99.999999999999",
    "1e3", " 42", "42 ", "-", ".", "1.2.3", "abc", "0x10", "-12.75", "3.14159265358979", "inf", "",
  ]

  @Test(arguments: texts)
  func comparisonsAgreeWithDouble(text: String) throws {
    let yaml = "input: {fields: {user: u, time: t}}\nstages: [big, small]\nrules:\n  - stage: big\n    field: n\n    gt: 10.5\n  - stage: small\n    field: n\n    lte: 10.5\n"
    let config = try ConfigLoader.parse(yaml: yaml, file: "n.yaml")
    var schema = FieldSchema()
    let classifier = try StageClassifier(config: config, schema: &schema)
    let r = Records(schema: schema)
    let expected: UInt16
    var trimmed = Substring(text)
    while let c = trimmed.first, c == " " || c == "\t" { trimmed.removeFirst() }
    while let c = trimmed.last, c == " " || c == "\t" { trimmed.removeLast() }
    if let number = Double(trimmed) {
      expected = number > 10.5 ? 0 : 1
    } else {
      expected = EventRecord.noStage
    }
    #expect(classifier.classify(r.record(["n": text])) == expected, "\(text)")
  }
}
