import JourneyModel

/// Checks every parser applies first: the record is UTF-8 without NUL bytes.
enum RecordBytes {
  enum Problem: Equatable { case nulByte(at: Int), invalidUTF8(at: Int) }

  private static let highBits: UInt64 = 0x8080_8080_8080_8080
  private static let ones: UInt64 = 0x0101_0101_0101_0101

  /// Nil when `bytes` is valid UTF-8 with no NUL byte. ASCII is checked eight bytes at a time.
  static func problem(in bytes: UnsafeRawBufferPointer) -> Problem? {
    guard let base = bytes.baseAddress else { return nil }
    let count = bytes.count
    var i = 0
    // 64 bytes per step while all is ASCII with no NUL byte (most records), then one word per step.
    // Byte-wise: `(b &- 1) | b` has its high bit set exactly when b == 0 or b >= 0x80.
    let one = SIMD16<UInt8>(repeating: 1)
    while i + 64 <= count {
      let v0 = base.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
      let v1 = base.loadUnaligned(fromByteOffset: i + 16, as: SIMD16<UInt8>.self)
      let v2 = base.loadUnaligned(fromByteOffset: i + 32, as: SIMD16<UInt8>.self)
      let v3 = base.loadUnaligned(fromByteOffset: i + 48, as: SIMD16<UInt8>.self)
      let bad = ((v0 &- one) | v0) | ((v1 &- one) | v1) | ((v2 &- one) | v2) | ((v3 &- one) | v3)
      let words = unsafeBitCast(bad & SIMD16(repeating: 0x80), to: SIMD2<UInt64>.self)
      if words[0] | words[1] != 0 { break }
      i += 64
    }
    while i + 8 <= count {
      let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      // A zero byte: (w - 0x01…) & ~w & 0x80… is non-zero exactly when some byte is 0.
      if (word & highBits) != 0 || ((word &- ones) & ~word & highBits) != 0 { break }
      i += 8
    }
    let p = base.assumingMemoryBound(to: UInt8.self)
    while i < count {
      let b = p[i]
      if b < 0x80 {
        if b == 0 { return .nulByte(at: i) }
        i += 1
        continue
      }
      guard let length = sequenceLength(p, at: i, count: count) else { return .invalidUTF8(at: i) }
      i += length
    }
    return nil
  }

  /// The length (2–4) of the UTF-8 sequence whose lead byte (≥ 0x80) is `p[i]`, or nil when it is
  /// not a valid one: no overlong forms, no surrogates, nothing above U+10FFFF, no cut sequence.
  @inline(__always)
  static func sequenceLength(_ p: UnsafePointer<UInt8>, at i: Int, count: Int) -> Int? {
    let need: Int
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch p[i] {
    case 0xC2...0xDF: need = 1
    case 0xE0: need = 2; low = 0xA0
    case 0xE1...0xEC, 0xEE, 0xEF: need = 2
    case 0xED: need = 2; high = 0x9F  // no surrogates
    case 0xF0: need = 3; low = 0x90
    case 0xF1...0xF3: need = 3
    case 0xF4: need = 3; high = 0x8F
    default: return nil
    }
    guard i + need < count else { return nil }
    let c1 = p[i + 1]
    guard c1 >= low && c1 <= high else { return nil }
    if need >= 2 { guard p[i + 2] & 0xC0 == 0x80 else { return nil } }
    if need == 3 { guard p[i + 3] & 0xC0 == 0x80 else { return nil } }
    return need + 1
  }

  /// The rejection for a problem, with its byte offset.
  static func rejection(_ problem: Problem) -> ParseResult {
    switch problem {
    case .nulByte(let at): .rejected(.nulByte, detail: "NUL byte at byte \(at)")
    case .invalidUTF8(let at): .rejected(.invalidUTF8, detail: "invalid UTF-8 at byte \(at)")
    }
  }

  /// `record` without a trailing `\r` (and a leading UTF-8 BOM when `dropBOM`).
  static func trimmed(_ record: UnsafeRawBufferPointer, dropBOM: Bool = false) -> UnsafeRawBufferPointer {
    var start = 0
    var end = record.count
    if end > 0 && record[end - 1] == ASCII.carriageReturn { end -= 1 }
    if dropBOM && end >= 3 && record[0] == 0xEF && record[1] == 0xBB && record[2] == 0xBF { start = 3 }
    return UnsafeRawBufferPointer(rebasing: record[start..<end])
  }

  /// True when every byte is a space, tab, `\r` or `\n`.
  static func isBlank(_ record: UnsafeRawBufferPointer) -> Bool {
    for b in record where b != ASCII.space && b != ASCII.tab && b != ASCII.carriageReturn && b != ASCII.newline { return false }
    return true
  }
}

/// Null markers as byte arrays, compared against decoded values.
struct NullMarkers: Sendable {
  let markers: [[UInt8]]
  init(_ strings: [String]) { markers = strings.map { Array($0.utf8) } }
  var isEmpty: Bool { markers.isEmpty }

  func matches(_ bytes: UnsafeRawBufferPointer) -> Bool {
    for marker in markers where marker.count == bytes.count {
      if marker.withUnsafeBytes({ $0.elementsEqual(bytes) }) { return true }
    }
    return false
  }
}
