import JourneyConfig
import JourneyModel
import Testing

@testable import JourneyStages

/// A regex's memo answers what the regex answers, asks it once per remembered value, and keeps
/// asking for new values once full.
@Suite struct RegexMemoTests {
  @Test func remembersUpToItsLimitThenComputes() {
    let memo = RegexMemo(limit: 10)
    var asked = 0
    for round in 0..<3 {
      for i in 0..<30 {
        let value = ArraySlice("value-\(i)".utf8)
        let answer = memo.answer(value) { _ in
          asked += 1
          return i % 3 == 0
        }
        #expect(answer == (i % 3 == 0), "round \(round), \(i)")
      }
    }
    // Values 0…9 were remembered in the first round; 10…29 are asked in every round.
    #expect(asked == 30 + 2 * 20)
  }

  @Test func classifierCopiesWithOwnMemosAnswerLikeTheRegex() throws {
    let yaml = """
      input:
        fields: {user: u, time: t, event: event}
      stages: [product, other]
      rules:
        - stage: product
          field: path
          regex: "^/p/[0-9]+$"
        - stage: other
          field: path
          regex: "(?i)^/(blog|news)/"
      """
    let config = try ConfigLoader.parse(yaml: yaml, file: "memo.yaml")
    var schema = FieldSchema()
    let original = try StageClassifier(config: config, schema: &schema)
    let copies = [original, original.withOwnMemos(), original.withOwnMemos()]
    let slot = try #require(schema.existingSlot(for: "path"))
    let paths = ["/p/12", "/p/x", "/Blog/a", "/news/b", "/p/", "/shop", "/p/0042", "/NEWS/", "/p/12/"]
    let product = try Regex("^/p/[0-9]+$")
    let other = try Regex("(?i)^/(blog|news)/")
    for round in 0..<200 {
      let path = paths[round % paths.count]
      var fields = RecordFields(slotCount: schema.count)
      fields.set(slot, string: path)
      let expected: UInt16 =
        (try product.firstMatch(in: path)) != nil ? 0 : (try other.firstMatch(in: path)) != nil ? 1 : EventRecord.noStage
      for classifier in copies { #expect(classifier.classify(fields) == expected, "\(path)") }
    }
  }
}
