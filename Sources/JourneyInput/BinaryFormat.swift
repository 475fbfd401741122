/// A kind of file that is not text and that `journey` does not decompress, recognised by its magic
/// bytes (never by its name): such an input is named and skipped as a whole, not read line by line.
///
/// bzip2 `BZh1`–`BZh9`, xz `FD 37 7A 58 5A 00`, zstd `28 B5 2F FD`, zip `PK 03 04` (also an empty or
/// spanned archive: `PK 05 06`, `PK 07 08`), tar `ustar` at byte 257, PNG `89 50 4E 47 0D 0A 1A 0A`,
/// Parquet `PAR1`.
package enum BinaryFormat: String, Sendable, CaseIterable {
  case bzip2
  case xz
  case zstd
  case zip
  case tar
  case png = "PNG"
  case parquet = "Parquet"

  /// Bytes needed to recognise every kind (tar's magic ends at byte 262).
  package static let sniffLength = 262

  /// The kind whose magic bytes start `bytes` (the first ``sniffLength`` bytes, or all of a shorter
  /// input); nil for anything else.
  package static func sniff(_ bytes: UnsafeRawBufferPointer) -> BinaryFormat? {
    func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
      guard bytes.count >= offset + magic.count else { return false }
      for (index, byte) in magic.enumerated() where bytes[offset + index] != byte { return false }
      return true
    }
    if starts([0x42, 0x5A, 0x68]), bytes.count >= 4, (0x31...0x39).contains(bytes[3]) { return .bzip2 }
    if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .xz }
    if starts([0x28, 0xB5, 0x2F, 0xFD]) { return .zstd }
    if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) || starts([0x50, 0x4B, 0x07, 0x08]) {
      return .zip
    }
    if starts(Array("ustar".utf8), at: 257) { return .tar }
    if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
    if starts(Array("PAR1".utf8)) { return .parquet }
    return nil
  }
}
