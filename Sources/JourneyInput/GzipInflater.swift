import CCRC32
import CISAL
import CInflate
import CZlib
import JourneyModel

/// Decompresses gzip input chunk by chunk, including files of several concatenated members.
///
/// Pull-style, so a caller can stop after any output chunk without losing input: ``provide(_:)`` lends
/// the next compressed chunk, ``next()`` returns decompressed bytes until it returns an empty buffer,
/// which asks for more input (or, when ``issue`` is set, says the stream cannot go on).
/// After the last chunk, ``finish()`` reports a stream that stopped inside a member.
///
/// Three engines behind one state machine, chosen once at ``init(name:outputCapacity:backend:)``: ISA-L's
/// `isal_inflate` (``InflaterBackend/isal``), journey's own `CInflate_inflate` (``InflaterBackend/builtin``)
/// or zlib's `inflate`. The choice is dispatched once per call to
/// ``next()`` (one output piece), never per byte.
///
/// Problems never throw: they become an ``InputIssue`` naming the compressed byte offset (counted over
/// the whole input, across members), and everything decoded before them stays valid.
/// - Zero bytes after the last member (tape padding) are ignored, as `gzip -d` does.
/// - Other bytes after a complete member that do not start a valid member: "trailing garbage".
/// - Invalid data: "corrupt gzip data at compressed byte N: zlib's message" (ISA-L's error codes are
///   given zlib's words).
/// - Input ending inside a member: "gzip data ends at compressed byte N (truncated?)".
public struct GzipInflater: ~Copyable {
  private enum State {
    case beforeMember
    case insideMember
    case padding
    case stopped
  }

  /// The decompressor's state, on the heap: zlib's state points back at its z_stream and ISA-L's holds its
  /// window inline, so neither may move. Owned by this struct (freed in `deinit`).
  private enum Engine {
    case zlib(UnsafeMutablePointer<z_stream>)
    case isal(OpaquePointer)
    case builtin(OpaquePointer)
  }

  private let engine: Engine
  private let output: UnsafeMutableRawBufferPointer
  private let name: String
  private var state = State.beforeMember
  private var members = 0
  private var memberStart = 0
  private var memberOutput = 0
  /// The unread part of the chunk being inflated now (the engines get it per call and hand back the rest).
  private var nextIn: UnsafePointer<UInt8>?
  private var availIn = 0
  /// Compressed bytes consumed before the chunk that is being inflated now.
  private var consumedBefore = 0
  /// Size of the chunk that is being inflated now.
  private var chunkCount = 0
  /// The last step filled all the room it was given: the engine may hold more output, decoded from
  /// input it has already consumed (so even when no input is left).
  private var outputPending = false

  /// The engine in use.
  package let backend: InflaterBackend
  /// zlib: the gzip CRC-32 and length of a member are checked here, not by zlib
  /// (``beginZlibMember(_:)``), the CRC with carry-less multiplication: zlib's took an eighth of the
  /// reader's time, on one core. The same offsets and words as zlib's check, with one difference: input
  /// that ends inside a member's length is "truncated" here (a later member without output: trailing
  /// garbage), where zlib names a bad CRC-32 before it.
  private var checksCRC = false
  /// zlib checks every member's CRC-32 itself (the reference the tests hold the check here to).
  private let zlibChecksCRC: Bool
  /// Whether this inflater, not zlib, checks the current member's CRC-32 (for tests).
  package var checksCRCItself: Bool { checksCRC }
  /// The CRC-32 of the current member's output so far (with ``checksCRC``).
  private var memberCRC: UInt32 = 0
  /// The last eight compressed bytes consumed, the earliest in the low byte (with ``checksCRC``): at a
  /// member's end, its trailer (CRC-32, then the length).
  private var lastConsumed: UInt64 = 0

  /// The problem that stopped decompression (or trailing garbage), nil while all is well.
  package private(set) var issue: InputIssue?

  /// Starts `backend` (zlib: `inflateInit2(15 + 32)`, gzip or zlib header; ISA-L: `isal_inflate_init`,
  /// gzip); output arrives in pieces of at most `outputCapacity` bytes.
  ///
  /// `name` is the file named in issues. The default backend is ``InflaterBackend/current``.
  /// - Throws: `JourneyError(kind: .input)` when the backend cannot start (ISA-L asked for but not loadable).
  /// `zlibChecksCRC`: zlib checks the CRC-32 of each member itself, as it does by default (slower; for
  /// tests).
  public init(
    name: String = "", outputCapacity: Int = 1 << 18, backend: InflaterBackend = .current, zlibChecksCRC: Bool = false
  ) throws(JourneyError) {
    let location = name.isEmpty ? nil : name
    self.zlibChecksCRC = zlibChecksCRC
    switch backend {
    case .zlib:
      let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
      stream.initialize(to: z_stream())
      guard CZlib_inflateInit2(stream, 15 + 32) == Z_OK else {  // +32: gzip or zlib header
        stream.deinitialize(count: 1)
        stream.deallocate()
        throw JourneyError(kind: .input, location: location, message: "zlib could not start")
      }
      self.engine = .zlib(stream)
    case .isal:
      guard let inflater = CISAL_create() else {
        throw JourneyError(kind: .input, location: location, message: "ISA-L (libisal.so.2) could not start")
      }
      self.engine = .isal(inflater)
    case .builtin:
      guard let inflater = CInflate_create() else {
        throw JourneyError(kind: .input, location: location, message: "the inflater could not start (out of memory)")
      }
      self.engine = .builtin(inflater)
    }
    self.backend = backend
    // ISA-L counts output in UInt32.
    self.output = .allocate(byteCount: min(max(1, outputCapacity), 1 << 30), alignment: 64)
    self.name = name
  }

  deinit {
    switch engine {
    case .zlib(let stream):
      inflateEnd(stream)
      stream.deinitialize(count: 1)
      stream.deallocate()
    case .isal(let inflater):
      CISAL_destroy(inflater)
    case .builtin(let inflater):
      CInflate_destroy(inflater)
    }
    output.deallocate()
  }

  /// Compressed bytes consumed so far (the position of the next byte the engine would read).
  public var compressedOffset: Int { consumedBefore + chunkCount - availIn }

  /// Whether the stream has stopped for good (see ``issue``).
  public var isStopped: Bool { state == .stopped }

  /// Lends the engine the next compressed chunk; its memory must stay valid until ``next()`` returns an empty buffer.
  ///
  /// Ignored once the stream has stopped.
  public mutating func provide(_ input: UnsafeRawBufferPointer) {
    guard state != .stopped else { return }
    precondition(availIn == 0, "provide(_:) before the previous chunk was used up")
    consumedBefore += chunkCount
    chunkCount = input.count
    guard let base = input.baseAddress, !input.isEmpty else {
      nextIn = nil
      availIn = 0
      return
    }
    nextIn = base.assumingMemoryBound(to: UInt8.self)
    availIn = input.count
  }

  /// Decompresses the next piece of the current chunk.
  ///
  /// The result points into the inflater's buffer and is valid until the next call; it is empty when the
  /// chunk is used up or the stream stopped.
  public mutating func next() -> UnsafeRawBufferPointer {
    let produced = next(into: output)
    return UnsafeRawBufferPointer(start: produced > 0 ? output.baseAddress : nil, count: produced)
  }

  /// Decompresses the next piece of the current chunk into `destination` (not empty; at most 1 GiB
  /// is used), so that a caller can inflate straight into its own buffers; returns the bytes
  /// written, 0 when the chunk is used up or the stream stopped.
  public mutating func next(into destination: UnsafeMutableRawBufferPointer) -> Int {
    let destination = UnsafeMutableRawBufferPointer(rebasing: destination[..<min(destination.count, 1 << 30)])
    if availIn == 0 && outputPending && state == .insideMember {
      // Output of input already consumed: without this, the end of a stream whose last step filled
      // the room would be lost (and a complete stream reported as truncated).
      let produced =
        switch engine {
        case .zlib(let stream): zlibStep(stream, into: destination)
        case .isal(let inflater): isalStep(inflater, into: destination)
        case .builtin(let inflater): builtinStep(inflater, into: destination)
        }
      if produced > 0 { return produced }
    }
    while availIn > 0 {
      switch state {
      case .stopped:
        return 0
      case .padding:
        skipPadding()
      case .beforeMember:
        if members > 0 && nextIn.unsafelyUnwrapped.pointee == 0 {
          state = .padding
          continue
        }
        switch engine {
        case .zlib(let stream):
          if members > 0 { inflateReset(stream) }
          beginZlibMember(stream)
        case .isal(let inflater):
          if members > 0 { CISAL_reset(inflater) }
        case .builtin(let inflater):
          if members > 0 { CInflate_reset(inflater) }
        }
        members += 1
        memberStart = compressedOffset
        memberOutput = 0
        state = .insideMember
      case .insideMember:
        if compressedOffset < memberStart + 4 && !headerFieldsAreValid() { return 0 }
        let produced =
          switch engine {
          case .zlib(let stream): zlibStep(stream, into: destination)
          case .isal(let inflater): isalStep(inflater, into: destination)
          case .builtin(let inflater): builtinStep(inflater, into: destination)
          }
        if produced > 0 { return produced }
      }
    }
    return 0
  }

  /// Call after the last chunk: a stream that stops inside a member was truncated.
  ///
  /// Returns ``issue``, now including truncation.
  @discardableResult
  public mutating func finish() -> InputIssue? {
    if state == .insideMember && members > 1 && memberOutput == 0 {
      // A few stray bytes after the last member (often a newline), not a member cut short.
      stopAtTrailingGarbage()
    } else if state == .insideMember {
      let offset = compressedOffset
      stop(at: offset, "gzip data ends at compressed byte \(offset) (truncated?)")
    }
    return issue
  }

  /// Checks the member header's method (byte 2) and flags (byte 3) among the bytes not yet given to the
  /// engine, the same way for both: ISA-L ignores reserved flags, and the engines name different offsets.
  /// False (and stopped) when one is wrong.
  private mutating func headerFieldsAreValid() -> Bool {
    let first = compressedOffset
    var offset = max(first, memberStart + 2)
    let end = min(first + availIn, memberStart + 4)
    while offset < end {
      defer { offset += 1 }
      let byte = nextIn.unsafelyUnwrapped[offset - first]
      let problem: String? =
        if offset == memberStart + 2 { byte == 8 ? nil : "unknown compression method" }
        else { byte & 0xE0 == 0 ? nil : "unknown header flags set" }
      guard let problem else { continue }
      if members > 1 && memberOutput == 0 {
        stopAtTrailingGarbage()
      } else {
        stop(at: offset, "corrupt gzip data at compressed byte \(offset): \(problem)")
      }
      return false
    }
    return true
  }

  /// Notes an engine step: the input it consumed, the output it produced into `room` bytes.
  private mutating func noteStep(consumed: Int, produced: Int, room: Int) {
    consume(consumed)
    memberOutput += produced
    outputPending = produced == room
  }

  /// An engine that made no progress with input and room left: cannot happen with a sane stream; never spin.
  private mutating func stopIfStuck(produced: Int, consumed: Int, offered: Int) {
    if produced == 0 && consumed == 0 && offered > 0 {
      stop(at: compressedOffset, "corrupt gzip data at compressed byte \(compressedOffset): no progress")
    }
  }

  /// Bytes after a member that do not start one (the member that seemed to begin at ``memberStart``).
  private mutating func stopAtTrailingGarbage() {
    stop(at: memberStart, "trailing garbage after gzip data at compressed byte \(memberStart) (ignored)")
  }

  /// Moves past `count` bytes the engine consumed.
  @inline(__always)
  private mutating func consume(_ count: Int) {
    availIn -= count
    nextIn = availIn == 0 ? nil : nextIn.unsafelyUnwrapped + count
  }

  /// Decides who checks the CRC-32 of the member starting at `nextIn`: this inflater, for a gzip
  /// member whose header has no CRC-16 of its own (zlib computes the two as one), when carry-less
  /// multiplication is there and the member's first four bytes are in this chunk; zlib otherwise
  /// (and for zlib-format streams, whose check is an Adler-32).
  private mutating func beginZlibMember(_ stream: UnsafeMutablePointer<z_stream>) {
    memberCRC = 0
    lastConsumed = 0
    checksCRC = false
    if !zlibChecksCRC && Self.crcIsAccelerated && availIn >= 4 {
      let p = nextIn.unsafelyUnwrapped
      checksCRC = p[0] == 0x1F && p[1] == 0x8B && p[3] & 0x02 == 0  // no FHCRC
    }
    _ = inflateValidate(stream, checksCRC ? 0 : 1)
  }

  private static let crcIsAccelerated = CCRC32_isAccelerated() != 0

  /// Notes the `count` bytes at `bytes` as consumed (``lastConsumed``).
  private mutating func noteConsumed(_ bytes: UnsafePointer<UInt8>, _ count: Int) {
    for i in max(0, count - 8)..<count { lastConsumed = lastConsumed >> 8 | UInt64(bytes[i]) << 56 }
  }

  /// With ``checksCRC``, at a member's end (its trailer just consumed): checks its CRC-32, then its
  /// length (zlib checks neither when its check is off), with the offsets and words of zlib's checks.
  private mutating func checkTrailer() {
    if memberCRC != UInt32(truncatingIfNeeded: lastConsumed) {
      let offset = compressedOffset - 4
      stop(at: offset, "corrupt gzip data at compressed byte \(offset): incorrect data check")
    } else if UInt32(truncatingIfNeeded: lastConsumed >> 32) != UInt32(truncatingIfNeeded: memberOutput) {
      let offset = compressedOffset
      stop(at: offset, "corrupt gzip data at compressed byte \(offset): incorrect length check")
    } else {
      state = .beforeMember
    }
  }

  /// One zlib `inflate` call; returns the bytes produced.
  private mutating func zlibStep(_ stream: UnsafeMutablePointer<z_stream>, into output: UnsafeMutableRawBufferPointer) -> Int {
    let offered = uInt(clamping: availIn)
    let input = nextIn
    stream.pointee.next_in = UnsafeMutablePointer(mutating: nextIn)
    stream.pointee.avail_in = offered
    stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
    stream.pointee.avail_out = uInt(output.count)
    let status = CZlib.inflate(stream, Z_NO_FLUSH)
    let produced = output.count - Int(stream.pointee.avail_out)
    let consumed = Int(offered - stream.pointee.avail_in)
    if checksCRC {
      if consumed > 0 { noteConsumed(input.unsafelyUnwrapped, consumed) }
      if produced > 0 {
        memberCRC = CCRC32_update(memberCRC, output.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: UInt8.self), produced)
      }
    }
    noteStep(consumed: consumed, produced: produced, room: output.count)
    switch status {
    case Z_OK, Z_BUF_ERROR:
      stopIfStuck(produced: produced, consumed: consumed, offered: Int(offered))
    case Z_STREAM_END:
      if checksCRC { checkTrailer() } else { state = .beforeMember }
    case Z_DATA_ERROR where members > 1 && memberOutput == 0 && Self.isNotAGzipHeader(stream.pointee.msg):
      // Bytes after a member that do not start one; a real header whose data breaks is corrupt data.
      stopAtTrailingGarbage()
    case Z_DATA_ERROR, Z_NEED_DICT:
      let offset = compressedOffset
      let reason = stream.pointee.msg.map { String(cString: $0) } ?? "invalid data"
      stop(at: offset, "corrupt gzip data at compressed byte \(offset): \(reason)")
    case Z_MEM_ERROR:
      stop(at: compressedOffset, "zlib ran out of memory at compressed byte \(compressedOffset)")
    default:
      stop(at: compressedOffset, "zlib error \(status) at compressed byte \(compressedOffset)")
    }
    return produced
  }

  /// One `isal_inflate` call; returns the bytes produced.
  private mutating func isalStep(_ inflater: OpaquePointer, into output: UnsafeMutableRawBufferPointer) -> Int {
    var input = nextIn
    let offered = UInt32(clamping: availIn)
    var remaining = offered
    var room = UInt32(output.count)
    let status = CISAL_inflate(inflater, &input, &remaining, output.baseAddress!.assumingMemoryBound(to: UInt8.self), &room)
    let produced = output.count - Int(room)
    let consumed = Int(offered - remaining)
    noteStep(consumed: consumed, produced: produced, room: output.count)
    switch status {
    case Int32(CISAL_OK):
      stopIfStuck(produced: produced, consumed: consumed, offered: Int(offered))
    case Int32(CISAL_MEMBER_END):
      state = .beforeMember
    case Int32(CISAL_INVALID_WRAPPER) where members > 1 && memberOutput == 0,
      Int32(CISAL_UNSUPPORTED_METHOD) where members > 1 && memberOutput == 0:
      stopAtTrailingGarbage()
    default:
      // ISA-L reads ahead up to 8 bytes into its bit buffer; zlib's offset is the byte holding the bit
      // where decoding failed, so give those back.
      let offset = max(memberStart, compressedOffset - Int(CISAL_bufferedInput(inflater)))
      stop(at: offset, "corrupt gzip data at compressed byte \(offset): \(Self.isalReason(status))")
      // ISA-L's decoder writes ahead of the symbol it checks: a match reaching back before the start
      // of the output, or a bad code after a run of literals, leaves up to one match (258 bytes) at
      // the end of the step that is not in the file (Fuzz/FailCases/FuzzGzip). Those are held back;
      // a bad checksum comes after good data, which is kept whole (zlib delivers it too).
      return status == Int32(CISAL_INCORRECT_CHECKSUM) ? produced : max(0, produced - Self.longestDeflateMatch)
    }
    return produced
  }

  /// One `CInflate_inflate` call; returns the bytes produced.
  private mutating func builtinStep(_ inflater: OpaquePointer, into output: UnsafeMutableRawBufferPointer) -> Int {
    var input = nextIn
    var remaining = availIn
    var room = output.count
    let status = CInflate_inflate(inflater, &input, &remaining, output.baseAddress!.assumingMemoryBound(to: UInt8.self), &room)
    let produced = output.count - room
    let consumed = availIn - remaining
    noteStep(consumed: consumed, produced: produced, room: output.count)
    switch status {
    case Int32(CINFLATE_OK):
      stopIfStuck(produced: produced, consumed: consumed, offered: consumed + remaining)
    case Int32(CINFLATE_MEMBER_END):
      state = .beforeMember
    case Int32(CINFLATE_BAD_MAGIC) where members > 1 && memberOutput == 0,
      Int32(CINFLATE_BAD_METHOD) where members > 1 && memberOutput == 0:
      stopAtTrailingGarbage()
    default:
      // Input it consumed but did not decode yet (its bit buffer, an item cut by the chunk's end).
      let offset = max(memberStart, compressedOffset - CInflate_bufferedInput(inflater))
      stop(at: offset, "corrupt gzip data at compressed byte \(offset): \(String(cString: CInflate_message(status)))")
    }
    return produced
  }

  /// Whether zlib's message says the bytes were no gzip header at all (not a gzip header that
  /// breaks later), as ISA-L's `ISAL_INVALID_WRAPPER` and `ISAL_UNSUPPORTED_METHOD` do.
  private static func isNotAGzipHeader(_ message: UnsafePointer<CChar>?) -> Bool {
    guard let message else { return false }
    let text = String(cString: message)
    return text == "incorrect header check" || text == "unknown compression method"
  }

  /// The longest copy one deflate match makes (RFC 1951, length code 285).
  private static let longestDeflateMatch = 258

  /// ISA-L's error codes in zlib's words, so messages do not depend on the backend.
  private static func isalReason(_ status: Int32) -> String {
    switch status {
    case Int32(CISAL_INVALID_LOOKBACK): "invalid distance too far back"
    case Int32(CISAL_INVALID_SYMBOL): "invalid literal/length or distance code"
    case Int32(CISAL_INVALID_BLOCK): "invalid block"
    case Int32(CISAL_INVALID_WRAPPER): "incorrect header check"
    case Int32(CISAL_UNSUPPORTED_METHOD): "unknown compression method"
    case Int32(CISAL_INCORRECT_CHECKSUM): "incorrect data check"
    case Int32(CISAL_HEADER_CHECKSUM): "header crc mismatch"
    case Int32(CISAL_NEED_DICT): "needs a preset dictionary"
    default: "ISA-L error \(status)"
    }
  }

  /// Consumes zero bytes after the last member; anything else is trailing garbage.
  private mutating func skipPadding() {
    let bytes = UnsafeBufferPointer(start: nextIn, count: availIn)
    if let garbage = bytes.firstIndex(where: { $0 != 0 }) {
      consume(garbage)
      let offset = compressedOffset
      stop(at: offset, "trailing garbage after gzip data at compressed byte \(offset) (ignored)")
    } else {
      consume(availIn)
    }
  }

  private mutating func stop(at offset: Int, _ message: String) {
    state = .stopped
    if issue == nil { issue = InputIssue(file: name, byteOffset: offset, message: message) }
  }
}

extension GzipInflater {
  /// Push-style convenience: decompresses a whole chunk, handing each piece of output to `emit`.
  public mutating func inflate(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
    provide(input)
    while true {
      let piece = next()
      if piece.isEmpty { break }
      try emit(piece)
    }
  }
}
