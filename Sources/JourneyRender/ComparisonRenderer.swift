import JourneyCompare

/// Draws a ``ReportComparison`` in one of the ``OutputFormat``s: the entry point of `journey compare`.
///
/// Every format is deterministic (the same comparison and options give the same bytes) and ends
/// with a newline.
package enum ComparisonRenderer {
  package static func render(
    _ comparison: ReportComparison, as format: OutputFormat, options: RenderOptions = RenderOptions(title: "Journey comparison")
  ) throws -> String {
    switch format {
    case .table: ComparisonTableRenderer(comparison: comparison, options: options).render()
    case .markdown: ComparisonMarkdownRenderer(comparison: comparison).render()
    case .csv: ComparisonCSVRenderer(comparison: comparison).render()
    case .json: try ComparisonJSONRenderer.render(comparison)
    case .html: try ComparisonHTMLRenderer(comparison: comparison, options: options).render()
    }
  }
}
