import Foundation
import JourneyConfig

/// The YAML text behind a config, shown in the HTML report: the file as written, or the preset's.
public enum ConfigText {
  public static func yaml(for config: JourneyConfig) -> String? {
    if let source = config.source, let text = try? String(contentsOfFile: source, encoding: .utf8) {
      return text
    }
    if let name = config.input.preset, let preset = Preset.named(name) {
      return preset.starterConfig()
    }
    return nil
  }
}
