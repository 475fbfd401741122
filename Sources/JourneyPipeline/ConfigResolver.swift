import JourneyConfig
import JourneyIngest
import JourneyInput
import JourneyModel
import JourneyParsing

/// Decides the effective config of a run: `-c FILE`, else `--preset NAME`, else the preset the
/// first input looks like; then the command line's overrides on top.
package enum ConfigResolver {
  /// Preset detection opens the first input, which the ingest then reads from `inputs`.
  package static func resolve(_ settings: RunSettings, inputs: InputQueue) throws(JourneyError) -> JourneyConfig {
    var config: JourneyConfig
    if let path = settings.configPath {
      if let text = settings.configText {
        config = try ConfigLoader.parse(yaml: text, file: path)
      } else {
        config = try ConfigLoader.load(path: path)
      }
      if let name = settings.preset, config.input.preset != name {
        throw JourneyError(kind: .usage, message: "--preset \(name) conflicts with the config file \(path); set input.preset there instead")
      }
    } else if let name = settings.preset {
      config = try preset(named: name).config
    } else {
      config = try detectPreset(inputs: inputs, settings: settings).config
    }
    try applyOverrides(settings, to: &config)
    return config
  }

  static func preset(named name: String) throws(JourneyError) -> Preset {
    guard let preset = Preset.named(name) else {
      let known = Preset.all.map(\.name).joined(separator: ", ")
      throw JourneyError(kind: .usage, message: "unknown preset '\(name)'; known presets: \(known)")
    }
    return preset
  }

  /// Looks at the first non-empty line of the first input and picks the preset it fits.
  static func detectPreset(inputs: InputQueue, settings: RunSettings) throws(JourneyError) -> Preset {
    guard let reader = try inputs.first() else {
      throw JourneyError(kind: .usage, message: "no input given")
    }
    let first = reader.source
    if reader.head == nil, let issue = reader.issue {
      // Not empty: a binary file, or gzip data broken before its first byte.
      throw JourneyError(
        kind: .input, location: first.displayName,
        message: "\(issue.message); no line to detect a preset from (pass -c CONFIG or --preset NAME to read the other inputs)")
    }
    guard reader.head != nil else {
      throw JourneyError(
        kind: .usage, location: first.displayName,
        message: "is empty: no line to detect a preset from; pass -c CONFIG or --preset NAME")
    }
    let sniff = FormatSniffer.sniff(head: reader.head, declared: settings.format)
    if let preset = sniff.preset { return preset }
    let what = sniff.format.map { "\($0)" } ?? "an unknown format"
    throw JourneyError(
      kind: .usage, location: first.displayName,
      message: "looks like \(what) but matches no preset; pass -c CONFIG (start with `journey init`) or --preset NAME")
  }

  static func applyOverrides(_ settings: RunSettings, to config: inout JourneyConfig) throws(JourneyError) {
    if let format = settings.format {
      config.input.setFormat(format, spelledAs: settings.formatSpelling ?? format.rawValue)
    }
    if let timeout = settings.timeout {
      guard timeout > 0 else { throw JourneyError(kind: .usage, message: "--timeout must be positive") }
      config.sessions.timeout = timeout
    }
    if let scope = settings.scope { config.funnel.scope = scope }
    if let order = settings.order { config.funnel.order = order }
  }

  /// `--input-format NAME`: `auto`, or a format name in any case, aliases too (`json`, `jsonl`,
  /// `clf`, `ws`; see `RecordFormat.init(name:separator:)`).
  package static func inputFormat(named name: String) throws(JourneyError) -> InputFormat {
    if name == "auto" { return .auto }
    guard let format = RecordFormat(name: name) else {
      throw JourneyError(kind: .usage, message: "unknown input format '\(name)' (expected auto, ndjson, csv, tsv, combined, common, whitespace)")
    }
    return format.inputFormat
  }
}
