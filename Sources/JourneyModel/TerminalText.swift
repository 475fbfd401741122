/// Text from the data made safe to show on a terminal.
///
/// An export is untrusted: a user agent, a URL or an event name may hold ESC sequences (CSI, OSC 8
/// hyperlinks, OSC 52 clipboard writes), BEL, or Unicode bidirectional overrides that reorder what
/// the reader sees. Wherever such text meets a terminal (warnings, `inspect`, `classify`, tables,
/// Markdown) it goes through ``escape(_:keepingNewlines:)``, which replaces every control character
/// (C0, DEL, C1) and every bidirectional formatting character with a visible escape:
/// `\n`, `\r`, `\t`, `\x1b`, `\u{202e}`. Everything else, other non-ASCII text included, is kept.
package enum TerminalText {
  /// `text` with its unsafe characters escaped; `text` itself when it has none (the common case).
  ///
  /// With `keepingNewlines`, LF stays a line break (for multi-line messages of our own).
  package static func escape(_ text: String, keepingNewlines: Bool = false) -> String {
    guard text.unicodeScalars.contains(where: { isUnsafe($0) && !(keepingNewlines && $0 == "\n") }) else {
      return text
    }
    var out = ""
    out.reserveCapacity(text.utf8.count + 8)
    for scalar in text.unicodeScalars {
      guard isUnsafe(scalar), !(keepingNewlines && scalar == "\n") else {
        out.unicodeScalars.append(scalar)
        continue
      }
      out += visible(scalar)
    }
    return out
  }

  /// Whether `scalar` can change what a terminal shows beyond itself: C0 controls, DEL, C1
  /// controls, and the bidirectional marks, embeddings, overrides and isolates.
  package static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00..<0x20, 0x7F..<0xA0: true
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }

  /// The escape shown for an unsafe scalar.
  private static func visible(_ scalar: Unicode.Scalar) -> String {
    switch scalar {
    case "\n": return "\\n"
    case "\r": return "\\r"
    case "\t": return "\\t"
    default:
      let hex = String(scalar.value, radix: 16)
      return scalar.value < 0x80 ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{\(hex)}"
    }
  }
}
