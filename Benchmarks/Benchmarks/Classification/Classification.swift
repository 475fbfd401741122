import Benchmark
import BenchmarkInputs
import JourneyConfig
import JourneyModel
import JourneyParsing
import JourneyStages

/// The rules: eight, first match wins; literal lists, a URL glob, a regex, a prefix inside `any:`, a
/// numeric comparison, and a `not:`, so an average event runs through several kinds of test.
let rulesYAML = SyntheticEvents.segmentInputYAML + "\n" + """
  stages: [awareness, consideration, decision, purchase]
  rules:
    - stage: purchase
      event: Order Completed
    - stage: decision
      event: [Product Added, Cart Viewed, Checkout Started, Payment Info Entered]
    - stage: decision
      url: "https://shop.example.com/checkout/*"
    - stage: consideration
      field: context.page.path
      regex: "^/p/[0-9]+$"
    - stage: consideration
      event: [Product List Viewed, Products Searched]
    - stage: consideration
      field: properties.price
      gt: 450
    - stage: awareness
      any:
        - { event: Page Viewed, field: context.page.path, prefix: /blog }
        - { field: context.campaign.medium, in: [cpc, social, email] }
    - stage: awareness
      not: { field: context.campaign.source, exists: false }

  """

struct ClassificationInput: @unchecked Sendable {
  let classifier: StageClassifier
  /// 4096 distinct events (fields extracted from Segment lines), cycled through.
  let pool: [RecordFields]
}

/// StageClassifier alone on 1M events: the fields are already extracted, only the rules run.
let benchmarks: @Sendable () -> Void = {
  Benchmark(
    "Stages.classify.1M",
    configuration: .journeyStage(mallocTolerance: 20_000)
  ) { (benchmark: Benchmark, input: ClassificationInput) in
    let mask = input.pool.count - 1
    for _ in benchmark.scaledIterations {
      var perStage = [Int](repeating: 0, count: 5)
      for i in 0..<1_000_000 {
        let stage = input.classifier.classify(input.pool[i & mask])
        perStage[stage == EventRecord.noStage ? 4 : Int(stage)] &+= 1
      }
      blackHole(perStage)
    }
  } setup: {
    let config = try ConfigLoader.parse(yaml: rulesYAML, file: "bench.yaml")
    var schema = FieldSchema(["userId", "anonymousId", "timestamp"])
    let classifier = try StageClassifier(config: config, schema: &schema)
    var events = SyntheticEvents(seed: 7)
    let lines = LinedBytes(events.segmentNDJSON(count: 4096))
    var parser = NDJSONRecordParser(schema: schema)
    var fields = RecordFields(slotCount: schema.count)
    var pool: [RecordFields] = []
    for i in 0..<lines.count {
      _ = parser.parse(lines.line(i), into: &fields) { event in pool.append(copy event) }
    }
    precondition(pool.count == 4096)
    return ClassificationInput(classifier: classifier, pool: pool)
  }
}
