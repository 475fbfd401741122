import Foundation
import JourneyInput
import JourneyModel
import JourneyTestSupport
import Testing

/// Runs the ``GzipInflaterTests`` and ``RecordReaderTests`` cases on each backend, and compares them.
///
/// Without ISA-L the `.isal` cases print that they were skipped (and fail when `JOURNEY_REQUIRE_ISAL=1`,
/// as CI sets after installing libisal-dev).
@Suite struct InflaterBackendTests {
  static let backends: [InflaterBackend] = [.zlib, .isal, .builtin]

  /// Runs `body` with every inflater (and every ``RecordReader``) it starts using `backend`; false when skipped.
  @discardableResult
  static func on(_ backend: InflaterBackend, _ body: () throws -> Void) rethrows -> Bool {
    guard backend.isAvailable else {
      print("skipped: \(backend) backend: ISA-L (libisal.so.2) is not available here")
      if ProcessInfo.processInfo.environment["JOURNEY_REQUIRE_ISAL"] == "1" {
        Issue.record("JOURNEY_REQUIRE_ISAL=1 but ISA-L is not available")
      }
      return false
    }
    try InflaterBackend.$preferred.withValue(backend, operation: body)
    return true
  }

  /// `JOURNEY_INFLATE` is followed when it names a backend that runs here (in any case); a name
  /// that is no backend, or ISA-L where it does not load, falls back to the default and says why,
  /// so a benchmark never times another backend than the one asked for without a word.
  @Test func choosesTheBackendJourneyInflateNamesOrSaysWhyNot() {
    for isalLoads in [true, false] {
      let fallback: InflaterBackend = isalLoads ? .isal : .builtin
      #expect(InflaterBackend.choose(forced: nil, isalLoads: isalLoads) == (fallback, nil))
      for name in ["zlib", "ZLIB", "builtin", "Builtin"] {
        let chosen = InflaterBackend.choose(forced: name, isalLoads: isalLoads)
        #expect(chosen.backend.description == name.lowercased() && chosen.problem == nil, "\(name)")
      }
      let isal = InflaterBackend.choose(forced: "isal", isalLoads: isalLoads)
      #expect(isal.backend == fallback)
      #expect(isal.problem == (isalLoads ? nil : "JOURNEY_INFLATE=isal: ISA-L (libisal.so.2) does not load here; inflating with builtin"))
      for name in ["igzip", "", "zlib "] {
        let chosen = InflaterBackend.choose(forced: name, isalLoads: isalLoads)
        #expect(chosen.backend == fallback)
        #expect(chosen.problem == "JOURNEY_INFLATE=\(name) is not one of zlib, isal, builtin; inflating with \(fallback)")
      }
    }
  }

  /// Corrupt streams on which ISA-L used to deliver bytes that are not in the file (found by
  /// Fuzz/FuzzGzip): a match reaching back before the start of the output, and a bad code after a run
  /// of literals. Whatever a backend delivers of a corrupt stream, whole or in pieces, must be a prefix
  /// of what zlib decodes before the damage.
  @Test(arguments: backends, ["corrupt-isal-distance-too-far.gz", "corrupt-isal-stale-literals.gz", "corrupt-isal-stale-bad-block.gz"])
  func deliversNoBytesThatAreNotInTheFile(backend: InflaterBackend, name: String) throws {
    let data = try GzipInflaterTests.fixture(name)
    for (chunkSize, outputCapacity) in [(1 << 16, 1 << 16), (7, 61), (97, 1 << 16)] {
      var zlib: (bytes: [UInt8], issue: InputIssue?) = ([], nil)
      try Self.on(.zlib) { zlib = try GzipInflaterTests.inflateAll(data, chunkSize: chunkSize, outputCapacity: outputCapacity) }
      #expect(zlib.issue != nil)
      try Self.on(backend) {
        let (bytes, issue) = try GzipInflaterTests.inflateAll(data, chunkSize: chunkSize, outputCapacity: outputCapacity)
        #expect(issue?.message.contains("compressed byte") == true, "\(String(describing: issue))")
        #expect(
          bytes.count <= zlib.bytes.count && Array(zlib.bytes.prefix(bytes.count)) == bytes,
          "\(backend), chunks of \(chunkSize): \(bytes.count) bytes, not a prefix of zlib's \(zlib.bytes.count)")
      }
    }
  }

  // MARK: - The GzipInflater cases, per backend

  @Test(arguments: backends, ["events-1.ndjson.gz", "events-9.ndjson.gz", "two-members.ndjson.gz", "zero-padded.ndjson.gz"])
  func inflatesWholeFilesWithoutIssue(backend: InflaterBackend, name: String) throws {
    try Self.on(backend) { try GzipInflaterTests().inflatesWholeFilesWithoutIssue(name: name) }
  }

  @Test(arguments: backends, [(1, 1), (7, 3), (4096, 1 << 20), (1 << 20, 5)])
  func givesTheSameBytesWhateverTheChunkSizes(backend: InflaterBackend, sizes: (chunkSize: Int, outputCapacity: Int)) throws {
    try Self.on(backend) {
      try GzipInflaterTests().givesTheSameBytesWhateverTheChunkSizes(chunkSize: sizes.chunkSize, outputCapacity: sizes.outputCapacity)
    }
  }

  @Test(arguments: backends)
  func handlesMembersTruncationAndEdgeCases(backend: InflaterBackend) throws {
    try Self.on(backend) {
      let cases = GzipInflaterTests()
      try cases.inflatesConcatenatedMembersMadeByGzip()
      try cases.reportsTruncationAtTheEndOfTheCompressedData()
      try cases.ignoresInputAfterItStopped()
      try cases.inflatesAnEmptyMemberToNothing()
      try cases.reportsAHeaderCutShort()
    }
  }

  @Test(arguments: backends, [1, 512, 1 << 16])
  func reportsCorruptDataWithZlibsMessageAndOffset(backend: InflaterBackend, chunkSize: Int) throws {
    try Self.on(backend) { try GzipInflaterTests().reportsCorruptDataWithZlibsMessageAndOffset(chunkSize: chunkSize) }
  }

  @Test(arguments: backends, [1, 3, 1 << 16])
  func reportsTrailingGarbageButKeepsTheData(backend: InflaterBackend, chunkSize: Int) throws {
    try Self.on(backend) { try GzipInflaterTests().reportsTrailingGarbageButKeepsTheData(chunkSize: chunkSize) }
  }

  @Test(arguments: backends, [[0x0A], [0, 0, 7], [0x1F, 0x8B]] as [[UInt8]])
  func reportsShortTrailingGarbage(backend: InflaterBackend, tail: [UInt8]) throws {
    try Self.on(backend) { try GzipInflaterTests().reportsShortTrailingGarbage(tail: tail) }
  }

  // MARK: - The RecordReader cases, per backend

  @Test(arguments: backends, [1 << 20, 4096, 7, 1])
  func readsEveryRecordOfGzipFiles(backend: InflaterBackend, chunkSize: Int) throws {
    try Self.on(backend) {
      for file in [
        ("events-1.ndjson.gz", Compression.gzip), ("events-9.ndjson.gz", .gzip), ("two-members.ndjson.gz", .gzip),
        ("zero-padded.ndjson.gz", .gzip),
      ] {
        try RecordReaderTests().readsEveryRecordOfPlainAndGzipFiles(file: file, chunkSize: chunkSize)
      }
    }
  }

  @Test(arguments: backends)
  func readerDeliversRecordsAroundBrokenGzip(backend: InflaterBackend) throws {
    try Self.on(backend) {
      let cases = RecordReaderTests()
      try cases.reportsProgressInCompressedBytes()
      for chunkSize in [1 << 20, 100, 1] { try cases.deliversTheRecordsBeforeATruncation(chunkSize: chunkSize) }
      try cases.deliversTheRecordsBeforeCorruptData()
      try cases.keepsEveryRecordBeforeTrailingGarbage()
      try cases.readsEmptyInputAsNoRecords(file: ("empty.gz", .gzip, 20))
      try cases.reportsTooLongLinesWithTheReadersLimit()
      for gzipped in [false, true] { try cases.readsAPipeLikeStandardInputWithoutLosingTheHead(gzipped: gzipped) }
    }
  }

  @Test(arguments: backends, [1, 2, 3, 7, 1 << 20])
  func framesQuotedGzipCSVAcrossChunkBoundaries(backend: InflaterBackend, chunkSize: Int) throws {
    try Self.on(backend) { try RecordReaderTests().framesQuotedCSVAcrossChunkBoundaries(name: "quoted.csv.gz", chunkSize: chunkSize) }
  }

  @Test(arguments: backends, RecordReaderTests.sharedFiles)
  func countsThePhysicalLinesOfTheSharedData(backend: InflaterBackend, file: (path: String, framing: Framing, lines: Int)) throws {
    try Self.on(backend) { try RecordReaderTests().countsThePhysicalLinesOfTheSharedData(file: file) }
  }

  // MARK: - Selection

  /// ISA-L when it loads, else journey's own inflater; `JOURNEY_INFLATE` names another.
  @Test func picksISALWhenItLoadsElseTheBuiltinUnlessOneIsForced() {
    let forced = ProcessInfo.processInfo.environment["JOURNEY_INFLATE"]?.lowercased()
    let expected: InflaterBackend =
      InflaterBackend.allCases.first { $0.description == forced && $0.isAvailable }
      ?? (InflaterBackend.isal.isAvailable ? .isal : .builtin)
    #expect(InflaterBackend.best == expected)
    #expect(InflaterBackend.current == InflaterBackend.best)
    InflaterBackend.$preferred.withValue(.zlib) {
      #expect(InflaterBackend.current == .zlib)
      #expect((try? GzipInflater())?.backend == .zlib)
    }
    #expect(InflaterBackend.zlib.isAvailable)
    #expect(InflaterBackend.available.first == .zlib)
    if !InflaterBackend.isal.isAvailable {
      print("skipped: ISA-L checks: ISA-L (libisal.so.2) is not available here")
      #expect(throws: JourneyError.self) { _ = try GzipInflater(backend: .isal) }
    }
  }

  @Test func describesTheBackendsVersions() {
    #expect(InflaterBackend.zlib.versionDescription.wholeMatch(of: /zlib \d+\.\d+(\.\d+)*.*/) != nil)
    #expect(InflaterBackend.builtin.versionDescription == "journey's inflater")
    Self.on(.isal) {
      #expect(InflaterBackend.isal.versionDescription.wholeMatch(of: /isa-l \d+\.\d+ \(igzip\)/) != nil)
    }
  }

  // MARK: - Both backends agree

  /// Inflates `data` in chunks of `chunkSize` with `backend`.
  static func inflate(_ data: [UInt8], backend: InflaterBackend, chunkSize: Int, outputCapacity: Int = 1 << 16) throws -> (bytes: [UInt8], issue: InputIssue?) {
    try GzipInflaterTests.inflateAll(data, chunkSize: chunkSize, outputCapacity: outputCapacity, backend: backend)
  }


  @Test(arguments: [InflaterBackend.isal, .builtin])
  func agreesWithZlibOnLargeMultiMemberInput(backend: InflaterBackend) throws {
    try Self.on(backend) {
      var random = SplitMix64(seed: 42)
      var plain: [UInt8] = []
      var data: [UInt8] = []
      for member in 0..<4 {
        var text = ""
        for line in 0..<(member == 2 ? 0 : 20_000) {
          text += "{\"userId\":\"u\(UInt32.random(in: 0..<5000, using: &random))\",\"n\":\(line),\"event\":\"Product Viewed\"}\n"
        }
        plain += Array(text.utf8)
        data += try [UInt8](Shell.gzip(Data(text.utf8), level: [1, 6, 9, 6][member]))
      }
      data += [0, 0, 0, 0]
      for (chunkSize, outputCapacity) in [(1 << 20, 1 << 18), (65_537, 4096), (997, 1 << 20)] {
        let zlib = try Self.inflate(data, backend: .zlib, chunkSize: chunkSize, outputCapacity: outputCapacity)
        let isal = try Self.inflate(data, backend: backend, chunkSize: chunkSize, outputCapacity: outputCapacity)
        #expect(zlib.issue == nil)
        #expect(isal.issue == nil)
        #expect(isal.bytes == plain)
        #expect(zlib.bytes == plain)
      }
    }
  }

  @Test(arguments: [InflaterBackend.isal, .builtin])
  func reportsTruncationAtTheSameOffsetAsZlibWherevertheCut(backend: InflaterBackend) throws {
    try Self.on(backend) {
      let data = try [UInt8](Data(contentsOf: TestPaths.fixture("input/two-members.ndjson.gz")))
      var random = SplitMix64(seed: 7)
      var cuts = Array(0..<40) + Array(data.count - 40..<data.count)
      for _ in 0..<200 { cuts.append(Int.random(in: 0..<data.count, using: &random)) }
      for cut in cuts {
        let part = Array(data[..<cut])
        for chunkSize in [1 << 16, 13] {
          let zlib = try Self.inflate(part, backend: .zlib, chunkSize: chunkSize)
          let isal = try Self.inflate(part, backend: backend, chunkSize: chunkSize)
          #expect(isal.issue == zlib.issue, "cut at \(cut), chunks of \(chunkSize)")
          // What each could decode is a prefix of the original; ISA-L may hold back the last few bytes less or more.
          #expect(GzipInflaterTests.original.starts(with: isal.bytes), "cut at \(cut)")
        }
      }
    }
  }

  @Test(arguments: [InflaterBackend.isal, .builtin])
  func reportsDamageLikeZlib(backend: InflaterBackend) throws {
    try Self.on(backend) {
      let data = try [UInt8](Data(contentsOf: TestPaths.fixture("input/events-9.ndjson.gz")))
      var random = SplitMix64(seed: 2026)
      for _ in 0..<300 {
        var damaged = data
        let position = Int.random(in: 0..<data.count, using: &random)
        damaged[position] ^= UInt8.random(in: 1...255, using: &random)
        let zlib = try Self.inflate(damaged, backend: .zlib, chunkSize: 4096)
        let isal = try Self.inflate(damaged, backend: backend, chunkSize: 4096)
        // Both decode the same bits, so one output is a prefix of the other; both notice the damage
        // (a flipped byte breaks the data, a length, a header byte zlib checks too, or the CRC) the same way.
        let shorter = min(zlib.bytes.count, isal.bytes.count)
        #expect(zlib.bytes.prefix(shorter) == isal.bytes.prefix(shorter), "byte \(position)")
        #expect((zlib.issue == nil) == (isal.issue == nil), "byte \(position): zlib \(String(describing: zlib.issue)), isal \(String(describing: isal.issue))")
        if let issue = isal.issue {
          #expect(issue.message.wholeMatch(of: /(corrupt gzip data|gzip data ends|trailing garbage after gzip data) at compressed byte \d+.*/) != nil)
          #expect((0...data.count).contains(issue.byteOffset))
        }
      }
    }
  }
}

/// Not a benchmark suite: with `JOURNEY_INFLATE_BENCH=FILE.gz` set, prints how fast each backend inflates
/// `FILE` in-process through ``RecordReader``'s path (1 MiB chunks); otherwise does nothing.
@Suite struct InflaterThroughput {
  @Test func printsInflateThroughputOfEachBackend() throws {
    guard let path = ProcessInfo.processInfo.environment["JOURNEY_INFLATE_BENCH"] else { return }
    let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    for round in 1...3 {
      for backend in InflaterBackend.available {
        var inflater = try GzipInflater(outputCapacity: 1 << 20, backend: backend)
        var total = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
          data.withUnsafeBytes { bytes in
            var start = 0
            while start < bytes.count {
              let end = min(bytes.count, start + (1 << 20))
              inflater.inflate(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) { total += $0.count }
              start = end
            }
          }
        }
        #expect(inflater.finish() == nil)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("inflate round \(round) \(backend): \(total) bytes in \(seconds) s = \(Int(Double(total) / seconds / 1e6)) MB/s")
      }
    }
  }
}
