import CCRC32
import CZlib
import Foundation
import JourneyInput
import JourneyModel
import JourneyTestSupport
import Testing

/// journey's own inflater (``InflaterBackend/builtin``) against zlib: the same bytes for whatever zlib's
/// deflate makes (every level, strategy, window and memory size, mixed in one stream), however input and
/// output are cut; the same verdict and zlib's words for every check zlib makes; the same bytes before
/// an issue on damaged and cut streams.
@Suite struct BuiltinInflaterTests {
  static let text = try! [UInt8](Data(contentsOf: TestPaths.fixture("input/events.ndjson")))

  /// Data with long text matches, short-distance runs (distances 1 to 7), stored-worthy noise and
  /// matches reaching 32 KiB back.
  static let mixed: [UInt8] = {
    var generator = SplitMix64(seed: 7)
    var bytes = text
    for length in 1...7 {
      let unit = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
      for _ in 0..<(300 / length) { bytes += unit }
    }
    bytes += (0..<40_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
    bytes += bytes[(bytes.count - 32_768)..<(bytes.count - 32_000)]
    bytes += text.prefix(5_000)
    return bytes
  }()

  /// A gzip member of `data` made by zlib's deflate; with `switchAt`, the strategy changes to
  /// `then` there (a stream mixing block kinds).
  static func deflate(
    _ data: [UInt8], level: Int32, windowBits: Int32 = 15, memLevel: Int32 = 8, strategy: Int32 = Z_DEFAULT_STRATEGY,
    switchAt: Int? = nil, then: Int32 = Z_DEFAULT_STRATEGY
  ) -> [UInt8] {
    var stream = z_stream()
    precondition(CZlib_deflateInit2Full(&stream, level, 16 + windowBits, memLevel, strategy) == Z_OK)
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))) + 1024)
    var written = 0
    data.withUnsafeBufferPointer { input in
      output.withUnsafeMutableBufferPointer { out in
        func run(_ range: Range<Int>, flush: Int32) {
          stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + range.lowerBound)
          stream.avail_in = uInt(range.count)
          repeat {
            stream.next_out = out.baseAddress! + written
            stream.avail_out = uInt(out.count - written)
            _ = CZlib.deflate(&stream, flush)
            written = out.count - Int(stream.avail_out)
          } while stream.avail_in > 0 || (flush == Z_FINISH && stream.avail_out == 0)
        }
        let cut = switchAt ?? data.count
        run(0..<cut, flush: switchAt == nil ? Z_FINISH : Z_NO_FLUSH)
        if let switchAt {
          stream.next_out = out.baseAddress! + written
          stream.avail_out = uInt(out.count - written)
          _ = deflateParams(&stream, level == 0 ? 6 : level, then)  // may write the blocks so far
          written = out.count - Int(stream.avail_out)
          run(switchAt..<data.count, flush: Z_FINISH)
        }
      }
    }
    return Array(output[..<written])
  }

  static func inflate(_ data: [UInt8], backend: InflaterBackend, chunkSize: Int, outputCapacity: Int) throws -> (
    bytes: [UInt8], issue: InputIssue?
  ) {
    try GzipInflaterTests.inflateAll(data, chunkSize: chunkSize, outputCapacity: outputCapacity, backend: backend)
  }

  @Test(arguments: [
    (0, Z_DEFAULT_STRATEGY), (1, Z_DEFAULT_STRATEGY), (6, Z_DEFAULT_STRATEGY), (9, Z_DEFAULT_STRATEGY),
    (6, Z_FILTERED), (6, Z_HUFFMAN_ONLY), (6, Z_RLE), (6, Z_FIXED),
  ] as [(Int32, Int32)])
  func decodesEveryLevelAndStrategy(level: Int32, strategy: Int32) throws {
    let data = Self.deflate(Self.mixed, level: level, strategy: strategy)
    for (chunkSize, outputCapacity) in [(1 << 20, 1 << 20), (1, 1), (7, 61), (97, 300), (4096, 1 << 16), (1 << 16, 258)] {
      let (bytes, issue) = try Self.inflate(data, backend: .builtin, chunkSize: chunkSize, outputCapacity: outputCapacity)
      #expect(issue == nil, "level \(level), strategy \(strategy), chunks \(chunkSize), room \(outputCapacity)")
      let same = bytes == Self.mixed
      #expect(same, "level \(level), strategy \(strategy), chunks \(chunkSize), room \(outputCapacity): \(bytes.count) bytes")
    }
  }

  /// Small windows and memory levels make other codes and distances; a strategy switch mid-stream
  /// mixes stored, fixed and dynamic blocks and flushes to a byte boundary.
  @Test(arguments: [(9, 1), (10, 9), (12, 2), (15, 1), (15, 9)] as [(Int32, Int32)])
  func decodesEveryWindowAndMemorySize(windowBits: Int32, memLevel: Int32) throws {
    for (strategy, then) in [(Z_DEFAULT_STRATEGY, Z_FIXED), (Z_FIXED, Z_HUFFMAN_ONLY), (Z_RLE, Z_DEFAULT_STRATEGY)] {
      for level: Int32 in [0, 1, 9] {
        let data = Self.deflate(
          Self.mixed, level: level, windowBits: windowBits, memLevel: memLevel, strategy: strategy,
          switchAt: Self.mixed.count / 2, then: then)
        for (chunkSize, outputCapacity) in [(1 << 20, 1 << 20), (3, 5), (1000, 1 << 16)] {
          let (bytes, issue) = try Self.inflate(data, backend: .builtin, chunkSize: chunkSize, outputCapacity: outputCapacity)
          let same = issue == nil && bytes == Self.mixed
          #expect(same, "window \(windowBits), memory \(memLevel), level \(level), \(strategy) then \(then), chunks \(chunkSize), room \(outputCapacity): \(bytes.count) bytes, \(String(describing: issue))")
        }
      }
    }
  }

  /// Matches of every distance from 1 to 80 (and a few far ones), each at lengths around the fast
  /// copy's steps (8-byte words, the first 48 bytes copied without a test, the longest match): a
  /// unit of `distance` random bytes repeated for `length` more bytes, then a random byte. The
  /// copies of overlapping matches read what the words before them wrote; one read too early is a
  /// wrong byte here.
  static let matches: [UInt8] = {
    var generator = SplitMix64(seed: 48)
    var bytes: [UInt8] = []
    let lengths = [3, 4, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 40, 41, 47, 48, 49, 50, 55, 56, 57, 64, 100, 257, 258, 259, 600]
    for distance in Array(1...80) + [255, 256, 1_000] {
      for length in lengths {
        bytes += (0..<distance).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for _ in 0..<length { bytes.append(bytes[bytes.count - distance]) }
        bytes.append(UInt8.random(in: 0...255, using: &generator))
      }
    }
    return bytes
  }()

  @Test(arguments: [1, 6, 9] as [Int32])
  func copiesMatchesOfEveryDistanceAndLength(level: Int32) throws {
    let data = Self.deflate(Self.matches, level: level)
    for (chunkSize, outputCapacity) in [(1 << 20, 1 << 20), (4096, 1 << 16), (97, 300)] {
      let (bytes, issue) = try Self.inflate(data, backend: .builtin, chunkSize: chunkSize, outputCapacity: outputCapacity)
      #expect(issue == nil, "level \(level), chunks \(chunkSize), room \(outputCapacity)")
      let wrong = zip(bytes, Self.matches).enumerated().first { $0.element.0 != $0.element.1 }?.offset
      #expect(wrong == nil && bytes.count == Self.matches.count,
        "level \(level), chunks \(chunkSize), room \(outputCapacity): first wrong byte at \(wrong ?? -1), \(bytes.count) of \(Self.matches.count) bytes")
    }
  }

  /// Damaged streams (one byte changed at 400 places, or cut at 400 places) give zlib's bytes and an
  /// issue exactly when zlib gives one, whatever the cuts of input and output.
  @Test(arguments: [1, 6, 9] as [Int32])
  func agreesWithZlibOnDamagedAndCutStreams(level: Int32) throws {
    let good = Self.deflate(Array(Self.mixed.prefix(60_000)), level: level, switchAt: 30_000, then: Z_FIXED)
    var generator = SplitMix64(seed: UInt64(level))
    var cases: [[UInt8]] = []
    for _ in 0..<400 {
      var bad = good
      let at = Int.random(in: 10..<good.count, using: &generator)
      bad[at] ^= UInt8.random(in: 1...255, using: &generator)
      cases.append(bad)
      cases.append(Array(good.prefix(Int.random(in: 1..<good.count, using: &generator))))
    }
    for (index, data) in cases.enumerated() {
      let (zlibBytes, zlibIssue) = try Self.inflate(data, backend: .zlib, chunkSize: 1 << 20, outputCapacity: 1 << 20)
      let (chunkSize, room) = [(1 << 20, 1 << 20), (13, 1 << 16), (4096, 77)][index % 3]
      let (bytes, issue) = try Self.inflate(data, backend: .builtin, chunkSize: chunkSize, outputCapacity: room)
      #expect((issue == nil) == (zlibIssue == nil), "case \(index): zlib \(String(describing: zlibIssue)), builtin \(String(describing: issue))")
      #expect(bytes == zlibBytes, "case \(index): zlib \(zlibBytes.count) bytes, builtin \(bytes.count)")
      if let issue, let zlibIssue, zlibIssue.message.contains(": ") {
        #expect(Self.reason(issue) == Self.reason(zlibIssue), "case \(index)")
      }
    }
  }

  /// The words after "compressed byte N: ".
  static func reason(_ issue: InputIssue) -> Substring {
    issue.message.split(separator: ": ", maxSplits: 1).last ?? ""
  }

  /// Deflate bits written least significant first; Huffman codes most significant bit first.
  struct BitWriter {
    var bytes: [UInt8] = []
    var count = 0
    mutating func bits(_ value: Int, _ width: Int) {
      for i in 0..<width { bit((value >> i) & 1) }
    }
    mutating func code(_ value: Int, _ width: Int) {
      for i in stride(from: width - 1, through: 0, by: -1) { bit((value >> i) & 1) }
    }
    mutating func bit(_ b: Int) {
      if count % 8 == 0 { bytes.append(0) }
      bytes[bytes.count - 1] |= UInt8(b) << (count % 8)
      count += 1
    }
    /// A gzip member around the bits, with the trailer of `output`.
    func member(output: [UInt8]) -> [UInt8] {
      let crc = output.withUnsafeBufferPointer { CCRC32_update(0, $0.baseAddress, $0.count) }
      let size = UInt32(truncatingIfNeeded: output.count)
      return [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3] + bytes
        + (0..<4).map { UInt8(truncatingIfNeeded: crc >> (8 * $0)) } + (0..<4).map { UInt8(truncatingIfNeeded: size >> (8 * $0)) }
    }
  }

  /// A dynamic block header whose code-length code has `lengths` (symbol → length, in the stream's
  /// order), and nothing after.
  static func dynamicHeader(_ w: inout BitWriter, hlit: Int, hdist: Int, codeLengths: [Int: Int]) {
    let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    let used = (order.lastIndex { codeLengths[$0] != nil } ?? 0) + 1
    let ncode = max(4, used)
    w.bits(1, 1)
    w.bits(2, 2)
    w.bits(hlit, 5)
    w.bits(hdist, 5)
    w.bits(ncode - 4, 4)
    for i in 0..<ncode { w.bits(codeLengths[order[i]] ?? 0, 3) }
  }

  /// Each stream breaks one of zlib's checks (or, `nil`, passes one zlib lets through); the verdict
  /// and the words are zlib's, in one piece and a bit at a time.
  @Test(arguments: 0..<12)
  func makesZlibsChecks(index: Int) throws {
    var w = BitWriter()
    var output: [UInt8] = []
    let expected: String?
    switch index {
    case 0:
      w.bits(1, 1); w.bits(3, 2)
      expected = "invalid block type"
    case 1:
      w.bits(1, 1); w.bits(0, 2); w.bits(0, 5); w.bits(5, 16); w.bits(0, 16)
      expected = "invalid stored block lengths"
    case 2:
      w.bits(1, 1); w.bits(2, 2); w.bits(30, 5); w.bits(0, 5); w.bits(0, 4)
      expected = "too many length or distance symbols"
    case 3:  // four codes of one bit: over-subscribed
      Self.dynamicHeader(&w, hlit: 0, hdist: 0, codeLengths: [16: 1, 17: 1, 18: 1, 0: 1])
      expected = "invalid code lengths set"
    case 4:  // code-length code 0 → "0", 16 → "1"; a repeat first
      Self.dynamicHeader(&w, hlit: 0, hdist: 0, codeLengths: [16: 1, 0: 1])
      w.code(1, 1); w.bits(0, 2)
      expected = "invalid bit length repeat"
    case 5:  // every length 0: no end-of-block code
      Self.dynamicHeader(&w, hlit: 0, hdist: 0, codeLengths: [16: 1, 0: 1])
      for _ in 0..<258 { w.code(0, 1) }
      expected = "invalid code -- missing end-of-block"
    case 6, 7, 8:  // code-length code 0 → "0", 1 → "10", 2 → "11"
      Self.dynamicHeader(&w, hlit: 0, hdist: 0, codeLengths: [0: 1, 1: 2, 2: 2])
      func length(_ l: Int) { if l == 0 { w.code(0, 1) } else { w.code(l == 1 ? 2 : 3, 2) } }
      for symbol in 0..<257 { length(symbol == 65 || symbol == 256 ? (index == 6 && symbol == 65 ? 0 : 1) : 0) }
      if index == 6 {
        // only the end of block, with two bits: incomplete, longest code not one bit
        w = BitWriter()
        Self.dynamicHeader(&w, hlit: 0, hdist: 0, codeLengths: [0: 1, 1: 2, 2: 2])
        for symbol in 0..<257 { length(symbol == 256 ? 2 : 0) }
        length(1)
        expected = "invalid literal/lengths set"
      } else if index == 7 {
        length(2)  // one distance code of two bits: incomplete
        expected = "invalid distances set"
      } else {
        // one distance code of one bit: incomplete but allowed, as zlib allows it. 'A' → 0, end → 1.
        length(1)
        w.code(0, 1); w.code(0, 1); w.code(1, 1)
        output = Array("AA".utf8)
        expected = nil
      }
    case 9:  // fixed codes: literal 'a', then length 3 at distance 2
      w.bits(1, 1); w.bits(1, 2); w.code(0x30 + 97, 8); w.code(1, 7); w.code(1, 5)
      expected = "invalid distance too far back"
    case 10:  // fixed codes: literal 'a', length 3, distance code 30
      w.bits(1, 1); w.bits(1, 2); w.code(0x30 + 97, 8); w.code(1, 7); w.code(30, 5)
      expected = "invalid distance code"
    default:  // fixed codes: literal/length code 286
      w.bits(1, 1); w.bits(1, 2); w.code(0xC0 + 6, 8)
      expected = "invalid literal/length code"
    }
    let data = w.member(output: output)
    let (zlibBytes, zlibIssue) = try Self.inflate(data, backend: .zlib, chunkSize: 1 << 16, outputCapacity: 1 << 16)
    #expect(zlibIssue.map(Self.reason).map(String.init) == expected, "zlib: \(String(describing: zlibIssue)), \(zlibBytes)")
    for (chunkSize, room) in [(1 << 16, 1 << 16), (1, 1)] {
      let (bytes, issue) = try Self.inflate(data, backend: .builtin, chunkSize: chunkSize, outputCapacity: room)
      #expect(issue.map(Self.reason).map(String.init) == expected, "builtin, chunks \(chunkSize): \(String(describing: issue))")
      #expect(bytes == zlibBytes)
    }
  }
}
