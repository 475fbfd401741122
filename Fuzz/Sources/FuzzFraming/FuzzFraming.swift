#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif
import FuzzSupport
import JourneyInput

/// Frames the input as NDJSON lines and as CSV / TSV records (RFC 4180 quotes), each in one chunk and
/// in small seeded chunks, with the default record limit and with a small one (1–64 bytes, from the
/// first byte).
///
/// Invariants:
/// - the same records (bytes, line, too-long flag) wherever the chunks were cut;
/// - no record is empty; a record is at most the limit, a too-long one at most `min(256, limit)` bytes;
/// - record lines strictly increase;
/// - line framing with the default limit equals a plain reference: split at `\n` after a leading BOM,
///   drop one trailing `\r`, skip empty lines.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFraming(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let input = UnsafeRawBufferPointer(start: start, count: count)
  let seed = count > 0 ? input[0] : 0
  let smallLimit = 1 + Int(seed % 64)
  let framings: [Framing] = [
    .lines, .quoted(separator: UInt8(ascii: ",")), .quoted(separator: UInt8(ascii: "\t")),
  ]
  for framing in framings {
    for limit in [16 << 20, smallLimit] {
      let whole = frame(input, framing: framing, limit: limit, chunks: [0..<count])
      let pieces = frame(input, framing: framing, limit: limit, chunks: ChunkPlan(count: count, seed: seed))
      fuzzCheck(
        whole == pieces,
        "\(framing) limit \(limit): \(whole.count) records in one chunk, \(pieces.count) in pieces; first difference at \(firstDifference(whole, pieces))"
      )
      var previousLine = 0
      for record in whole.entries {
        let bytes = whole.bytes[record.start..<record.end]
        fuzzCheck(!bytes.isEmpty, "\(framing): an empty record at line \(record.line)")
        fuzzCheck(record.line > previousLine, "\(framing): line \(record.line) after line \(previousLine)")
        previousLine = record.line
        if record.isTooLong {
          fuzzCheck(bytes.count <= min(256, limit), "\(framing): a too-long prefix of \(bytes.count) bytes")
        } else {
          fuzzCheck(bytes.count <= limit, "\(framing): a record of \(bytes.count) bytes over the limit \(limit)")
        }
        if framing == .lines {
          fuzzCheck(!bytes.contains(0x0A), "a line record holds a newline: \(fuzzDescribe(bytes))")
        }
      }
      if framing == .lines && limit == 16 << 20 {
        let expected = referenceLines(input)
        fuzzCheck(
          whole == expected,
          "lines: \(whole.count) records, the reference \(expected.count); first difference at \(firstDifference(whole, expected))")
      }
    }
  }
  return 0
}

/// The records of one framing, copied out of the framer's callbacks into one byte buffer (one
/// allocation for all records, not one each) with an entry per record. Two are equal exactly when
/// their records are (bytes, line, too-long flag, in order); the bytes are compared with one `memcmp`,
/// not byte by byte in instrumented code.
struct Records: Equatable {
  struct Entry: Equatable {
    var start: Int
    var end: Int
    var line: Int
    var isTooLong: Bool
  }

  var bytes: [UInt8] = []
  var entries: [Entry] = []

  init(capacity: Int) { bytes.reserveCapacity(capacity) }

  var count: Int { entries.count }

  mutating func append(_ record: UnsafeRawBufferPointer, line: Int, isTooLong: Bool) {
    let start = bytes.count
    bytes.append(contentsOf: record)
    entries.append(Entry(start: start, end: bytes.count, line: line, isTooLong: isTooLong))
  }

  static func == (a: Records, b: Records) -> Bool {
    guard a.entries == b.entries, a.bytes.count == b.bytes.count else { return false }
    return a.bytes.withUnsafeBytes { x in b.bytes.withUnsafeBytes { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
  }
}

func frame(_ input: UnsafeRawBufferPointer, framing: Framing, limit: Int, chunks: some Sequence<Range<Int>>) -> Records {
  var framer = RecordFramer(framing: framing, maxRecordLength: limit)
  var records = Records(capacity: input.count)
  for chunk in chunks {
    framer.feed(UnsafeRawBufferPointer(rebasing: input[chunk])) { record in
      records.append(record.bytes, line: record.line, isTooLong: record.isTooLong)
    }
  }
  framer.finish { record in
    records.append(record.bytes, line: record.line, isTooLong: record.isTooLong)
  }
  fuzzCheck(framer.records == records.count, "framer.records \(framer.records), delivered \(records.count)")
  return records
}

/// Line framing written plainly: the reference for `.lines` without a length limit.
func referenceLines(_ input: UnsafeRawBufferPointer) -> Records {
  var bytes = input[...]
  if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
  var records = Records(capacity: input.count)
  for (index, piece) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
    var line = UnsafeRawBufferPointer(rebasing: piece)
    if line.last == 0x0D { line = UnsafeRawBufferPointer(rebasing: line.dropLast()) }
    if !line.isEmpty { records.append(line, line: index + 1, isTooLong: false) }
  }
  return records
}

func firstDifference(_ a: Records, _ b: Records) -> String {
  for (x, y) in zip(a.entries, b.entries) where x.line != y.line || x.isTooLong != y.isTooLong || !a.bytes[x.start..<x.end].elementsEqual(b.bytes[y.start..<y.end]) {
    return "line \(x.line) \(fuzzDescribe(a.bytes[x.start..<x.end]))\(x.isTooLong ? " (too long)" : "") vs line \(y.line) \(fuzzDescribe(b.bytes[y.start..<y.end]))\(y.isTooLong ? " (too long)" : "")"
  }
  return "record \(min(a.count, b.count))"
}

/// The process entry (see ``runFuzzer(_:_:_:)``): libFuzzer's driver on ``fuzzFraming(_:_:)``.
@_cdecl("FuzzFraming_main")
public func fuzzFramingMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv, fuzzFraming)
}
