import Foundation
import JourneyModel
import JourneyReports

/// The fingerprint of an effective config: XXH64 of its JSON with sorted keys (`xxh64:HEX`).
enum ConfigFingerprint {
  static func of(_ config: JSONValue?) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let bytes = Array((try? encoder.encode(config)) ?? Data())
    return "xxh64:" + String(bytes.withUnsafeBytes { XXHash64.hash($0, seed: 0) }, radix: 16)
  }
}
