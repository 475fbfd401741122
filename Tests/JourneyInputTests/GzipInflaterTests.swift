import CCRC32
import Foundation
import JourneyInput
import JourneyTestSupport
import Testing

@Suite struct GzipInflaterTests {
  static let original = try! [UInt8](Data(contentsOf: TestPaths.fixture("input/events.ndjson")))

  static func fixture(_ name: String) throws -> [UInt8] {
    try [UInt8](Data(contentsOf: TestPaths.fixture("input/\(name)")))
  }

  /// Inflates `data` fed in chunks of `chunkSize`, with output pieces of at most `outputCapacity`.
  static func inflateAll(
    _ data: [UInt8], chunkSize: Int = 1 << 16, outputCapacity: Int = 1 << 16, backend: InflaterBackend = .current,
    zlibChecksCRC: Bool = false
  ) throws -> (bytes: [UInt8], issue: InputIssue?) {
    var inflater = try GzipInflater(
      name: "test.gz", outputCapacity: outputCapacity, backend: backend, zlibChecksCRC: zlibChecksCRC)
    var output: [UInt8] = []
    data.withUnsafeBytes { bytes in
      var start = 0
      while start < bytes.count && !inflater.isStopped {
        let end = min(bytes.count, start + chunkSize)
        inflater.inflate(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) { output.append(contentsOf: $0) }
        start = end
      }
    }
    return (output, inflater.finish())
  }

  @Test(arguments: ["events-1.ndjson.gz", "events-9.ndjson.gz", "two-members.ndjson.gz", "zero-padded.ndjson.gz"])
  func inflatesWholeFilesWithoutIssue(name: String) throws {
    let (bytes, issue) = try Self.inflateAll(Self.fixture(name))
    #expect(issue == nil)
    #expect(bytes == Self.original)
  }

  @Test(arguments: [(1, 1), (7, 3), (4096, 1 << 20), (1 << 20, 5)])
  func givesTheSameBytesWhateverTheChunkSizes(chunkSize: Int, outputCapacity: Int) throws {
    let (bytes, issue) = try Self.inflateAll(Self.fixture("two-members.ndjson.gz"), chunkSize: chunkSize, outputCapacity: outputCapacity)
    #expect(issue == nil)
    #expect(bytes == Self.original)
  }

  @Test func inflatesConcatenatedMembersMadeByGzip() throws {
    let parts = ["first\n", "", "second\nthird", "\n"]
    var data: [UInt8] = []
    for (index, part) in parts.enumerated() {
      data += try [UInt8](Shell.gzip(Data(part.utf8), level: index % 2 == 0 ? 1 : 9))
    }
    let (bytes, issue) = try Self.inflateAll(data, chunkSize: 5)
    #expect(issue == nil)
    #expect(String(decoding: bytes, as: UTF8.self) == parts.joined())
  }

  @Test func reportsTruncationAtTheEndOfTheCompressedData() throws {
    let data = try Self.fixture("truncated.ndjson.gz")
    let (bytes, issue) = try Self.inflateAll(data, chunkSize: 1000)
    #expect(issue == InputIssue(file: "test.gz", byteOffset: 3425, message: "gzip data ends at compressed byte 3425 (truncated?)"))
    #expect(bytes.count > 1000)
    #expect(Self.original.starts(with: bytes))
  }

  /// The engine may have consumed all the input and still hold output (its last step filled the
  /// room): that output is delivered before the truncation, whatever the room (it was lost when the
  /// room was smaller than what the final input decodes to). `gzip -dc` decodes 28,253 bytes of it.
  @Test(arguments: InflaterBackend.available, [1, 100, 1000, 1 << 20])
  func deliversEverythingDecodableBeforeATruncation(backend: InflaterBackend, outputCapacity: Int) throws {
    let data = try Self.fixture("truncated.ndjson.gz")
    let (bytes, issue) = try Self.inflateAll(data, chunkSize: 1 << 20, outputCapacity: outputCapacity, backend: backend)
    #expect(issue?.message == "gzip data ends at compressed byte 3425 (truncated?)")
    #expect(bytes.count >= 28_252)
    #expect(Self.original.starts(with: bytes))
  }

  @Test(arguments: [1, 512, 1 << 16])
  func reportsCorruptDataWithZlibsMessageAndOffset(chunkSize: Int) throws {
    // The bytes are damaged from offset 1000; zlib notices when a distance points before the start.
    let (bytes, issue) = try Self.inflateAll(Self.fixture("corrupt.ndjson.gz"), chunkSize: chunkSize)
    #expect(issue == InputIssue(file: "test.gz", byteOffset: 1456, message: "corrupt gzip data at compressed byte 1456: invalid distance too far back"))
    #expect(bytes.count < Self.original.count)
    #expect(Self.original.starts(with: bytes.prefix(4000)))
  }

  @Test(arguments: [1, 3, 1 << 16])
  func reportsTrailingGarbageButKeepsTheData(chunkSize: Int) throws {
    let (bytes, issue) = try Self.inflateAll(Self.fixture("trailing-garbage.ndjson.gz"), chunkSize: chunkSize)
    #expect(bytes == Self.original)
    #expect(issue == InputIssue(file: "test.gz", byteOffset: 6851, message: "trailing garbage after gzip data at compressed byte 6851 (ignored)"))
  }

  @Test(arguments: [[0x0A], [0, 0, 7], [0x1F, 0x8B]] as [[UInt8]])
  func reportsShortTrailingGarbage(tail: [UInt8]) throws {
    let (bytes, issue) = try Self.inflateAll(Self.fixture("events-9.ndjson.gz") + tail)
    #expect(bytes == Self.original)
    #expect(issue?.message.hasPrefix("trailing garbage after gzip data at compressed byte 68") == true)
  }

  @Test func ignoresInputAfterItStopped() throws {
    var inflater = try GzipInflater()
    var output: [UInt8] = []
    let data = try Self.fixture("trailing-garbage.ndjson.gz")
    data.withUnsafeBytes { bytes in
      inflater.inflate(bytes) { output.append(contentsOf: $0) }
      inflater.inflate(bytes) { output.append(contentsOf: $0) }
    }
    let stopped = inflater.isStopped
    #expect(stopped)
    #expect(output == Self.original)
    #expect(inflater.finish()?.byteOffset == 6851)
  }

  @Test func inflatesAnEmptyMemberToNothing() throws {
    let (bytes, issue) = try Self.inflateAll(Self.fixture("empty.gz"))
    #expect(bytes.isEmpty)
    #expect(issue == nil)
  }

  @Test func reportsAHeaderCutShort() throws {
    let (bytes, issue) = try Self.inflateAll([0x1F, 0x8B, 0x08])
    #expect(bytes.isEmpty)
    #expect(issue?.message == "gzip data ends at compressed byte 3 (truncated?)")
  }

  @Test(arguments: InflaterBackend.available, BrokenGzip.allCases)
  func reportsAStreamThatBreaksBeforeItsFirstByte(backend: InflaterBackend, damage: BrokenGzip) throws {
    let data = damage.apply(to: try Self.fixture("events-9.ndjson.gz"))
    let name = damage.rawValue
    let (_, zlibIssue) = try Self.inflateAll(data, backend: .zlib)
    for chunkSize in [1, 1 << 16] {
      let (bytes, issue) = try Self.inflateAll(data, chunkSize: chunkSize, backend: backend)
      let found = try #require(issue, "\(name), \(backend), chunks of \(chunkSize): no issue, \(bytes.count) bytes")
      #expect(bytes.isEmpty, "\(name), \(backend)")
      #expect((0...data.count).contains(found.byteOffset))
      #expect(found.message.contains("compressed byte \(found.byteOffset)"), "\(found.message)")
      #expect(!found.message.contains("trailing garbage"), "\(found.message)")
      // The same place, in the same words (ISA-L says "invalid block" where zlib says "invalid block type").
      #expect(found.byteOffset == zlibIssue?.byteOffset, "\(name), \(backend)")
      if damage != .flippedFirstBlock { #expect(found.message == zlibIssue?.message, "\(name), \(backend)") }
    }
  }

  /// A later member that breaks before its first byte is corrupt data, not trailing garbage: its
  /// header is a gzip header (zlib used to call an error in its first block "trailing garbage").
  @Test(arguments: InflaterBackend.available, [BrokenGzip.flippedFirstBlock, .badHeaderCRC])
  func reportsASecondMemberThatBreaksBeforeItsFirstByte(backend: InflaterBackend, damage: BrokenGzip) throws {
    let good = try Self.fixture("events-9.ndjson.gz")
    let data = good + damage.apply(to: good)
    for chunkSize in [1, 1 << 16] {
      let (bytes, issue) = try Self.inflateAll(data, chunkSize: chunkSize, backend: backend)
      let found = try #require(issue, "\(damage.rawValue), \(backend): no issue")
      #expect(bytes == Self.original, "\(damage.rawValue), \(backend): the first member is kept whole")
      #expect(found.byteOffset >= good.count)
      #expect(found.message.hasPrefix("corrupt gzip data at compressed byte"), "\(damage.rawValue), \(backend): \(found.message)")
    }
  }

  /// `good` (a `gzip -n` member) with every optional header field: FEXTRA (`extraCount` bytes), FNAME,
  /// FCOMMENT and FHCRC, whose CRC-16 is right, or wrong when `badCRC`.
  static func withFullHeader(_ good: [UInt8], extraCount: Int, badCRC: Bool = false) -> [UInt8] {
    var header = Array(good[..<10])
    header[3] = 0x1E  // FHCRC | FEXTRA | FNAME | FCOMMENT
    header += [UInt8(extraCount & 0xFF), UInt8(extraCount >> 8)] + (0..<extraCount).map { UInt8(truncatingIfNeeded: $0 * 7 + 1) }
    header += Array("events.ndjson".utf8) + [0] + Array("a comment".utf8) + [0]
    let crc = UInt16(truncatingIfNeeded: Self.crc32(header)) ^ (badCRC ? 0x5A5A : 0)
    return header + [UInt8(crc & 0xFF), UInt8(crc >> 8)] + Array(good[10...])
  }

  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
  }

  /// A header that spans input chunks is read the same as one that arrives whole: ISA-L 2.30's
  /// `isal_inflate` forgets the flags and the CRC-16 of a header between calls (it lost FNAME after a
  /// FEXTRA cut, decoding the name as deflate data, and checked the CRC-16 against 0); found by FuzzGzip
  /// (Fuzz/FailCases/FuzzGzip/isal-header-crc-mismatch-only-in-one-chunk).
  @Test(arguments: InflaterBackend.available, [0, 5, 512])
  func readsAHeaderWithEveryFieldWhateverTheCuts(backend: InflaterBackend, extraCount: Int) throws {
    let good = try Self.fixture("events-9.ndjson.gz")
    let data = Self.withFullHeader(good, extraCount: extraCount) + Self.withFullHeader(good, extraCount: extraCount)
    for chunkSize in [1, 2, 7, 11, 97, 1 << 16] {
      let (bytes, issue) = try Self.inflateAll(data, chunkSize: chunkSize, outputCapacity: 61, backend: backend)
      #expect(issue == nil, "\(backend), extra \(extraCount), chunks of \(chunkSize): \(String(describing: issue))")
      let whole = bytes == Self.original + Self.original
      #expect(whole, "\(backend), extra \(extraCount), chunks of \(chunkSize): \(bytes.count) bytes")
    }
  }

  @Test(arguments: InflaterBackend.available, [0, 5, 512])
  func reportsAWrongHeaderCRCWhateverTheCuts(backend: InflaterBackend, extraCount: Int) throws {
    let good = try Self.fixture("events-9.ndjson.gz")
    let bad = Self.withFullHeader(good, extraCount: extraCount, badCRC: true)
    for (data, before) in [(bad, [UInt8]()), (good + bad, Self.original)] {
      let (_, zlibIssue) = try Self.inflateAll(data, backend: .zlib)
      for chunkSize in [1, 2, 7, 11, 97, 1 << 16] {
        let (bytes, issue) = try Self.inflateAll(data, chunkSize: chunkSize, outputCapacity: 61, backend: backend)
        let found = try #require(issue, "\(backend), extra \(extraCount), chunks of \(chunkSize): no issue")
        let kept = bytes == before
        #expect(kept, "\(backend), extra \(extraCount), chunks of \(chunkSize): \(bytes.count) bytes")
        #expect(found.message.hasSuffix("header crc mismatch"), "\(found.message)")
        #expect(found.byteOffset == zlibIssue?.byteOffset, "\(backend), extra \(extraCount), chunks of \(chunkSize)")
      }
    }
  }

  /// The trailer's CRC-32 stays a data check with both backends (the header's CRC-16 is told apart).
  @Test(arguments: InflaterBackend.available)
  func reportsABadTrailerChecksumAsADataCheck(backend: InflaterBackend) throws {
    var data = try Self.fixture("events-9.ndjson.gz")
    data[data.count - 8] ^= 0xFF
    let (bytes, issue) = try Self.inflateAll(data, backend: backend)
    #expect(bytes == Self.original)
    #expect(issue?.message.hasSuffix("incorrect data check") == true, "\(String(describing: issue))")
  }

  /// With zlib, the inflater checks a gzip member's CRC-32 and length itself (zlib's check is off): the
  /// same bytes and the same issue, offset and words, as when zlib checks, for every trailer byte
  /// damaged alone, CRC and length damaged together, a bad second member, a member with a header
  /// CRC-16 (zlib checks that one), and input and output cut every way.
  @Test func checksTheCRCAsZlibDoes() throws {
    let good = try Self.fixture("events-9.ndjson.gz")
    var cases: [(String, [UInt8])] = [("good", good), ("two good", good + good)]
    for i in 0..<8 {
      var bad = good
      bad[bad.count - 8 + i] ^= 0x41
      cases.append(("trailer byte \(i)", bad))
      cases.append(("second member, trailer byte \(i)", good + bad + good))
    }
    var both = good
    both[both.count - 8] ^= 1
    both[both.count - 1] ^= 1
    cases.append(("CRC and length", both))
    var truncated = good
    truncated.removeLast(3)
    cases.append(("trailer cut short", truncated))
    cases.append(("header CRC-16, then plain", Self.withFullHeader(good, extraCount: 5) + good))
    var badAfterHeaderCRC = Self.withFullHeader(good, extraCount: 5)
    badAfterHeaderCRC[badAfterHeaderCRC.count - 6] ^= 0x10
    cases.append(("header CRC-16, bad data check", badAfterHeaderCRC))
    for (name, data) in cases {
      for chunkSize in [1, 3, 8, 97, 1 << 16] {
        for outputCapacity in [61, 1 << 16] {
          let ours = try Self.inflateAll(data, chunkSize: chunkSize, outputCapacity: outputCapacity, backend: .zlib)
          let zlib = try Self.inflateAll(
            data, chunkSize: chunkSize, outputCapacity: outputCapacity, backend: .zlib, zlibChecksCRC: true)
          let sameBytes = ours.bytes == zlib.bytes
          #expect(sameBytes, "\(name), chunks \(chunkSize), output \(outputCapacity): \(ours.bytes.count) bytes, zlib \(zlib.bytes.count)")
          #expect(ours.issue == zlib.issue, "\(name), chunks \(chunkSize), output \(outputCapacity): \(String(describing: ours.issue)) against zlib's \(String(describing: zlib.issue))")
        }
      }
    }
    let (_, badCRC) = try Self.inflateAll(cases[2].1, backend: .zlib)
    #expect(badCRC?.message.hasSuffix("incorrect data check") == true, "\(String(describing: badCRC))")
    let (_, badLength) = try Self.inflateAll(cases[2 + 2 * 7].1, backend: .zlib)
    #expect(badLength?.message.hasSuffix("incorrect length check") == true, "\(String(describing: badLength))")
  }

  /// Input that ends inside a member's length (the trailer's last four bytes) with a bad CRC-32 before
  /// it: zlib's own check names the CRC-32 as soon as it has read it; the inflater checks both at the
  /// member's end, so it says the data ends there (found by FuzzGzip:
  /// Fuzz/FailCases/FuzzGzip/own-crc-check-input-ends-inside-the-length). The same bytes either way.
  @Test(arguments: [1, 2, 3])
  func reportsInputEndingInsideTheLengthAsTruncated(missing: Int) throws {
    var data = try Self.fixture("events-9.ndjson.gz")
    data[data.count - 8] ^= 0x41
    data.removeLast(missing)
    let ours = try Self.inflateAll(data, backend: .zlib)
    let zlib = try Self.inflateAll(data, backend: .zlib, zlibChecksCRC: true)
    #expect(ours.bytes == Self.original && zlib.bytes == Self.original)
    #expect(zlib.issue?.message.hasSuffix("incorrect data check") == true, "\(String(describing: zlib.issue))")
    #expect(ours.issue?.message == "gzip data ends at compressed byte \(data.count) (truncated?)", "\(String(describing: ours.issue))")
    // A later member with no output, cut there: trailing garbage, as any later member cut short before
    // its first byte (…-empty-second-member-ends-inside-the-length).
    let good = try Self.fixture("events-9.ndjson.gz")
    let empty: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0x03, 0x00, 1, 2, 3, 4, 0, 0, 0, 0]
    let cut = good + empty.dropLast(missing)
    let oursCut = try Self.inflateAll(cut, backend: .zlib)
    let zlibCut = try Self.inflateAll(cut, backend: .zlib, zlibChecksCRC: true)
    #expect(oursCut.bytes == Self.original && zlibCut.bytes == Self.original)
    #expect(zlibCut.issue?.message.hasSuffix("incorrect data check") == true, "\(String(describing: zlibCut.issue))")
    #expect(
      oursCut.issue?.message == "trailing garbage after gzip data at compressed byte \(good.count) (ignored)",
      "\(String(describing: oursCut.issue))")
  }

  /// The check is this inflater's for a plain gzip member (when the processor has carry-less
  /// multiplication), zlib's for a member with a header CRC-16 and when asked.
  @Test func saysWhoChecksTheCRC() throws {
    guard CCRC32_isAccelerated() != 0 else { return }
    let good = try Self.fixture("events-9.ndjson.gz")
    for (data, zlibChecks, expected) in [
      (good, false, true), (good, true, false), (Self.withFullHeader(good, extraCount: 0), false, false),
    ] {
      var inflater = try GzipInflater(outputCapacity: 64, backend: .zlib, zlibChecksCRC: zlibChecks)
      let first = data.withUnsafeBytes { bytes in
        inflater.provide(bytes)
        defer { while !inflater.next().isEmpty {} }
        _ = inflater.next()
        return inflater.checksCRCItself
      }
      #expect(first == expected)
    }
  }
}
