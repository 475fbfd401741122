import Foundation

/// The text of the progress line on standard error: what was read (of the total, for files), the
/// estimate, the rate, events per second and the elapsed time, as many of them as fit.
///
/// The line is drawn over itself: a carriage return, the text, then "clear to the end of the line"
/// (`ESC [K`), so a shorter line never leaves characters of a longer one. It is cut to one column
/// less than the width, so that the cursor never reaches the last column and the terminal never
/// wraps it onto a second line.
package enum ProgressLine {
  /// What the line shows; `total` is nil when the size of the input is not known (standard input).
  package struct Reading: Sendable {
    package var bytes: Int
    package var total: Int?
    package var events: Int
    package var elapsed: Double

    package init(bytes: Int, total: Int?, events: Int, elapsed: Double) {
      self.bytes = bytes
      self.total = total
      self.events = events
      self.elapsed = elapsed
    }
  }

  /// The text without the control sequences, at most `width - 1` characters: the first part always
  /// (cut at its end when it must be), each later part only when it fits whole.
  package static func text(_ reading: Reading, width: Int) -> String {
    let budget = max(1, width - 1)
    let rate = reading.elapsed > 0 ? Double(reading.bytes) / reading.elapsed : 0
    var parts: [String] = []
    if let total = reading.total, total > 0 {
      let fraction = min(1, Double(reading.bytes) / Double(total))
      let filled = Int(fraction * 24)
      let bar = "[" + String(repeating: "█", count: filled) + String(repeating: "·", count: 24 - filled) + "] "
      let numbers = String(format: "%3.0f%% ", fraction * 100) + "\(ReportFormatting.bytes(reading.bytes)) of \(ReportFormatting.bytes(total))"
      // The bar is the first to go when the line is narrow.
      parts.append(bar.count + numbers.count <= budget ? bar + numbers : String(numbers.drop { $0 == " " }))
      if rate > 0, fraction < 1 { parts.append(", ~\(duration(Double(total - reading.bytes) / rate)) left") }
    } else {
      parts.append("reading \(ReportFormatting.bytes(reading.bytes))")
    }
    parts.append("  \(ReportFormatting.bytes(Int(rate)))/s")
    if reading.events > 0, reading.elapsed > 0 { parts.append("  \(count(Double(reading.events) / reading.elapsed)) events/s") }
    parts.append("  \(duration(reading.elapsed))")
    var line = String(parts[0].prefix(budget))
    for part in parts.dropFirst() where line.count + part.count <= budget { line += part }
    return line
  }

  /// What is written to the terminal: `\r`, the text, and clear to the end of the line.
  package static func draw(_ reading: Reading, width: Int) -> String {
    "\r" + text(reading, width: width) + clear
  }

  /// Clears the line the cursor is on and returns to its start.
  package static let clearLine = "\r" + clear
  private static let clear = "\u{1B}[K"


  /// `812k`, `1.4M`.
  package static func count(_ value: Double) -> String {
    value >= 1_000_000 ? String(format: "%.1fM", value / 1_000_000)
      : value >= 1_000 ? String(format: "%.0fk", value / 1_000) : String(format: "%.0f", value)
  }

  /// `45s`, `4m12s`, `1h5m`.
  package static func duration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    return s >= 3600 ? "\(s / 3600)h\(s / 60 % 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
  }
}
