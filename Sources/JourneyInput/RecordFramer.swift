#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif
import JourneyModel

/// Cuts a stream of bytes, fed in chunks of any size, into records: the framing state machine without I/O.
///
/// Feed it with ``feed(_:_:)`` chunk after chunk, then call ``finish(_:)`` once: the records and their
/// line numbers are the same wherever the chunks were split.
/// - A UTF-8 BOM at the very start is dropped; `\r\n` and `\n` end records; an empty record is skipped
///   but its line is counted; a final record without a newline is delivered by ``finish(_:)``.
/// - A record longer than `maxRecordLength` is delivered once with ``InputRecord/isTooLong`` and its first
///   `min(256, maxRecordLength)` bytes; the rest is skipped up to the next newline without being buffered.
/// - A record that spans chunks is copied once into a carry buffer (amortised O(*n*)), at most
///   `maxRecordLength + 1` bytes; records inside a chunk are lent without copying.
/// - Quoted framing: an unterminated quote costs one record, not the rest of the file. A record that
///   spans lines (a quoted field holds a newline) must look like RFC 4180: as many fields as the
///   header (the first non-blank record), and every closing quote followed by a separator or the
///   end of the record. One that does not, or that is still inside quotes at the end of the input or
///   at the length limit, is cut after its first line — the line of the quote that opened the
///   field, which is delivered alone (the parser rejects its unterminated quote) — and the lines
///   after it are framed again. Single-line records are never re-read.
public struct RecordFramer {
  package let framing: Framing
  package let maxRecordLength: Int
  /// Records delivered so far, too-long ones included.
  public private(set) var records = 0
  /// The physical line where the next record starts (1-based).
  package private(set) var line = 1

  private static let bom = ASCII.byteOrderMark
  private static let newline = Int32(ASCII.newline)

  /// The start of a record that continues into the next chunk.
  private var carry: [UInt8] = []
  /// Skipping the rest of a too-long record up to the next newline.
  private var skipping = false
  private var bomMatched = 0
  private var bomDone = false
  // Quoted framing: where the scan of the current record stands.
  private var inQuotes = false
  private var quotePending = false
  private var atFieldStart = true
  private var newlinesInRecord = 0
  /// Quoted framing: the header's field count, learnt from the first non-blank record.
  private var expectedFields: Int?
  /// Quoted framing: lines of a broken record to frame again before the rest of the chunk.
  private var replay: [UInt8] = []

  /// How many bytes of a too-long record are delivered: the same wherever the chunks were split.
  private let tooLongPrefix: Int

  /// `atStreamStart: false` frames bytes from the middle of a stream (a block of whole lines after the
  /// first): a BOM is only dropped at the very start, and line numbers count from 1 at the first byte.
  public init(framing: Framing = .lines, maxRecordLength: Int = 16 << 20, atStreamStart: Bool = true) {
    precondition(maxRecordLength > 0, "maxRecordLength must be positive")
    self.framing = framing
    self.maxRecordLength = maxRecordLength
    self.tooLongPrefix = min(256, maxRecordLength)
    self.bomDone = !atStreamStart
  }

  /// Frames the next chunk, calling `body` with each record it completes.
  ///
  /// The record's bytes point into `chunk` or the framer's carry buffer: they must not escape `body`.
  public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: (InputRecord) throws -> Void) rethrows {
    var chunk = chunk
    if !bomDone {
      var used = 0
      while bomMatched < 3 && used < chunk.count && chunk[used] == Self.bom[bomMatched] {
        bomMatched += 1
        used += 1
      }
      if bomMatched == 3 {
        bomDone = true
      } else if used == chunk.count {
        return  // all of it may still be a BOM
      } else {
        try flushBOMPrefix(body)
      }
      chunk = UnsafeRawBufferPointer(rebasing: chunk[used...])
    }
    switch framing {
    case .lines: try frameLines(chunk, body)
    case .quoted(let separator, let quote): try frameQuotedAll(chunk, separator: separator, quote: quote, body)
    }
  }

  /// Ends the stream: delivers a final record that had no newline.
  public mutating func finish(_ body: (InputRecord) throws -> Void) rethrows {
    if !bomDone { try flushBOMPrefix(body) }
    if case .quoted(let separator, let quote) = framing {
      // A record over several lines at the end of the input: still in quotes, or not RFC 4180.
      while !skipping && newlinesInRecord > 0 && !carry.isEmpty
        && ((inQuotes && !quotePending)
          || !QuotedRecordShape.isWellFormed(carry: carry, separator: separator, quote: quote, expectedFields: expectedFields))
      {
        replay = try cutAfterFirstLine(body)
        try frameReplay(separator: separator, quote: quote, body)
      }
    }
    if !skipping && !carry.isEmpty {
      let partial = carry
      carry.removeAll(keepingCapacity: false)
      try partial.withUnsafeBytes { bytes in try deliver(bytes, body) }
    }
    carry = []
    skipping = false
    resetQuoteState()
  }

  /// The bytes that looked like the start of a BOM but were not one are data.
  private mutating func flushBOMPrefix(_ body: (InputRecord) throws -> Void) rethrows {
    bomDone = true
    guard bomMatched > 0 else { return }
    let prefix = Array(Self.bom[..<bomMatched])
    try prefix.withUnsafeBytes { bytes in
      switch framing {
      case .lines: try frameLines(bytes, body)
      case .quoted(let separator, let quote): try frameQuotedAll(bytes, separator: separator, quote: quote, body)
      }
    }
  }

  // MARK: Lines

  private mutating func frameLines(_ chunk: UnsafeRawBufferPointer, _ body: (InputRecord) throws -> Void) rethrows {
    guard let base = chunk.baseAddress else { return }
    let count = chunk.count
    var position = 0
    while position < count {
      guard let found = memchr(base + position, Self.newline, count - position) else {
        if !skipping { try keepPartial(base + position, count - position, body) }
        return
      }
      let end = base.distance(to: UnsafeRawPointer(found))
      if skipping {
        skipping = false
        line += 1
      } else {
        try completeRecord(base + position, end - position, body)
      }
      position = end + 1
    }
  }

  // MARK: Quoted

  /// Frames `chunk`, and the lines a broken record gives back on the way (see ``replay``).
  private mutating func frameQuotedAll(
    _ chunk: UnsafeRawBufferPointer, separator: UInt8, quote: UInt8, _ body: (InputRecord) throws -> Void
  ) rethrows {
    var rest = chunk
    while let resume = try frameQuoted(rest, separator: separator, quote: quote, body) {
      try frameReplay(separator: separator, quote: quote, body)
      rest = UnsafeRawBufferPointer(rebasing: rest[resume...])
    }
  }

  /// Frames ``replay``: it starts a record (the carry is empty), so it never gives lines back itself.
  /// (Not recursive, so that the framing loop stays one plain function.)
  private mutating func frameReplay(separator: UInt8, quote: UInt8, _ body: (InputRecord) throws -> Void) rethrows {
    let bytes = replay
    replay = []
    let resume = try bytes.withUnsafeBytes { try frameQuoted($0, separator: separator, quote: quote, body) }
    precondition(resume == nil, "replayed lines gave lines back")
  }

  /// Frames `chunk` up to its end (nil), or up to a broken record whose first line ended in the carry:
  /// then the carry's other lines are in ``replay`` and framing resumes at the returned index after them.
  private mutating func frameQuoted(
    _ chunk: UnsafeRawBufferPointer, separator: UInt8, quote: UInt8, _ body: (InputRecord) throws -> Void
  ) rethrows -> Int? {
    guard let base = chunk.baseAddress else { return nil }
    let count = chunk.count
    var position = 0
    while position < count {
      if skipping {
        guard let found = memchr(base + position, Self.newline, count - position) else { return nil }
        skipping = false
        line += 1
        position = base.distance(to: UnsafeRawPointer(found)) + 1
        continue
      }
      // A record may use `maxRecordLength + 1` bytes (a `\r` included) and its newline: scan no further.
      let scanEnd = min(count, position + (maxRecordLength + 2 - carry.count))
      if let end = scanQuoted(base, from: position, to: scanEnd, separator: separator, quote: quote) {
        if newlinesInRecord > 0 || expectedFields == nil {  // rare: a record over lines, or the header
          let record = UnsafeRawBufferPointer(start: base + position, count: end - position)
          if newlinesInRecord > 0, !QuotedRecordShape.isWellFormed(
            carry: carry, record, separator: separator, quote: quote, expectedFields: expectedFields)
          {
            let (next, replays) = try recover(base, from: position, to: end, body)
            if replays { return next }
            position = next
            continue
          }
          if expectedFields == nil { learnHeader(carry: carry, record, separator: separator, quote: quote) }
        }
        try completeRecord(base + position, end - position, body)
        resetQuoteState()
        position = end + 1
      } else if (scanEnd < count || carry.count + count - position > maxRecordLength + 1) && inQuotes && newlinesInRecord > 0 {
        // Still in quotes over several lines at the length limit: an unterminated quote.
        let (next, replays) = try recover(base, from: position, to: scanEnd, body)
        if replays { return next }
        position = next
      } else if scanEnd < count {
        try deliverTooLong(base + position, scanEnd - position, body)
        line += newlinesInRecord  // the skip resumes inside the record, after the lines seen so far
        resetQuoteState()
        skipping = true
        position = scanEnd
      } else {
        try keepPartial(base + position, count - position, body)
        return nil
      }
    }
    return nil
  }

  /// Scans `base[from..<to]`, continuing the current record's quote state; returns the index of the
  /// newline that ends the record, or nil when the record goes on past `to`.
  private mutating func scanQuoted(
    _ base: UnsafeRawPointer, from start: Int, to end: Int, separator: UInt8, quote: UInt8
  ) -> Int? {
    var index = start
    let quoteCode = Int32(quote)
    while index < end {
      if inQuotes {
        if quotePending {
          quotePending = false
          if base.load(fromByteOffset: index, as: UInt8.self) == quote {  // "" is an escaped quote
            index += 1
            continue
          }
          inQuotes = false  // the byte after the closing quote is read outside quotes
          atFieldStart = false
          continue
        }
        let closing = memchr(base + index, quoteCode, end - index).map { base.distance(to: UnsafeRawPointer($0)) } ?? end
        newlinesInRecord += countNewlines(base + index, closing - index)
        guard closing < end else { return nil }
        quotePending = true
        index = closing + 1
      } else {
        let lineEnd = memchr(base + index, Self.newline, end - index).map { base.distance(to: UnsafeRawPointer($0)) } ?? end
        guard let found = memchr(base + index, quoteCode, lineEnd - index) else {
          guard lineEnd < end else {
            atFieldStart = base.load(fromByteOffset: end - 1, as: UInt8.self) == separator
            return nil
          }
          return lineEnd
        }
        let quoteAt = base.distance(to: UnsafeRawPointer(found))
        let opens = quoteAt == index ? atFieldStart : base.load(fromByteOffset: quoteAt - 1, as: UInt8.self) == separator
        if opens { inQuotes = true }
        atFieldStart = false
        index = quoteAt + 1
      }
    }
    return nil
  }

  // MARK: Quoted records over several lines

  /// Learns the header's field count from the first non-blank record (a header with an open quote
  /// is no header: the parser takes the next record).
  @inline(never)
  private mutating func learnHeader(carry: [UInt8], _ tail: UnsafeRawBufferPointer, separator: UInt8, quote: UInt8) {
    if let fields = QuotedRecordShape.headerFieldCount(carry + tail, separator: separator, quote: quote) {
      expectedFields = fields
    }
  }

  /// A record over several lines from the carry then `base[position..<end]` is broken: delivers its
  /// first line alone and frames the rest again; returns where framing goes on in the chunk.
  ///
  /// When the first line ends in the carry, the carry's other lines go to ``replay`` (`replays`), to be
  /// framed before the chunk from `position`.
  @inline(never)
  private mutating func recover(
    _ base: UnsafeRawPointer, from position: Int, to end: Int, _ body: (InputRecord) throws -> Void
  ) rethrows -> (position: Int, replays: Bool) {
    if carry.contains(ASCII.newline) {
      replay = try cutAfterFirstLine(body)
      return (position, true)
    }
    let found = memchr(base + position, Self.newline, end - position)!
    let lineEnd = base.distance(to: UnsafeRawPointer(found))
    resetQuoteState()
    try completeRecord(base + position, lineEnd - position, body)
    return (lineEnd + 1, false)
  }

  /// Delivers the carry's first line as a record and returns the rest of the carry (emptied), to be
  /// framed again.
  private mutating func cutAfterFirstLine(_ body: (InputRecord) throws -> Void) rethrows -> [UInt8] {
    let lineEnd = carry.firstIndex(of: ASCII.newline)!
    let first = Array(carry[..<lineEnd])
    let replay = Array(carry[(lineEnd + 1)...])
    carry.removeAll(keepingCapacity: true)
    resetQuoteState()
    try first.withUnsafeBytes { bytes in try deliver(bytes, body) }
    return replay
  }

  private func countNewlines(_ start: UnsafeRawPointer, _ count: Int) -> Int {
    var newlines = 0
    var position = 0
    while position < count, let found = memchr(start + position, Self.newline, count - position) {
      newlines += 1
      position = start.distance(to: UnsafeRawPointer(found)) + 1
    }
    return newlines
  }

  private mutating func resetQuoteState() {
    inQuotes = false
    quotePending = false
    atFieldStart = true
    newlinesInRecord = 0
  }

  // MARK: Records

  /// The record ends here: `start[..<count]` is its last part (the carry holds the rest, if any).
  private mutating func completeRecord(
    _ start: UnsafeRawPointer, _ count: Int, _ body: (InputRecord) throws -> Void
  ) rethrows {
    if carry.isEmpty {
      try deliver(UnsafeRawBufferPointer(start: start, count: count), body)
    } else if carry.count + count > maxRecordLength + 1 {
      try deliverTooLong(start, count, body)
      line += 1 + newlinesInRecord
      newlinesInRecord = 0
    } else {
      carry.append(contentsOf: UnsafeRawBufferPointer(start: start, count: count))
      // Lend the carry without copying it: move it out, deliver, move it back (capacity kept).
      var record: [UInt8] = []
      swap(&record, &carry)
      try record.withUnsafeBytes { bytes in try deliver(bytes, body) }
      record.removeAll(keepingCapacity: true)
      swap(&record, &carry)
    }
  }

  /// The record goes on into the next chunk: keep its start, or give up on it when it is already too long.
  private mutating func keepPartial(_ start: UnsafeRawPointer, _ count: Int, _ body: (InputRecord) throws -> Void) rethrows {
    // +1: a `\r` that may turn out to be half of the terminator.
    if carry.count + count <= maxRecordLength + 1 {
      carry.append(contentsOf: UnsafeRawBufferPointer(start: start, count: count))
      return
    }
    try deliverTooLong(start, count, body)
    line += newlinesInRecord  // the skip resumes inside the record, after the lines seen so far
    resetQuoteState()
    skipping = true
  }

  /// Delivers the first bytes of a too-long record that is partly in the carry, partly at `start`.
  private mutating func deliverTooLong(_ start: UnsafeRawPointer, _ count: Int, _ body: (InputRecord) throws -> Void) rethrows {
    if carry.count < tooLongPrefix {
      carry.append(contentsOf: UnsafeRawBufferPointer(start: start, count: min(count, tooLongPrefix - carry.count)))
    }
    let prefix = Array(carry.prefix(tooLongPrefix))
    carry.removeAll(keepingCapacity: true)
    records += 1
    let recordLine = line
    try prefix.withUnsafeBytes { bytes in try body(InputRecord(bytes: bytes, line: recordLine, isTooLong: true)) }
  }

  /// Delivers a whole record (terminator excluded, `\r` not yet stripped) and moves to the next line.
  private mutating func deliver(_ bytes: UnsafeRawBufferPointer, _ body: (InputRecord) throws -> Void) rethrows {
    var length = bytes.count
    if length > 0 && bytes[length - 1] == ASCII.carriageReturn { length -= 1 }
    let recordLine = line
    line += 1 + newlinesInRecord
    newlinesInRecord = 0
    guard length > 0 else { return }
    records += 1
    if length > maxRecordLength {
      let prefix = UnsafeRawBufferPointer(rebasing: bytes[..<tooLongPrefix.clamped(to: length)])
      try body(InputRecord(bytes: prefix, line: recordLine, isTooLong: true))
    } else {
      try body(InputRecord(bytes: UnsafeRawBufferPointer(rebasing: bytes[..<length]), line: recordLine))
    }
  }
}

extension Int {
  fileprivate func clamped(to limit: Int) -> Int { Swift.min(self, limit) }
}
