public import Foundation
public import JourneyReports

/// Writes `journey-report/3` JSON: sorted keys (with `"schema"` moved first), two-space indent, a final newline.
///
/// The bytes depend only on the report: keys are sorted, numbers are printed by `JSONEncoder` in their
/// shortest round-tripping form, and `nil` optionals are left out.
public enum JSONReportRenderer {
  package static func render(_ report: JourneyReport) throws -> String {
    String(decoding: try data(report), as: UTF8.self)
  }

  /// The JSON as UTF-8 bytes, ending in a newline.
  public static func data(_ report: JourneyReport) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    let encoded = try encoder.encode(report)
    var text = String(decoding: encoded, as: UTF8.self)
    text = schemaFirst(text)
    if !text.hasSuffix("\n") { text += "\n" }
    return Data(text.utf8)
  }

  /// Moves the top-level `"schema"` line to the top, so `head -2 report.json` tells what the file is.
  ///
  /// With sorted keys `"schema"` is never the last top-level key (`summary` and `transitions` follow it),
  /// so its line always ends with a comma and can move without touching any other line.
  static func schemaFirst(_ text: String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    // Top-level keys are indented by exactly two spaces, whatever the encoder's separator style.
    guard lines.count > 2,
      let index = lines.firstIndex(where: { $0.hasPrefix("  \"schema\"") && $0.hasSuffix(",") }),
      index > 1
    else { return text }
    let line = lines.remove(at: index)
    lines.insert(line, at: 1)
    return lines.joined(separator: "\n")
  }
}
