import JourneyModel

/// A ready-made config for a common export: field mapping plus a sensible default journey.
///
/// `journey report --preset rees46 FILE` runs on ``config`` alone; a config file with
/// `input.preset` starts from it and overrides any part.
package struct Preset: Sendable {
  package var name: String
  package var summary: String
  package var config: JourneyConfig
  /// The preset's YAML (without `preset:`), the body of ``starterConfig()``.
  let yaml: String
  /// Field names (CSV header columns or top-level JSON keys) that must all be present for ``detect(format:fieldNames:)``.
  let signature: [String]

  init(name: String, summary: String, signature: [String], yaml: String) {
    self.name = name
    self.summary = summary
    self.signature = signature
    self.yaml = yaml
    do {
      self.config = try ConfigLoader.parsePreset(yaml: yaml, name: name)
    } catch {
      fatalError("preset \(name) does not parse: \(error)")
    }
  }

  package static let all: [Preset] = PresetCatalog.presets

  package static func named(_ name: String) -> Preset? { all.first { $0.name == name } }

  /// The preset whose fields an input has: from CSV header columns, top-level JSON keys of the first
  /// record, or the format alone (`combined`, `common`). Nil when nothing fits.
  package static func detect(format: InputFormat, fieldNames: [String]) -> Preset? {
    if format.isAccessLog { return named(format.rawValue) }
    // A semicolon-separated header read with the wrong separator arrives as one name.
    var names = Set(fieldNames.map { $0.trimmingWhitespace() })
    if fieldNames.count == 1, let only = fieldNames.first {
      for separator: Character in [";", "\t", ","] where only.contains(separator) {
        names.formUnion(only.split(separator: separator).map { String($0).trimmingWhitespace() })
      }
    }
    if fieldNames.count <= 1, let only = fieldNames.first, only.contains(" ") {
      names.formUnion(only.split(separator: " ").map(String.init))
    }
    // The most specific fit wins (PostHog's keys include Mixpanel's `event` and `properties`).
    let fits = all.filter { preset in !preset.signature.isEmpty && preset.signature.allSatisfy(names.contains) }
    return fits.max { a, b in a.signature.count < b.signature.count }
  }

  /// `journey init --preset NAME`: a commented config that parses back to ``config``.
  package func starterConfig() -> String {
    var lines = [
      "# journey config, starting from the '\(name)' preset: \(summary)",
      "# Made by `journey init --preset \(name)`. Keys here override the preset; delete what you",
      "# do not need (`stages` and `rules` replace the preset's together). Check with `journey validate -c FILE`.",
      "",
    ]
    for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
      lines.append(String(line))
      if line == "input:" { lines.append("  preset: \(name)") }
    }
    while lines.last == "" { lines.removeLast() }
    lines.append(contentsOf: Self.optionalSections.filter { section in !yaml.contains("\n\(section.key):") && !yaml.hasPrefix("\(section.key):") }.map(\.text))
    return lines.joined(separator: "\n") + "\n"
  }

  /// `journey init` without a preset: the SPEC §3 example, commented.
  package static func genericStarterConfig() -> String { PresetCatalog.genericStarter }

  /// Commented-out defaults appended to starters that do not set them.
  static let optionalSections: [(key: String, text: String)] = [
    ("exclude", """

      # exclude:                # events dropped before anything else (bots, tests)
      #   - field: user_agent
      #     regex: "(?i)bot|crawler|spider"
      """),
    ("sessions", """

      # sessions:
      #   timeout: 30m            # a gap longer than this starts a new session
      #   split_at_midnight: false
      #   timezone: UTC           # IANA name; used by midnight splits and daily breakdowns
      #   new_on_change: null     # a field whose change starts a new session
      #   max_duration: null
      """),
    ("funnel", """

      # funnel:
      #   scope: session          # session | user
      #   order: ordered          # ordered | strict | any
      #   window: null            # user scope: the whole chain within this time, e.g. 7d
      """),
    ("breakdown", """

      # breakdown:
      #   - field: some_field
      #     top: 10
      """),
    ("report", """

      # report:
      #   top_paths: 20
      #   max_path_length: 10
      """),
    ("touchpoint", """

      # touchpoint: some_field  # field naming what people do (the journey map); default: the event field
      """),
    ("journey_map", """

      # journey_map:
      #   top: 10                 # touchpoints listed per stage in table/markdown/html (JSON: top 100)
      #   min_units: 25           # lift is reported only for touchpoints of at least this many units
      """),
  ]
}

extension String {
  func trimmingWhitespace() -> String {
    var s = Substring(self)
    while let c = s.first, c.isWhitespace || c == "\u{FEFF}" || c == "\"" { s.removeFirst() }
    while let c = s.last, c.isWhitespace || c == "\"" { s.removeLast() }
    return String(s)
  }
}
