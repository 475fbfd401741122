import Foundation
import JourneyModel
import Yams

/// A key of a YAML mapping with its nodes (for locations).
struct Entry {
  var key: String
  var keyNode: Node
  var value: Node
}

/// Turns one YAML document into a ``JourneyConfig``, checking every key and value on the way.
struct ConfigParser {
  let file: String
  /// Field names of `input.fields`, for the `event:` / `url:` shorthands.
  var eventField: String? = nil
  var urlField: String? = nil

  init(file: String) { self.file = file }

  static let topKeys = [
    "input", "exclude", "dedupe", "sessions", "stages", "rules", "funnel", "breakdown", "report", "touchpoint", "journey_map", "personas",
  ]
  static let inputKeys = ["format", "separator", "preset", "events", "time_format", "null_values", "fields"]
  static let fieldKeys = ["user", "time", "time_offset", "time_offset_unit", "event", "session", "url"]
  static let sessionKeys = ["timeout", "split_at_midnight", "timezone", "new_on_change", "max_duration"]
  static let funnelKeys = ["scope", "order", "window"]
  static let breakdownKeys = ["field", "top"]
  static let reportKeys = ["top_paths", "max_path_length"]
  static let journeyMapKeys = ["top", "min_units"]

  // MARK: Document

  mutating func parseDocument(_ yaml: String, usePresets: Bool) throws(JourneyError) -> JourneyConfig {
    try YAMLExpansionGuard.check(yaml, file: file)
    let root: Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch let error as YamlError {
      throw syntaxError(error)
    } catch {
      throw JourneyError(kind: .config, location: file, message: "cannot parse the YAML: \(error)")
    }
    guard let root, !isNull(root) else {
      throw JourneyError(kind: .config, location: "\(file):1:1", message: "the config is empty; expected at least 'stages' and 'rules', or 'input.preset'")
    }
    let top = try entries(root, context: "the config")
    try checkKeys(top, allowed: Self.topKeys, context: "at the top level")

    var config = JourneyConfig()
    let inputEntries = try value(top, "input").map { (node) throws(JourneyError) in try entries(node, context: "input") }
    if let presetEntry = inputEntries?.first(where: { $0.key == "preset" }), !isNull(presetEntry.value) {
      let name = try string(presetEntry.value, context: "input.preset")
      guard usePresets else { throw error(presetEntry.keyNode, "a preset cannot itself name a preset") }
      guard let preset = Preset.named(name) else {
        throw error(presetEntry.value, "unknown preset '\(name)'\(Suggestion.hint(for: name, in: Preset.all.map(\.name))); known presets: \(Preset.all.map(\.name).joined(separator: ", "))")
      }
      config = preset.config
    }
    if let inputEntries { try parseInput(inputEntries, into: &config.input) }
    if config.input.fields.user.fieldNames.isEmpty, config.input.format.isAccessLog {
      config.input.fields.user = .combined(config.input.format == .combined ? ["client", "user_agent"] : ["client"])
    }
    if config.input.fields.time.isEmpty, config.input.format.isAccessLog {
      config.input.fields.time = "time"
      if config.input.timeFormat == .auto { config.input.timeFormat = .clf }
    }
    eventField = config.input.fields.event
    urlField = config.input.fields.url

    if let node = value(top, "exclude") {
      config.exclude = []
      for (i, item) in try sequence(node, context: "exclude").enumerated() {
        config.exclude.append(try condition(item, context: "exclude[\(i)]"))
      }
    }
    if let node = value(top, "dedupe") {
      config.dedupe = try optionalString(node, context: "dedupe")
      config.dedupeLocation = location(node)
    }
    if let node = value(top, "sessions") { try parseSessions(try entries(node, context: "sessions"), into: &config.sessions) }

    let stagesNode = value(top, "stages")
    let rulesNode = value(top, "rules")
    if stagesNode != nil || rulesNode != nil {
      guard let stagesNode else {
        throw error(key(top, "rules")!, "'rules' needs a 'stages' list beside it (stages and rules replace a preset's together)")
      }
      config.stages = try parseStages(stagesNode)
      config.rules = []
      if let rulesNode {
        for (i, item) in try sequence(rulesNode, context: "rules").enumerated() {
          config.rules.append(try rule(item, index: i, stages: config.stages))
        }
      }
    }
    if let node = value(top, "funnel") { try parseFunnel(try entries(node, context: "funnel"), into: &config.funnel) }
    if let node = value(top, "breakdown") {
      config.breakdown = []
      for (i, item) in try sequence(node, context: "breakdown").enumerated() {
        config.breakdown.append(try breakdown(item, context: "breakdown[\(i)]"))
      }
    }
    if let node = value(top, "report") { try parseReport(try entries(node, context: "report"), into: &config.report) }
    if let node = value(top, "touchpoint") { config.touchpoint = try touchpoint(node) }
    if let node = value(top, "journey_map") {
      try parseJourneyMap(try entries(node, context: "journey_map"), into: &config.journeyMap)
    }
    if let node = value(top, "personas") {
      config.personas = try personas(node)
      // Their per-event tests must fit the event's bits; the error names the persona that overflows.
      _ = try PersonaPredicateLayout(personas: config.personas)
    }

    // What a runnable config must have.
    let rootLocation = location(root)
    if config.stages.isEmpty {
      throw JourneyError(kind: .config, location: rootLocation.description, message: "no stages: expected a 'stages' list (and 'rules'), or 'input.preset'")
    }
    if config.input.fields.user.fieldNames.isEmpty {
      throw JourneyError(kind: .config, location: rootLocation.description, message: "no user field: expected 'input.fields.user' (or 'input.preset')")
    }
    if config.input.fields.time.isEmpty {
      throw JourneyError(kind: .config, location: rootLocation.description, message: "no time field: expected 'input.fields.time' (or 'input.preset')")
    }
    return config
  }

  // MARK: Sections

  mutating func parseInput(_ items: [Entry], into input: inout InputSettings) throws(JourneyError) {
    try checkKeys(items, allowed: Self.inputKeys, context: "in input")
    for item in items {
      switch item.key {
      case "format": input.format = try choice(item.value, context: "input.format")
      case "separator":
        input.separator = try optionalString(item.value, context: "input.separator")
        if let s = input.separator, s.unicodeScalars.count != 1 {
          throw error(item.value, "input.separator must be one character, found '\(s)'")
        }
      case "preset": break
      case "events": input.events = try optionalString(item.value, context: "input.events")
      case "time_format": input.timeFormat = try choice(item.value, context: "input.time_format")
      case "null_values": input.nullValues = try stringList(item.value, context: "input.null_values")
      case "fields": try parseFields(try entries(item.value, context: "input.fields"), into: &input.fields)
      default: break
      }
    }
  }

  func parseFields(_ items: [Entry], into fields: inout FieldSettings) throws(JourneyError) {
    try checkKeys(items, allowed: Self.fieldKeys, context: "in input.fields")
    for item in items {
      let context = "input.fields.\(item.key)"
      switch item.key {
      case "user":
        if case .mapping = item.value {
          let parts = try entries(item.value, context: context)
          try checkKeys(parts, allowed: ["combine"], context: "in \(context)")
          guard let combine = parts.first else { throw error(item.value, "\(context) expected {combine: [field, ...]}") }
          let names = try stringList(combine.value, context: "\(context).combine")
          guard !names.isEmpty else { throw error(combine.value, "\(context).combine expected at least one field") }
          fields.user = .combined(names)
        } else {
          let names = try stringList(item.value, context: context)
          guard !names.isEmpty else { throw error(item.value, "\(context) expected a field name or a list of them") }
          fields.user = .fallbacks(names)
        }
      case "time": fields.time = try string(item.value, context: context)
      case "time_offset": fields.timeOffset = try optionalString(item.value, context: context)
      case "time_offset_unit": fields.timeOffsetUnit = try choice(item.value, context: context)
      case "event": fields.event = try optionalString(item.value, context: context)
      case "session": fields.session = try optionalString(item.value, context: context)
      case "url": fields.url = try optionalString(item.value, context: context)
      default: break
      }
    }
  }

  func parseSessions(_ items: [Entry], into sessions: inout SessionSettings) throws(JourneyError) {
    try checkKeys(items, allowed: Self.sessionKeys, context: "in sessions")
    for item in items {
      let context = "sessions.\(item.key)"
      switch item.key {
      case "timeout":
        let timeout = try duration(item.value, context: context)
        guard timeout > 0 else { throw error(item.value, "\(context) must be positive, found '\(scalarText(item.value))'") }
        sessions.timeout = timeout
      case "split_at_midnight": sessions.splitAtMidnight = try bool(item.value, context: context)
      case "timezone":
        let zone = try string(item.value, context: context)
        guard ConfigLoader.isKnownTimeZone(zone) else {
          throw error(item.value, "unknown time zone '\(zone)' in \(context); expected an IANA name such as 'UTC' or 'Europe/Berlin'")
        }
        sessions.timezone = zone
      case "new_on_change":
        sessions.newOnChange = try optionalString(item.value, context: context)
        sessions.newOnChangeLocation = location(item.value)
      case "max_duration":
        if isNull(item.value) { sessions.maxDuration = nil } else {
          let d = try duration(item.value, context: context)
          guard d > 0 else { throw error(item.value, "\(context) must be positive, found '\(scalarText(item.value))'") }
          sessions.maxDuration = d
        }
      default: break
      }
    }
  }

  func parseFunnel(_ items: [Entry], into funnel: inout FunnelSettings) throws(JourneyError) {
    try checkKeys(items, allowed: Self.funnelKeys, context: "in funnel")
    for item in items {
      let context = "funnel.\(item.key)"
      switch item.key {
      case "scope": funnel.scope = try choice(item.value, context: context)
      case "order": funnel.order = try choice(item.value, context: context)
      case "window":
        if isNull(item.value) { funnel.window = nil } else {
          let d = try duration(item.value, context: context)
          guard d > 0 else { throw error(item.value, "\(context) must be positive, found '\(scalarText(item.value))'") }
          funnel.window = d
          funnel.windowLocation = location(item.value)
        }
      default: break
      }
    }
  }

  func breakdown(_ node: Node, context: String) throws(JourneyError) -> BreakdownSettings {
    if case .scalar = node { return BreakdownSettings(field: try string(node, context: context), location: location(node)) }
    let items = try entries(node, context: context)
    try checkKeys(items, allowed: Self.breakdownKeys, context: "in \(context)")
    guard let field = value(items, "field") else { throw error(node, "\(context) expected a 'field'") }
    var settings = BreakdownSettings(field: try string(field, context: "\(context).field"), location: location(field))
    if let top = value(items, "top") { settings.top = try positiveInt(top, context: "\(context).top") }
    return settings
  }

  func parseReport(_ items: [Entry], into report: inout PathReportSettings) throws(JourneyError) {
    try checkKeys(items, allowed: Self.reportKeys, context: "in report")
    for item in items {
      let context = "report.\(item.key)"
      switch item.key {
      case "top_paths": report.topPaths = try positiveInt(item.value, context: context)
      case "max_path_length": report.maxPathLength = try positiveInt(item.value, context: context)
      default: break
      }
    }
  }

  /// `touchpoint: FIELD` or `touchpoint: [FIELD, …]` (the first non-empty counts); null: the event
  /// field, as when the key is left out (so a config can undo a preset's choice).
  func touchpoint(_ node: Node) throws(JourneyError) -> TouchpointSettings? {
    if isNull(node) { return nil }
    let found: String? =
      switch node {
      case .sequence(let items): items.isEmpty ? "an empty list" : nil
      case .mapping, .alias: describe(node)
      case .scalar: nil
      }
    if let found { throw error(node, "touchpoint expected a field name or a list of them, found \(found)") }
    let names = try stringList(node, context: "touchpoint")
    let isList = if case .sequence = node { true } else { false }
    let items = isList ? try sequence(node, context: "touchpoint") : [node]
    for (i, name) in names.enumerated() where name.isEmpty {
      throw error(items[i], "\(isList ? "touchpoint[\(i)]" : "touchpoint") is empty; expected a field name")
    }
    return TouchpointSettings(fields: names, location: location(node))
  }

  func parseJourneyMap(_ items: [Entry], into map: inout JourneyMapSettings) throws(JourneyError) {
    try checkKeys(items, allowed: Self.journeyMapKeys, context: "in journey_map")
    for item in items {
      let context = "journey_map.\(item.key)"
      switch item.key {
      case "top": map.top = try positiveInt(item.value, context: context)
      case "min_units": map.minUnits = try positiveInt(item.value, context: context)
      default: break
      }
    }
  }

  /// Most funnel stages a config may list: transition matrices grow with the square of the count.
  static let maximumStages = 100

  func parseStages(_ node: Node) throws(JourneyError) -> [String] {
    var stages: [String] = []
    let items = try sequence(node, context: "stages")
    guard !items.isEmpty else { throw error(node, "stages is empty; expected at least one stage name") }
    for (i, item) in items.enumerated() {
      // The engine keeps (k + 1)² transition counts per partition and per breakdown value.
      guard i < Self.maximumStages else {
        throw error(item, "too many stages: at most \(Self.maximumStages) are allowed (stages[\(i)] is number \(i + 1) of \(items.count))")
      }
      let name = try string(item, context: "stages[\(i)]")
      guard !name.isEmpty else { throw error(item, "stages[\(i)] is empty; expected a stage name") }
      guard !stages.contains(name) else { throw error(item, "duplicate stage '\(name)' in stages[\(i)]") }
      stages.append(name)
    }
    return stages
  }
}
