import FuzzSupport
import JourneyConfig
import JourneyIngest
import JourneyModel
import JourneyStages

/// Short values the events carry: rule literals, URL and path shapes, numbers, a bot user agent, empty.
/// All short, so a regex that backtracks badly is still quick on them (issue 10 makes regexes linear).
let pool = [
  "Order Completed", "Page Viewed", "/blog/a", "https://shop.example.com/checkout/1", "42", "-3.5", "", "bot",
  "cpc", "true", "é/ü", "a.b",
]

/// Loads the input as a YAML config (``ConfigLoader/parse(yaml:file:)``, with presets), then compiles
/// it and classifies a few events.
///
/// Invariants:
/// - a config error is a config error (exit 1) located in the file (`fuzz.yaml…`);
/// - a config that validates compiles: ``StageClassifier``, ``ExclusionFilter`` and ``EventExtractor``
///   start without an error;
/// - on every event, ``StageClassifier/match(_:)``, ``StageClassifier/classify(_:)`` and
///   ``StageClassifier/explain(_:)`` agree (the last explained rule is the match, the others failed
///   with a reason), and a classifier with its own memos gives the same answers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let input = UnsafeBufferPointer(start: start, count: count)
  guard let text = String(validating: input, as: UTF8.self) else { return 0 }  // load(path:) refuses non-UTF-8
  let config: JourneyConfig
  do {
    config = try ConfigLoader.parse(yaml: text, file: "fuzz.yaml")
  } catch {
    fuzzCheck(error.kind == .config, "a config error of kind \(error.kind): \(error)")
    fuzzCheck(
      error.location?.hasPrefix("fuzz.yaml") ?? false || error.location?.hasPrefix("preset:") ?? false,
      "a config error without the file's location: \(error)")
    return 0
  }
  var schema = FieldSchema()
  let classifier: StageClassifier
  do {
    classifier = try StageClassifier(config: config, schema: &schema)
    _ = try ExclusionFilter(config: config, schema: &schema)
    _ = try EventExtractor(config: config)
  } catch {
    fuzzCheck(false, "a config that validates does not compile: \(error)")
    return 0
  }
  let own = classifier.withOwnMemos()
  for round in 0..<4 {
    var fields = RecordFields(slotCount: schema.count)
    for slot in 0..<schema.count {
      let pick = (slot * 7 + round * 3 + count) % (pool.count + 1)
      if pick == pool.count { continue }  // missing
      fields.set(slot, string: pool[pick])
    }
    let match = classifier.match(fields)
    let stage = classifier.classify(fields)
    fuzzCheck(stage == (match?.stage ?? EventRecord.noStage), "classify \(stage), match \(String(describing: match))")
    fuzzCheck(own.match(fields)?.rule == match?.rule, "a classifier with its own memos matched another rule")
    let explained = classifier.explain(fields)
    if let match {
      fuzzCheck(explained.count == match.rule + 1, "explain lists \(explained.count) rules, the match is rule \(match.rule)")
      fuzzCheck(explained.last?.matched == true, "explain's last rule did not match")
      fuzzCheck(Int(match.stage) < classifier.stageNames.count, "stage \(match.stage) of \(classifier.stageNames.count)")
    } else {
      fuzzCheck(explained.count == config.rules.count, "no match, but explain lists \(explained.count) of \(config.rules.count) rules")
    }
    for rule in explained.dropLast(match == nil ? 0 : 1) {
      fuzzCheck(!rule.matched && rule.reason != nil, "rule \(rule.rule) failed without a reason")
    }
  }
  return 0
}

/// The process entry (see ``runFuzzer(_:_:_:)``): libFuzzer's driver on ``fuzzConfig(_:_:)``.
@_cdecl("FuzzConfig_main")
public func fuzzConfigMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv, fuzzConfig)
}
