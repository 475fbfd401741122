import Foundation
import JourneyModel

/// A cheap identity of an input file for partial reports (SPEC §12): its size and the XXH64 of its
/// first and last 64 KiB (`bytes:HEX`). Two partials that name the same path but read different
/// files (another day's export under the same name) are told apart without reading either whole.
enum InputFingerprint {
  static let edge = 64 << 10

  /// Nil when `path` is not a regular file that can be read (standard input, a pipe).
  static func of(path: String) -> String? {
    guard path != "-", let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      attributes[.type] as? FileAttributeType == .typeRegular, let size = (attributes[.size] as? NSNumber)?.intValue
    else { return nil }
    var bytes = Array((try? handle.read(upToCount: edge)) ?? Data())
    if size > edge {
      try? handle.seek(toOffset: UInt64(max(edge, size - edge)))
      bytes.append(contentsOf: (try? handle.read(upToCount: edge)) ?? Data())
    }
    let hash = bytes.withUnsafeBytes { XXHash64.hash($0, seed: 0) }
    return "\(size):" + String(hash, radix: 16)
  }
}
