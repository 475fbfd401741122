import ArgumentParser
import Foundation
import JourneyConfig
import JourneyModel
import JourneyRender

struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Print a commented starter config.",
    discussion: """
      Examples:
        journey init > shop.yaml
        journey init --preset segment > shop.yaml
        journey init --list
      """)

  @Option(help: "Start from this preset's field mapping and default journey.")
  var preset: String?

  @Flag(help: "List the presets.")
  var list = false

  func run() throws {
    if list {
      let width = Preset.all.map(\.name.count).max() ?? 10
      let lines = Preset.all.map { $0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.summary }
      try OutputFile.write(lines.joined(separator: "\n") + "\n", to: nil)
      return
    }
    if let preset {
      guard let found = Preset.named(preset) else {
        throw JourneyError(kind: .usage, message: "unknown preset '\(preset)'; known presets: \(Preset.all.map(\.name).joined(separator: ", "))")
      }
      try OutputFile.write(found.starterConfig(), to: nil)
    } else {
      try OutputFile.write(Preset.genericStarterConfig(), to: nil)
    }
  }
}

struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check a config; errors name the file, line and column.",
    discussion: """
      Examples:
        journey validate -c shop.yaml
      Exit status 0 when the config is valid, 1 otherwise.
      """)

  @Option(name: [.short, .customLong("config")], help: "The YAML config to check.")
  var config: String

  func run() throws {
    let loaded = try ConfigLoader.load(path: config)
    let rules = loaded.rules.count
    let touchpoint = loaded.touchpointName.map { "touchpoint \($0)" } ?? "no touchpoint"
    try OutputFile.write(
      "\(config): ok (\(loaded.stages.count) stages, \(rules) rule\(rules == 1 ? "" : "s"), funnel \(loaded.funnel.order.rawValue) by \(loaded.funnel.scope.rawValue), \(touchpoint))\n",
      to: nil)
  }
}
