import JourneyModel

/// Remembers a regex's answer for each distinct value it was asked about, so a value seen before
/// costs a hash lookup instead of a run of the regex engine.
///
/// Up to ``limit`` values are remembered; later new values are answered directly. Not
/// thread-safe: rules hold one per regex test, and each thread gets its own copy of the rules
/// (``StageClassifier/withOwnMemos()``).
final class RegexMemo: @unchecked Sendable {
  private var values = ByteInterner()
  private var answers: [Bool] = [false]
  /// Most values remembered.
  let limit: Int

  init(limit: Int = 1 << 16) { self.limit = limit }

  /// The answer for `value`: remembered, or `compute(value's bytes)` (then remembered while there is
  /// room). The bytes must not escape `compute`.
  func answer(_ value: ArraySlice<UInt8>, compute: (UnsafeRawBufferPointer) -> Bool) -> Bool {
    value.withUnsafeBytes { bytes in
      if let id = values.lookupRemembering(bytes) { return answers[Int(id)] }
      let answer = compute(bytes)
      if values.count <= limit {
        _ = values.intern(bytes)
        answers.append(answer)
      }
      return answer
    }
  }
}
