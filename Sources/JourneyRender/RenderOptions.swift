/// How a report is drawn: what the CLI knows about the terminal and the run.
package struct RenderOptions: Sendable {
  /// ANSI colour in `table` output. The CLI sets it for a TTY when `NO_COLOR` is unset.
  package var color: Bool
  /// The column budget of `table` output.
  package var width: Int
  /// The user's config file as written, shown in HTML (collapsed) after the effective config
  /// (the report's `config`); nil without `-c`.
  package var configText: String?
  /// Where the config file came from (`shop.yaml`), shown beside it in HTML.
  package var configName: String?
  /// The HTML page's title.
  package var title: String

  package init(
    color: Bool = false, width: Int = 100, configText: String? = nil, configName: String? = nil,
    title: String = "Customer journey report"
  ) {
    self.color = color
    self.width = width
    self.configText = configText
    self.configName = configName
    self.title = title
  }
}
