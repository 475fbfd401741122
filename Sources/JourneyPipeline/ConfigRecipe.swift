import JourneyConfig
import JourneyModel

/// How a run made its effective config, kept in a partial report (SPEC §12) so that `journey
/// merge` makes the same one without the file: the config file's path as given and its text (or
/// the preset, named or detected), and the command line's overrides.
package struct ConfigRecipe: Codable, Sendable, Equatable {
  /// `-c FILE` as given, and the file's text.
  package var path: String?
  package var text: String?
  /// The preset, when no config file was given (`--preset NAME`, or the one the input looked like).
  package var preset: String?
  /// `--input-format`, `--timeout` (µs), `--scope`, `--order`.
  package var format: String?
  package var formatSpelling: String?
  package var timeout: Microseconds?
  package var scope: String?
  package var order: String?

  init(config: JourneyConfig, settings: RunSettings) {
    if let source = config.source, let text = config.text {
      path = source
      self.text = text
    } else {
      preset = config.input.preset
    }
    format = settings.format?.rawValue
    formatSpelling = settings.formatSpelling
    timeout = settings.timeout
    scope = settings.scope?.rawValue
    order = settings.order?.rawValue
  }

  /// The effective config again: the text parsed under its path (so locations read as the run's
  /// did), or the preset, with the overrides on top.
  func resolve() throws(JourneyError) -> JourneyConfig {
    var settings = RunSettings()
    if let format {
      guard let value = InputFormat(rawValue: format) else {
        throw JourneyError(kind: .input, message: "the partial names an unknown input format '\(format)'")
      }
      settings.format = value
      settings.formatSpelling = formatSpelling
    }
    settings.timeout = timeout
    settings.scope = scope.flatMap(FunnelScope.init(rawValue:))
    settings.order = order.flatMap(FunnelOrder.init(rawValue:))
    var config: JourneyConfig
    if let path, let text {
      config = try ConfigLoader.parse(yaml: text, file: path)
    } else if let preset {
      config = try ConfigResolver.preset(named: preset).config
    } else {
      throw JourneyError(kind: .input, message: "the partial names neither a config nor a preset")
    }
    try ConfigResolver.applyOverrides(settings, to: &config)
    return config
  }
}
