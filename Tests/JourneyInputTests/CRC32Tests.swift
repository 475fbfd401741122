import CCRC32
import CZlib
import JourneyModel
import Testing

/// CCRC32 (folded with carry-less multiplication) against zlib's crc32.
@Suite struct CRC32Tests {
  static func zlibCRC(_ bytes: UnsafeRawBufferPointer, from crc: UInt32 = 0) -> UInt32 {
    UInt32(crc32(UInt(crc), bytes.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
  }

  static func ours(_ bytes: UnsafeRawBufferPointer, from crc: UInt32 = 0) -> UInt32 {
    CCRC32_update(crc, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count)
  }

  @Test func givesTheCheckValue() {
    #expect(Array("123456789".utf8).withUnsafeBytes { Self.ours($0) } == 0xCBF4_3926)
    #expect([UInt8]().withUnsafeBytes { Self.ours($0) } == 0)
  }

  /// Every length to 300 bytes (below, at and past the 64-byte fold and its 16-byte steps) at every
  /// alignment to 16, from a zero and from a running CRC.
  @Test func equalsZlibAtEveryLengthAndAlignment() {
    var rng = SplitMix64(seed: 42)
    let data = (0..<400).map { _ in UInt8.random(in: 0...255, using: &rng) }
    data.withUnsafeBytes { all in
      for offset in 0..<16 {
        for length in 0...300 {
          let slice = UnsafeRawBufferPointer(rebasing: all[offset..<(offset + length)])
          #expect(Self.ours(slice) == Self.zlibCRC(slice), "offset \(offset), length \(length)")
          #expect(Self.ours(slice, from: 0xDEAD_BEEF) == Self.zlibCRC(slice, from: 0xDEAD_BEEF))
        }
      }
    }
  }

  /// A megabyte in random pieces, each continuing the CRC before it, as the inflater feeds it.
  @Test func continuesAcrossPieces() {
    var rng = SplitMix64(seed: 7)
    let data = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &rng) }
    data.withUnsafeBytes { all in
      for round in 0..<4 {
        var crc: UInt32 = 0
        var at = 0
        while at < all.count {
          let length = min(all.count - at, Int.random(in: 0...(round == 0 ? 100 : 70_000), using: &rng))
          crc = Self.ours(UnsafeRawBufferPointer(rebasing: all[at..<(at + length)]), from: crc)
          at += length
        }
        #expect(crc == Self.zlibCRC(all), "round \(round)")
      }
    }
  }
}
