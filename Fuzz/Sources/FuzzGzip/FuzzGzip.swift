import FuzzSupport
import JourneyInput

/// Inflates the input with every backend that loads here (zlib and journey's own inflater always, ISA-L
/// when `libisal.so.2` loads), each twice: in one chunk with a large output buffer, and in small seeded chunks with a small one.
///
/// The input always starts with the gzip magic (`1f 8b` is put in front when missing), as only such
/// input reaches the inflater in the product. Invariants:
/// - one backend gives the same bytes however the input and the output are cut, and reports an issue
///   or not whatever the cuts;
/// - zlib and ISA-L give the same bytes when neither reports an issue, and both report one or neither;
/// - zlib and journey's own inflater give the same bytes, issue or not, and both report one or neither
///   (it makes zlib's checks; the offsets in the messages may differ);
/// - with zlib, the inflater's own check of a member's CRC-32 and length gives the same bytes and the
///   same issue (offset and words) as zlib's check, except that input ending inside a member's length
///   (the trailer's last four bytes) is reported as truncated (a later member without output: as
///   trailing garbage) where zlib names a bad CRC-32 before it (the inflater checks both at the
///   member's end).
///
/// Allowed on purpose: zlib's three "invalid … set" errors, where ISA-L may decode on (not compared);
/// when a stream is corrupt, ISA-L may give fewer bytes before the issue than zlib,
/// depending on its buffers (it decodes ahead into an internal buffer when the output room is small,
/// and drops that on an error), and the offset in its message may differ. Its output must still be a
/// prefix of zlib's (zlib stops at the first bad symbol with everything before it written): no engine
/// may invent bytes. zlib's output does not depend on the cuts at all.
/// Output is capped at 4 MiB per run (a gzip bomb is fine, it is just slow to fuzz).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  var input = Array(UnsafeBufferPointer(start: start, count: count))
  if input.count < 2 || input[0] != 0x1F || input[1] != 0x8B { input.insert(contentsOf: [0x1F, 0x8B], at: 0) }
  let seed = input.count > 3 ? input[3] : 0  // the flags byte: mutated often, so are the splits
  var results: [(InflaterBackend, Inflated)] = []
  for backend in backends {
    let whole = Inflated(input, backend: backend, chunks: [0..<input.count], outputCapacity: 1 << 16)
    let pieces = Inflated(
      input, backend: backend, chunks: Array(ChunkPlan(count: input.count, seed: seed, maxChunk: 97)),
      outputCapacity: 61)
    guard !whole.capped && !pieces.capped else { return 0 }
    fuzzCheck(
      (whole.issue == nil) == (pieces.issue == nil),
      "\(backend): issue in one chunk \(String(describing: whole.issue)), in pieces \(String(describing: pieces.issue))")
    if whole.issue == nil {
      fuzzCheck(
        whole.output == pieces.output,
        "\(backend): \(whole.output.count) bytes in one chunk, \(pieces.output.count) in pieces")
    } else if backend == .zlib || backend == .builtin {
      fuzzCheck(
        whole.output == pieces.output,
        "\(backend): before the issue, \(whole.output.count) bytes in one chunk and \(pieces.output.count) in pieces differ \(difference(whole.output, pieces.output))")
    } else {
      fuzzCheck(
        isPrefix(whole.output, pieces.output),
        "\(backend): before the issue, \(whole.output.count) bytes in one chunk and \(pieces.output.count) in pieces differ \(difference(whole.output, pieces.output))")
    }
    if backend == .zlib {
      let zlibChecks = Inflated(
        input, backend: backend, chunks: Array(ChunkPlan(count: input.count, seed: seed, maxChunk: 97)),
        outputCapacity: 61, zlibChecksCRC: true)
      var sameIssue = zlibChecks.issue == pieces.issue
      if let theirs = zlibChecks.issue, let ours = pieces.issue, theirs.message.hasSuffix("incorrect data check"),
        let theirOffset = compressedByte(theirs.message), (0...3).contains(input.count - theirOffset)
      {
        // The input ends inside the length: "truncated", or for a later member with no output
        // "trailing garbage" at its start (as for any later member cut short before its first byte).
        sameIssue =
          sameIssue || ours.message == "gzip data ends at compressed byte \(input.count) (truncated?)"
          || ours.message.hasPrefix("trailing garbage after gzip data at compressed byte")
      }
      fuzzCheck(
        zlibChecks.output == pieces.output && sameIssue,
        "zlib checking the CRC: \(zlibChecks.output.count) bytes, \(String(describing: zlibChecks.issue)); the inflater checking it: \(pieces.output.count) bytes, \(String(describing: pieces.issue))")
    }
    results.append((backend, whole))
  }
  guard let zlib = results.first(where: { $0.0 == .zlib })?.1 else { return 0 }
  if let builtin = results.first(where: { $0.0 == .builtin })?.1 {
    // journey's own inflater makes zlib's checks in zlib's order and writes every symbol before a bad
    // one: the same bytes, and an issue exactly when zlib reports one.
    fuzzCheck(
      (zlib.issue == nil) == (builtin.issue == nil),
      "zlib issue \(String(describing: zlib.issue)), builtin issue \(String(describing: builtin.issue))")
    fuzzCheck(
      zlib.output == builtin.output,
      "zlib gave \(zlib.output.count) bytes, builtin \(builtin.output.count): \(difference(zlib.output, builtin.output))")
  }
  if let isal = results.first(where: { $0.0 == .isal })?.1 {
    // zlib refuses some Huffman code sets that ISA-L decodes (incomplete or over-subscribed ones that
    // still decode): its "invalid code lengths set", "invalid distances set", "invalid literal/lengths
    // set". ISA-L's own zlib differential (isa-l's igzip inflate fuzz test) allows exactly these.
    let lenient = ["invalid code lengths set", "invalid distances set", "invalid literal/lengths set"]
    if let message = zlib.issue?.message, lenient.contains(where: message.hasSuffix) { return 0 }
    fuzzCheck(
      (zlib.issue == nil) == (isal.issue == nil),
      "zlib issue \(String(describing: zlib.issue)), ISA-L issue \(String(describing: isal.issue))")
    if zlib.issue == nil {
      fuzzCheck(zlib.output == isal.output, "zlib gave \(zlib.output.count) bytes, ISA-L \(isal.output.count)")
    } else {
      // zlib stops at the first bad symbol with everything before it out; ISA-L may give less, never more.
      fuzzCheck(
        isal.output.count <= zlib.output.count && zlib.output.starts(with: isal.output),
        "before the issue, ISA-L gave \(isal.output.count) bytes, zlib \(zlib.output.count): \(difference(zlib.output, isal.output))")
    }
  }
  return 0
}

/// The N of "compressed byte N" in an issue's message.
func compressedByte(_ message: String) -> Int? {
  let marker = Array("compressed byte ".utf8)
  let bytes = Array(message.utf8)
  guard bytes.count >= marker.count,
    let at = (0...(bytes.count - marker.count)).first(where: { bytes[$0..<($0 + marker.count)].elementsEqual(marker) })
  else { return nil }
  return Int(String(decoding: bytes[(at + marker.count)...].prefix { $0 >= 0x30 && $0 <= 0x39 }, as: UTF8.self))
}

/// Whether the shorter of `a` and `b` is a prefix of the other.
func isPrefix(_ a: [UInt8], _ b: [UInt8]) -> Bool {
  a.count <= b.count ? b.starts(with: a) : a.starts(with: b)
}

/// Where `a` and `b` first differ, with the bytes from there.
func difference(_ a: [UInt8], _ b: [UInt8]) -> String {
  let at = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? Swift.min(a.count, b.count)
  return "at byte \(at): \(fuzzDescribe(a[at...], limit: 48)) vs \(fuzzDescribe(b[at...], limit: 48))"
}

/// The backends to run: every one that loads, or zlib and journey's own inflater with
/// `JOURNEY_INFLATE=zlib` (the product's own switch; for a campaign without ISA-L while an ISA-L
/// difference is open).
let backends: [InflaterBackend] =
  InflaterBackend.best == .zlib && InflaterBackend.isal.isAvailable
  ? [.zlib, .builtin] : InflaterBackend.available

/// The result of inflating one input with one backend.
struct Inflated {
  var output: [UInt8] = []
  var issue: InputIssue?
  var capped = false

  init(_ input: [UInt8], backend: InflaterBackend, chunks: [Range<Int>], outputCapacity: Int, zlibChecksCRC: Bool = false) {
    guard
      var inflater = try? GzipInflater(
        name: "fuzz.gz", outputCapacity: outputCapacity, backend: backend, zlibChecksCRC: zlibChecksCRC)
    else {
      fuzzCheck(false, "\(backend) is available but does not start")
      return
    }
    input.withUnsafeBytes { all in
      var provided = 0
      for chunk in chunks {
        inflater.provide(UnsafeRawBufferPointer(rebasing: all[chunk]))
        provided += chunk.count
        while true {
          let piece = inflater.next()
          if piece.isEmpty { break }
          fuzzCheck(piece.count <= outputCapacity, "a piece of \(piece.count) bytes from a \(outputCapacity)-byte buffer")
          output.append(contentsOf: piece)
          if output.count > 4 << 20 {
            capped = true
            return
          }
        }
        fuzzCheck(inflater.compressedOffset == provided || inflater.isStopped, "next() returned nothing with input left")
      }
    }
    issue = inflater.finish()
  }
}

/// The process entry (see ``runFuzzer(_:_:_:)``): libFuzzer's driver on ``fuzzGzip(_:_:)``.
@_cdecl("FuzzGzip_main")
public func fuzzGzipMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv, fuzzGzip)
}
