import CCrypto

/// Bounds the user ids the run keeps (SPEC §13): an id over ``maximumLength`` bytes (a 256 KB user
/// agent in an access log, where user = client + user agent) is kept as its first
/// ``prefixLength`` bytes (cut back to a whole UTF-8 character), `…sha256:` and the SHA-256 of the
/// whole id in lowercase hex: at most 586 bytes, and distinct ids stay distinct.
///
/// An id that already ends like a kept one (`…sha256:` and 64 hex digits) is rewritten the same
/// way, so no id in the data can pose as the shortened form of another.
enum UserIDLimit {
  /// Longer ids are shortened.
  static let maximumLength = 1024
  /// Bytes of a long id kept before the digest.
  static let prefixLength = 512
  static let marker = Array("…sha256:".utf8)
  /// The marker and 64 hex digits.
  static let suffixLength = marker.count + 64

  /// Whether `bytes` must be shortened; one comparison for every id of ordinary length.
  @inline(__always) static func applies(to bytes: UnsafeRawBufferPointer) -> Bool {
    if bytes.count > maximumLength { return true }
    return bytes.count >= suffixLength && bytes[bytes.count - 65] == UInt8(ascii: ":") && endsLikeAKeptID(bytes)
  }

  private static func endsLikeAKeptID(_ bytes: UnsafeRawBufferPointer) -> Bool {
    let start = bytes.count - suffixLength
    for index in marker.indices where bytes[start + index] != marker[index] { return false }
    for byte in bytes[(bytes.count - 64)...] {
      guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
      else { return false }
    }
    return true
  }

  /// The kept form of a long id: prefix, marker, SHA-256 of all of `bytes` in hex.
  static func shortened(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
    var end = min(prefixLength, bytes.count)
    if end < bytes.count {
      // Cut before a continuation byte's lead: never half a UTF-8 character.
      while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
    }
    var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
    digest.withUnsafeMutableBufferPointer { out in
      _ = SHA256(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, out.baseAddress)
    }
    var result = Array(bytes[0..<end])
    result.reserveCapacity(end + suffixLength)
    result.append(contentsOf: marker)
    let hex = Array("0123456789abcdef".utf8)
    for byte in digest {
      result.append(hex[Int(byte >> 4)])
      result.append(hex[Int(byte & 0x0F)])
    }
    return result
  }
}
