public import JourneyReports

/// Draws a ``JourneyReport`` in one of the ``OutputFormat``s: the one entry point the CLI calls.
///
/// Every format is deterministic: the same report and options give the same bytes. Each ends with a newline.
package enum ReportRenderer {
  package static func render(_ report: JourneyReport, as format: OutputFormat, options: RenderOptions = RenderOptions())
    throws -> String
  {
    switch format {
    case .table: TableReportRenderer(report: report, options: options).render()
    case .markdown: MarkdownReportRenderer(report: report).render()
    case .csv: CSVReportRenderer(report: report).render()
    case .json: try JSONReportRenderer.render(report)
    case .html: try HTMLReportRenderer(report: report, options: options).render()
    }
  }
}
