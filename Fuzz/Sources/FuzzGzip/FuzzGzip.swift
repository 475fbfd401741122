import FuzzSupport
import JourneyInput

/// Inflates the input with every backend that loads here (zlib always, ISA-L when `libisal.so.2` loads),
/// each twice: in one chunk with a large output buffer, and in small seeded chunks with a small one.
///
/// The input always starts with the gzip magic (`1f 8b` is put in front when missing), as only such
/// input reaches the inflater in the product. Invariants:
/// - one backend gives the same bytes and the same issue (message and offset) however the input is cut;
/// - zlib and ISA-L give the same bytes when neither reports an issue, and both report one or neither
///   (only when the first issue is not at the same offset, the bytes decoded before it may differ).
/// Output is capped at 4 MiB per run (a gzip bomb is fine, it is just slow to fuzz).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  var input = Array(UnsafeBufferPointer(start: start, count: count))
  if input.count < 2 || input[0] != 0x1F || input[1] != 0x8B { input.insert(contentsOf: [0x1F, 0x8B], at: 0) }
  let seed = input.count > 3 ? input[3] : 0  // the flags byte: mutated often, so are the splits
  var results: [(InflaterBackend, Inflated)] = []
  for backend in InflaterBackend.available {
    let whole = Inflated(input, backend: backend, chunks: [0..<input.count], outputCapacity: 1 << 16)
    let pieces = Inflated(
      input, backend: backend, chunks: Array(ChunkPlan(count: input.count, seed: seed, maxChunk: 97)),
      outputCapacity: 61)
    guard !whole.capped && !pieces.capped else { return 0 }
    fuzzCheck(
      whole.output == pieces.output,
      "\(backend): \(whole.output.count) bytes in one chunk, \(pieces.output.count) in pieces")
    fuzzCheck(
      whole.issue == pieces.issue,
      "\(backend): issue in one chunk \(String(describing: whole.issue)), in pieces \(String(describing: pieces.issue))")
    results.append((backend, whole))
  }
  if results.count == 2 {
    let (zlib, isal) = (results[0].1, results[1].1)
    fuzzCheck(
      (zlib.issue == nil) == (isal.issue == nil),
      "zlib issue \(String(describing: zlib.issue)), ISA-L issue \(String(describing: isal.issue))")
    if zlib.issue == nil {
      fuzzCheck(zlib.output == isal.output, "zlib gave \(zlib.output.count) bytes, ISA-L \(isal.output.count)")
    }
  }
  return 0
}

/// The result of inflating one input with one backend.
struct Inflated {
  var output: [UInt8] = []
  var issue: InputIssue?
  var capped = false

  init(_ input: [UInt8], backend: InflaterBackend, chunks: [Range<Int>], outputCapacity: Int) {
    guard var inflater = try? GzipInflater(name: "fuzz.gz", outputCapacity: outputCapacity, backend: backend) else {
      fuzzCheck(false, "\(backend) is available but does not start")
      return
    }
    input.withUnsafeBytes { all in
      for chunk in chunks {
        inflater.provide(UnsafeRawBufferPointer(rebasing: all[chunk]))
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
        fuzzCheck(inflater.needsInput || inflater.isStopped, "next() returned nothing with input left")
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
