/// A glob compiled once, matched against raw bytes: `*` (any run, `/` included; `**` is the same),
/// `?` (one byte), `[abc]`, `[a-z]`, `[!abc]`, `\x` (a literal `x`). The whole value must match.
package struct GlobPattern: Sendable, Equatable {
  enum Token: Sendable, Equatable {
    case byte(UInt8)
    case one
    case star
    case set(ranges: [ClosedRange<UInt8>], negated: Bool)
  }

  package let pattern: String
  let tokens: [Token]

  /// Nil when a `[` is never closed.
  package init?(_ pattern: String) {
    self.pattern = pattern
    let bytes = Array(pattern.utf8)
    var tokens: [Token] = []
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      switch b {
      case UInt8(ascii: "*"):
        if tokens.last != .star { tokens.append(.star) }
        i += 1
      case UInt8(ascii: "?"):
        tokens.append(.one)
        i += 1
      case UInt8(ascii: "\\") where i + 1 < bytes.count:
        tokens.append(.byte(bytes[i + 1]))
        i += 2
      case UInt8(ascii: "["):
        var j = i + 1
        var negated = false
        if j < bytes.count, bytes[j] == UInt8(ascii: "!") || bytes[j] == UInt8(ascii: "^") {
          negated = true
          j += 1
        }
        var ranges: [ClosedRange<UInt8>] = []
        var first = true
        while j < bytes.count, bytes[j] != UInt8(ascii: "]") || first {
          first = false
          let low = bytes[j]
          if j + 2 < bytes.count, bytes[j + 1] == UInt8(ascii: "-"), bytes[j + 2] != UInt8(ascii: "]") {
            let high = bytes[j + 2]
            ranges.append(min(low, high)...max(low, high))
            j += 3
          } else {
            ranges.append(low...low)
            j += 1
          }
        }
        guard j < bytes.count else { return nil }
        tokens.append(.set(ranges: ranges, negated: negated))
        i = j + 1
      default:
        tokens.append(.byte(b))
        i += 1
      }
    }
    self.tokens = tokens
  }

  package func matches(_ string: String) -> Bool { matches(Array(string.utf8)[...]) }

  /// - Complexity: O(*n* × *m*) at worst; linear for patterns with one `*`.
  package func matches(_ value: ArraySlice<UInt8>) -> Bool {
    var t = 0
    var v = value.startIndex
    var starToken = -1
    var starValue = v
    while v < value.endIndex {
      if t < tokens.count {
        switch tokens[t] {
        case .star:
          starToken = t
          starValue = v
          t += 1
          continue
        case .one:
          t += 1
          v += 1
          continue
        case .byte(let b) where b == value[v]:
          t += 1
          v += 1
          continue
        case .set(let ranges, let negated) where ranges.contains { $0.contains(value[v]) } != negated:
          t += 1
          v += 1
          continue
        default: break
        }
      }
      guard starToken >= 0 else { return false }
      t = starToken + 1
      starValue += 1
      v = starValue
    }
    while t < tokens.count, tokens[t] == .star { t += 1 }
    return t == tokens.count
  }
}
