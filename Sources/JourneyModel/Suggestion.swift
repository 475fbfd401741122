/// "did you mean …?" hints: the closest candidate by edit distance, when it is close enough.
package enum Suggestion {
  package static func closest(to word: String, in candidates: [String]) -> String? {
    let lower = word.lowercased()
    var best: (String, Int)? = nil
    for candidate in candidates {
      let d = distance(lower, candidate.lowercased())
      if best == nil || d < best!.1 { best = (candidate, d) }
    }
    guard let (candidate, d) = best else { return nil }
    let limit = max(2, min(word.count, candidate.count) / 3)
    return d <= limit ? candidate : nil
  }

  /// "; did you mean 'x'?" or "".
  package static func hint(for word: String, in candidates: [String]) -> String {
    closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
  }

  /// Levenshtein distance over Unicode scalars.
  package static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = Array(repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
