import FuzzSupport
import JourneyGates
import JourneyModel

/// The stages a gate may name here: a plain word, one with a dash, one that needs quotes.
let stages = ["view", "add-to-cart", "two words", "purchase"]

/// Parses the input as a `--fail-if` expression (``Gate/parse(_:for:)``) for `report` and for
/// `compare`, and checks its stages (``Gate/check(stages:stepsAreStages:)``) for a funnel of stages
/// and for `order: any`.
///
/// Invariants:
/// - a bad expression is a usage error (exit 1) that quotes it and names a column inside it or just
///   after its end (1 … characters + 1);
/// - what parses for `report` parses for `compare` (compare only adds `delta(…)` and `p`), to the
///   same gate;
/// - parsing is deterministic: the gate's own text (when nothing was trimmed) parses to the same gate.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGate(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let input = UnsafeBufferPointer(start: start, count: count)
  guard let text = String(validating: input, as: UTF8.self) else { return 0 }  // arguments are text
  let report = parsed(text, for: .report)
  let compare = parsed(text, for: .compare)
  if let report {
    fuzzCheck(compare == report, "'\(text)' parses for report but not to the same gate for compare")
  }
  for gate in [report, compare].compactMap({ $0 }) {
    if gate.text == text {
      fuzzCheck(parsed(gate.text, for: .compare) == compare, "'\(text)' parses differently from its own text")
    }
    for stepsAreStages in [true, false] {
      do {
        try gate.check(stages: stages, stepsAreStages: stepsAreStages)
      } catch {
        checkLocated(error, text)
      }
    }
  }
  return 0
}

func parsed(_ text: String, for command: GateCommand) -> Gate? {
  do {
    return try Gate.parse(text, for: command)
  } catch {
    checkLocated(error, text)
    return nil
  }
}

/// A usage error `--fail-if 'TEXT': column N: …` quoting the expression without surrounding
/// whitespace (as ``Gate/parse(_:for:)`` trims it), with N inside that text or just after it.
/// Compared as bytes: a combining mark after the quote would join it in a `Character` comparison.
func checkLocated(_ error: JourneyError, _ text: String) {
  fuzzCheck(error.kind == .usage, "a gate error of kind \(error.kind): \(error)")
  var trimmed = Substring(text)
  while trimmed.first?.isWhitespace == true { trimmed = trimmed.dropFirst() }
  while trimmed.last?.isWhitespace == true { trimmed = trimmed.dropLast() }
  let message = Array(error.description.utf8)  // no location: the message itself
  let prefix = Array("--fail-if '\(trimmed)': column ".utf8)
  guard message.starts(with: prefix) else {
    fuzzCheck(false, "a gate error that does not quote the expression and a column: \(error.description)")
    return
  }
  let digits = message[prefix.count...].prefix { (0x30...0x39).contains($0) }
  let column = Int(String(decoding: digits, as: UTF8.self)) ?? 0
  fuzzCheck(
    (1...(trimmed.count + 1)).contains(column),
    "column \(column) outside '\(trimmed)' (\(trimmed.count) characters): \(error.description)")
}

/// The process entry (see ``runFuzzer(_:_:_:)``): libFuzzer's driver on ``fuzzGate(_:_:)``.
@_cdecl("FuzzGate_main")
public func fuzzGateMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv, fuzzGate)
}
