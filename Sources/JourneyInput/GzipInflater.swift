import CZlib
import JourneyModel

/// Decompresses gzip input chunk by chunk, including files of several concatenated members.
///
/// Pull-style, so a caller can stop after any output chunk without losing input: ``provide(_:)`` lends
/// the next compressed chunk, ``next()`` returns decompressed bytes until it returns an empty buffer,
/// which asks for more input (or, when ``issue`` is set, says the stream cannot go on).
/// After the last chunk, ``finish()`` reports a stream that stopped inside a member.
///
/// Problems never throw: they become an ``InputIssue`` naming the compressed byte offset (counted over
/// the whole input, across members), and everything decoded before them stays valid.
/// - Zero bytes after the last member (tape padding) are ignored, as `gzip -d` does.
/// - Other bytes after a complete member that do not start a valid member: "trailing garbage".
/// - Z_DATA_ERROR: "corrupt gzip data at compressed byte N: zlib's message".
/// - Input ending inside a member: "gzip data ends at compressed byte N (truncated?)".
public struct GzipInflater: ~Copyable {
  private enum State {
    case beforeMember
    case insideMember
    case padding
    case stopped
  }

  // zlib's state points back at its z_stream, so it must never move: heap, one owner.
  private let stream: UnsafeMutablePointer<z_stream>
  private let output: UnsafeMutableRawBufferPointer
  private let name: String
  private var state = State.beforeMember
  private var members = 0
  private var memberStart = 0
  private var memberOutput = 0
  /// Compressed bytes consumed before the chunk that is being inflated now.
  private var consumedBefore = 0
  /// Size of the chunk that is being inflated now.
  private var chunkCount = 0

  /// The problem that stopped decompression (or trailing garbage), nil while all is well.
  public private(set) var issue: InputIssue?

  /// Starts zlib (`inflateInit2(15 + 32)`: gzip or zlib header); output arrives in pieces of at most `outputCapacity` bytes.
  ///
  /// `name` is the file named in issues.
  public init(name: String = "", outputCapacity: Int = 1 << 18) throws(JourneyError) {
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    guard CZlib_inflateInit2(stream, 15 + 32) == Z_OK else {  // +32: gzip or zlib header
      stream.deinitialize(count: 1)
      stream.deallocate()
      throw JourneyError(kind: .input, location: name.isEmpty ? nil : name, message: "zlib could not start")
    }
    self.stream = stream
    self.output = .allocate(byteCount: max(1, outputCapacity), alignment: 16)
    self.name = name
  }

  deinit {
    inflateEnd(stream)
    stream.deinitialize(count: 1)
    stream.deallocate()
    output.deallocate()
  }

  /// Compressed bytes consumed so far (the position of the next byte zlib would read).
  public var compressedOffset: Int { consumedBefore + chunkCount - Int(stream.pointee.avail_in) }

  /// True when the last chunk has been used up (and decompression can go on).
  public var needsInput: Bool { stream.pointee.avail_in == 0 && state != .stopped }

  /// Whether the stream has stopped for good (see ``issue``).
  public var isStopped: Bool { state == .stopped }

  /// Lends zlib the next compressed chunk; its memory must stay valid until ``next()`` returns an empty buffer.
  ///
  /// Ignored once the stream has stopped.
  public mutating func provide(_ input: UnsafeRawBufferPointer) {
    guard state != .stopped else { return }
    precondition(stream.pointee.avail_in == 0, "provide(_:) before the previous chunk was used up")
    consumedBefore += chunkCount
    chunkCount = input.count
    guard let base = input.baseAddress, !input.isEmpty else {
      stream.pointee.next_in = nil
      stream.pointee.avail_in = 0
      return
    }
    stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
    stream.pointee.avail_in = uInt(input.count)
  }

  /// Decompresses the next piece of the current chunk.
  ///
  /// The result points into the inflater's buffer and is valid until the next call; it is empty when the
  /// chunk is used up or the stream stopped.
  public mutating func next() -> UnsafeRawBufferPointer {
    while stream.pointee.avail_in > 0 {
      switch state {
      case .stopped:
        return UnsafeRawBufferPointer(start: nil, count: 0)
      case .padding:
        skipPadding()
      case .beforeMember:
        if members > 0 && stream.pointee.next_in.pointee == 0 {
          state = .padding
          continue
        }
        if members > 0 { inflateReset(stream) }
        members += 1
        memberStart = compressedOffset
        memberOutput = 0
        state = .insideMember
      case .insideMember:
        let produced = inflateStep()
        if produced > 0 { return UnsafeRawBufferPointer(start: output.baseAddress, count: produced) }
      }
    }
    return UnsafeRawBufferPointer(start: nil, count: 0)
  }

  /// Call after the last chunk: a stream that stops inside a member was truncated.
  ///
  /// Returns ``issue``, now including truncation.
  @discardableResult
  public mutating func finish() -> InputIssue? {
    if state == .insideMember && members > 1 && memberOutput == 0 {
      // A few stray bytes after the last member (often a newline), not a member cut short.
      stop(at: memberStart, "trailing garbage after gzip data at compressed byte \(memberStart) (ignored)")
    } else if state == .insideMember {
      let offset = compressedOffset
      stop(at: offset, "gzip data ends at compressed byte \(offset) (truncated?)")
    }
    return issue
  }

  /// One `inflate` call; returns the bytes produced.
  private mutating func inflateStep() -> Int {
    let before = stream.pointee.avail_in
    stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
    stream.pointee.avail_out = uInt(output.count)
    let status = CZlib.inflate(stream, Z_NO_FLUSH)
    let produced = output.count - Int(stream.pointee.avail_out)
    memberOutput += produced
    switch status {
    case Z_OK, Z_BUF_ERROR:
      if produced == 0 && stream.pointee.avail_in == before {
        // zlib made no progress with input and room left: cannot happen with a sane stream; never spin.
        stop(at: compressedOffset, "corrupt gzip data at compressed byte \(compressedOffset): no progress")
      }
    case Z_STREAM_END:
      state = .beforeMember
    case Z_DATA_ERROR where members > 1 && memberOutput == 0:
      stop(at: memberStart, "trailing garbage after gzip data at compressed byte \(memberStart) (ignored)")
    case Z_DATA_ERROR, Z_NEED_DICT:
      let offset = compressedOffset
      stop(at: offset, "corrupt gzip data at compressed byte \(offset): \(zlibMessage(default: "invalid data"))")
    case Z_MEM_ERROR:
      stop(at: compressedOffset, "zlib ran out of memory at compressed byte \(compressedOffset)")
    default:
      stop(at: compressedOffset, "zlib error \(status) at compressed byte \(compressedOffset)")
    }
    return produced
  }

  /// Consumes zero bytes after the last member; anything else is trailing garbage.
  private mutating func skipPadding() {
    let count = Int(stream.pointee.avail_in)
    let bytes = UnsafeBufferPointer(start: stream.pointee.next_in, count: count)
    if let garbage = bytes.firstIndex(where: { $0 != 0 }) {
      stream.pointee.next_in += garbage
      stream.pointee.avail_in -= uInt(garbage)
      let offset = compressedOffset
      stop(at: offset, "trailing garbage after gzip data at compressed byte \(offset) (ignored)")
    } else {
      stream.pointee.next_in += count
      stream.pointee.avail_in = 0
    }
  }

  private mutating func stop(at offset: Int, _ message: String) {
    state = .stopped
    if issue == nil { issue = InputIssue(file: name, byteOffset: offset, message: message) }
  }

  private func zlibMessage(default fallback: String) -> String {
    guard let message = stream.pointee.msg else { return fallback }
    return String(cString: message)
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
