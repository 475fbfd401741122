import JourneyModel

/// Number and duration text shared by every human-facing format, independent of the locale.
///
/// Integers get thousands separators (`12,345`), ratios one decimal (`45.0%`), durations human
/// units (`4m 12s`). The HTML page prints the same strings, so they match the table and markdown.
enum ReportFormatting {
  /// `--from/--to` in words: `from 2026-11-01T00:00:00Z to 2026-11-08T00:00:00Z (exclusive)`,
  /// or one of the two bounds.
  package static func range(from: String?, to: String?) -> String {
    switch (from.map(time), to.map(time)) {
    case (let from?, let to?): "from \(from) to \(to) (exclusive)"
    case (let from?, nil): "from \(from)"
    case (nil, let to?): "before \(to)"
    case (nil, nil): "all"
    }
  }

  /// An ISO 8601 time as people read it: the fraction of a second without trailing groups of three
  /// zeros (`…28.459000Z` → `…28.459Z`, `…28.000000Z` → `…28Z`, `…28.123456Z` unchanged). Only
  /// the text outputs use it; the JSON keeps the exact value.
  package static func time(_ iso: String) -> String {
    guard let t = iso.firstIndex(of: "T"), let dot = iso[t...].firstIndex(of: ".") else { return iso }
    let digitsStart = iso.index(after: dot)
    let digitsEnd = iso[digitsStart...].firstIndex { !$0.isASCII || !$0.isNumber } ?? iso.endIndex
    var digits = Substring(iso[digitsStart..<digitsEnd])
    while digits.count >= 3, digits.count % 3 == 0, digits.hasSuffix("000") { digits = digits.dropLast(3) }
    let fraction = digits.isEmpty || digits.allSatisfy({ $0 == "0" }) ? "" : "." + digits
    return String(iso[..<dot]) + fraction + String(iso[digitsEnd...])
  }

  /// `12345` → `12,345`.
  static func integer(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    out.reserveCapacity(digits.count + digits.count / 3 + 1)
    for (offset, digit) in digits.enumerated() {
      if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
      out.append(digit)
    }
    return value < 0 ? "-" + out : out
  }

  /// A ratio as a percentage with one decimal: `0.4567` → `45.7%`.
  static func percent(_ ratio: Double) -> String {
    guard ratio.isFinite else { return "–" }
    let tenths = Int((ratio * 1000).rounded())
    let sign = tenths < 0 ? "-" : ""
    return "\(sign)\(tenths.magnitude / 10).\(tenths.magnitude % 10)%"
  }

  /// A ratio with one decimal and no sign, for CSS widths: `0.4567` → `45.7`.
  static func cssPercent(_ ratio: Double) -> String {
    guard ratio.isFinite, ratio > 0 else { return "0" }
    let tenths = Int((min(ratio, 1) * 1000).rounded())
    return "\(tenths / 10).\(tenths % 10)"
  }

  /// Seconds in human units: `0.4s`, `45s`, `4m 12s`, `3h 05m`, `2d 7h`; `–` for nil.
  static func duration(_ seconds: Double?) -> String {
    guard let seconds, seconds.isFinite else { return "–" }
    if seconds < 0 { return "-" + duration(-seconds) }
    if seconds < 10, seconds != seconds.rounded() {
      let tenths = Int((seconds * 10).rounded())
      if tenths < 100 { return "\(tenths / 10).\(tenths % 10)s" }
    }
    let total = Int(seconds.rounded())
    if total < 60 { return "\(total)s" }
    if total < 3600 { return "\(total / 60)m \(pad2(total % 60))s" }
    if total < 86400 { return "\(total / 3600)h \(pad2(total % 3600 / 60))m" }
    return "\(total / 86400)d \(total % 86400 / 3600)h"
  }

  /// A double as JSON would print it: integral values without a fraction, others in shortest form.
  static func number(_ value: Double) -> String {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return "\(value)"
  }

  /// A byte count in binary units: `1.5 MiB`.
  static func bytes(_ value: Int) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var amount = Double(value)
    var unit = 0
    while amount >= 1024, unit < units.count - 1 {
      amount /= 1024
      unit += 1
    }
    if unit == 0 { return "\(integer(value)) B" }
    let tenths = Int((amount * 10).rounded())
    return "\(tenths / 10).\(tenths % 10) \(units[unit])"
  }

  private static func pad2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

  /// Cuts `text` to at most `width` characters, ending with `…` when it was cut.
  static func truncate(_ text: String, to width: Int) -> String {
    guard width > 0 else { return "" }
    if text.count <= width { return text }
    return String(text.prefix(max(0, width - 1))) + "…"
  }

  /// `text` padded with spaces on the right (or left when `right` is true) to `width` characters.
  static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return right ? fill + text : text + fill
  }

  /// User text on one line with its control and bidirectional characters escaped (``TerminalText``),
  /// so a value can neither break a table row nor send escape codes to the terminal.
  static func singleLine(_ text: String) -> String { TerminalText.escape(text) }

  /// The path of stage visits as one line: `awareness → consideration → …`.
  static func path(_ stages: [String]) -> String { stages.joined(separator: " → ") }
}
