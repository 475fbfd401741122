import Foundation
import JourneyInput

/// A delivered record copied out of its callback, for comparisons.
struct Framed: Equatable, CustomStringConvertible {
  var bytes: [UInt8]
  var line: Int
  var isTooLong = false

  init(_ text: String, line: Int, isTooLong: Bool = false) {
    self.bytes = Array(text.utf8)
    self.line = line
    self.isTooLong = isTooLong
  }

  init(_ record: InputRecord) {
    self.bytes = Array(record.bytes)
    self.line = record.line
    self.isTooLong = record.isTooLong
  }

  var text: String { String(decoding: bytes, as: UTF8.self) }
  var description: String { "\(line)\(isTooLong ? "!" : ""):\(text.debugDescription)" }
}

/// Frames `data` fed in chunks of `chunkSize` bytes (all at once when nil).
func frame(
  _ data: [UInt8], framing: Framing = .lines, maxRecordLength: Int = 1 << 20, chunkSize: Int? = nil
) -> [Framed] {
  var framer = RecordFramer(framing: framing, maxRecordLength: maxRecordLength)
  var records: [Framed] = []
  data.withUnsafeBytes { bytes in
    let step = max(1, chunkSize ?? bytes.count)
    var start = 0
    repeat {
      let end = min(bytes.count, start + step)
      framer.feed(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) { records.append(Framed($0)) }
      start = end
    } while start < bytes.count
  }
  framer.finish { records.append(Framed($0)) }
  return records
}

func frame(_ text: String, framing: Framing = .lines, maxRecordLength: Int = 1 << 20, chunkSize: Int? = nil) -> [Framed] {
  frame(Array(text.utf8), framing: framing, maxRecordLength: maxRecordLength, chunkSize: chunkSize)
}

/// Reads every record of `reader`.
func readAll(_ reader: RecordReader, framing: Framing = .lines) throws -> (records: [Framed], outcome: InputOutcome) {
  var records: [Framed] = []
  let outcome = try reader.forEachRecord(framing: framing) { records.append(Framed($0)) }
  return (records, outcome)
}

/// The lines of a text file as the framer should see them: BOM and CR stripped, empty ones skipped.
func expectedLines(_ data: [UInt8]) -> [Framed] {
  var data = data[...]
  if data.starts(with: [0xEF, 0xBB, 0xBF]) { data = data.dropFirst(3) }
  var result: [Framed] = []
  for (index, piece) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
    var line = piece
    if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
    if !line.isEmpty { result.append(Framed(bytes: Array(line), line: index + 1)) }
  }
  return result
}

extension Framed {
  init(bytes: [UInt8], line: Int, isTooLong: Bool = false) {
    self.bytes = bytes
    self.line = line
    self.isTooLong = isTooLong
  }
}
