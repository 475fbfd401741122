import Foundation
import JourneyCompare

/// Writes `journey-compare/1` JSON as ``JSONReportRenderer`` writes reports: sorted keys with
/// `"schema"` first, two-space indent, every key present (unknown values `null`), a final newline.
enum ComparisonJSONRenderer {
  static func render(_ comparison: ReportComparison) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    var text = JSONReportRenderer.schemaFirst(String(decoding: try encoder.encode(comparison), as: UTF8.self))
    if !text.hasSuffix("\n") { text += "\n" }
    return text
  }
}
