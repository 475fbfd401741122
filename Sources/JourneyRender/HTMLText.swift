/// Escaping for text and attribute values in the HTML page: user data never becomes markup.
enum HTMLText {
  /// `&`, `<`, `>`, `"` and `'` as entities; control characters other than tab and newline dropped.
  static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\t", "\n": out.unicodeScalars.append(scalar)
      default:
        if scalar.properties.generalCategory == .control { continue }
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
