public import Foundation
import JourneyModel
public import JourneyReports

/// Writes `journey-report/3` JSON: sorted keys (with `"schema"` moved first), two-space indent, a final newline.
///
/// The bytes depend only on the report: keys are sorted, numbers are printed by `JSONEncoder` in their
/// shortest round-tripping form, and `nil` optionals are left out.
public enum JSONReportRenderer {
  package static func render(_ report: JourneyReport) throws -> String {
    String(decoding: try data(report), as: UTF8.self)
  }

  /// The JSON as UTF-8 bytes, ending in a newline.
  public static func data(_ report: JourneyReport) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    var bytes = schemaFirst([UInt8](try encoder.encode(report)))
    if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
    return Data(bytes)
  }

  /// Moves the top-level `"schema"` line to the top, so `head -2 report.json` tells what the file is.
  ///
  /// With sorted keys `"schema"` is never the last top-level key (`summary` and `transitions` follow it),
  /// so its line always ends with a comma and can move without touching any other line.
  static func schemaFirst(_ text: String) -> String {
    String(decoding: schemaFirst(Array(text.utf8)), as: UTF8.self)
  }

  /// ``schemaFirst(_:)-(String)`` on the UTF-8 bytes: a report of a few megabytes is searched for
  /// one line, not split into lines of `Character`s (that took longer than the rest of rendering).
  static func schemaFirst(_ bytes: [UInt8]) -> [UInt8] {
    let newline = UInt8(ascii: "\n")
    // Top-level keys are indented by exactly two spaces, whatever the encoder's separator style.
    let key = Array("  \"schema\"".utf8)
    var lines: (first: Int, start: Int, end: Int)? = nil
    bytes.withUnsafeBufferPointer { all in
      guard let base = all.baseAddress, let firstEnd = Self.next(newline, in: all, from: 0) else { return }
      var start = firstEnd + 1
      while start < all.count, let end = Self.next(newline, in: all, from: start) {
        if end - start >= key.count && bytesEqual(base + start, key, count: key.count) {
          if start > firstEnd + 1 && all[end - 1] == UInt8(ascii: ",") { lines = (firstEnd, start, end) }
          return
        }
        start = end + 1
      }
    }
    guard let (firstEnd, lineStart, lineEnd) = lines else { return bytes }
    var moved = [UInt8]()
    moved.reserveCapacity(bytes.count)
    moved.append(contentsOf: bytes[...firstEnd])
    moved.append(contentsOf: bytes[lineStart...lineEnd])
    moved.append(contentsOf: bytes[(firstEnd + 1)..<lineStart])
    moved.append(contentsOf: bytes[(lineEnd + 1)...])
    return moved
  }

  /// The index of the first `byte` at or after `from`, or nil.
  private static func next(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
    guard from < bytes.count, let base = bytes.baseAddress,
      let found = memchr(base + from, Int32(byte), bytes.count - from)
    else { return nil }
    return UnsafeRawPointer(found) - UnsafeRawPointer(base)
  }
}
