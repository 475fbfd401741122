import Foundation
import JourneyModel
import Yams

/// Reads and checks `journey` config files (SPEC §3); every error names file, line and column.
public enum ConfigLoader {
  /// Reads the YAML config at `path`.
  package static func load(path: String) throws(JourneyError) -> JourneyConfig {
    // At most one byte over the limit is read, so `-c /dev/zero` or a huge file fails fast.
    guard let handle = FileHandle(forReadingAtPath: path),
      let data = try? handle.read(upToCount: YAMLExpansionGuard.byteLimit + 1) ?? Data()
    else {
      throw JourneyError(kind: .config, location: path, message: "cannot read the config file (missing or unreadable)")
    }
    try? handle.close()
    guard data.count <= YAMLExpansionGuard.byteLimit else {
      throw JourneyError(
        kind: .config, location: path,
        message: "the config file is over \(YAMLExpansionGuard.byteLimit) bytes (1 MiB); a config may be at most that")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw JourneyError(kind: .config, location: path, message: "the config file is not UTF-8 text")
    }
    return try parse(yaml: text, file: path)
  }

  /// Parses config text; `file` names it in errors and becomes ``JourneyConfig/source``, the text
  /// ``JourneyConfig/text``.
  ///
  /// With `input.preset`, the preset's config is the base and every key in the text replaces the
  /// preset's value for that key (`stages` and `rules` replace together; lists replace whole).
  public static func parse(yaml: String, file: String) throws(JourneyError) -> JourneyConfig {
    var parser = ConfigParser(file: file)
    var config = try parser.parseDocument(yaml, usePresets: true)
    config.source = file
    config.text = yaml
    return config
  }

  /// Parses a preset's own YAML (no `input.preset` allowed).
  static func parsePreset(yaml: String, name: String) throws(JourneyError) -> JourneyConfig {
    var parser = ConfigParser(file: "preset:\(name)")
    var config = try parser.parseDocument(yaml, usePresets: false)
    config.input.preset = name
    return config
  }

  /// `"90s"`, `"30m"`, `"2h"`, `"7d"`, `"1w"`, `"500ms"`, `"250us"`, `"1.5h"`.
  ///
  /// Nil for anything else, for negative durations, and for a number without a unit (SPEC §11: `30`
  /// meant 30 seconds to some and 30 minutes to others; ``unitSuggestion(_:)`` says what to write).
  package static func durationMicroseconds(_ text: String) -> Microseconds? {
    let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
    guard !trimmed.isEmpty else { return nil }
    let numberEnd = trimmed.firstIndex { !($0.isASCII && ($0.isNumber || $0 == ".")) } ?? trimmed.endIndex
    let numberText = trimmed[..<numberEnd]
    let unit = trimmed[numberEnd...].trimmingCharacters(in: .whitespaces)
    guard !numberText.isEmpty, numberText.first != ".", let number = Double(numberText), number >= 0 else { return nil }
    let scale: Double
    switch unit {
    case "s", "sec", "secs", "second", "seconds": scale = 1e6
    case "ms": scale = 1e3
    case "us", "µs": scale = 1
    case "m", "min", "mins", "minute", "minutes": scale = 60e6
    case "h", "hr", "hour", "hours": scale = 3600e6
    case "d", "day", "days": scale = 86_400e6
    case "w", "week", "weeks": scale = 604_800e6
    default: return nil
    }
    let micros = (number * scale).rounded()
    guard micros < 9e18 else { return nil }
    return Microseconds(micros)
  }

  /// For a positive number without a unit, the duration it most likely meant: minutes for a
  /// number below 60 or not a multiple of 60 (`30` → `30m`), else seconds with their shorter form
  /// (`1800` → `1800s (30m)`); nil for anything else.
  package static func unitSuggestion(_ text: String) -> String? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), trimmed.first != ".",
      let number = Double(trimmed), number > 0, number < 1e12
    else { return nil }
    if number >= 60, number.truncatingRemainder(dividingBy: 60) == 0 {
      return "\(trimmed)s (\(durationText(Microseconds(number * 1e6))))"
    }
    return "\(trimmed)m"
  }

  /// The shortest exact text for a duration: `30m`, `7d`, `90s`, `500ms`.
  package static func durationText(_ micros: Microseconds) -> String {
    let units: [(Int64, String)] = [(86_400_000_000, "d"), (3_600_000_000, "h"),
                                     (60_000_000, "m"), (1_000_000, "s"), (1000, "ms")]
    if micros == 0 { return "0s" }
    for (size, name) in units where micros % size == 0 { return "\(micros / size)\(name)" }
    return "\(micros)us"
  }

  /// True when `identifier` is a time zone Foundation knows (IANA names such as `Europe/Berlin`, and `UTC`).
  package static func isKnownTimeZone(_ identifier: String) -> Bool {
    guard !identifier.isEmpty, let zone = TimeZone(identifier: identifier) else { return false }
    _ = zone
    return true
  }
}
