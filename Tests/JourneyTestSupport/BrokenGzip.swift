/// Ways a gzip file breaks before its first byte of output (issue 10, item 3), made from a good one.
///
/// The good file must be `gzip -n` output of a few KiB: a 10-byte header, then a dynamic-Huffman block.
public enum BrokenGzip: String, CaseIterable, Sendable {
  case badHeaderCRC = "bad header CRC"
  case unknownMethod = "unknown method"
  case reservedFlag = "reserved flag"
  case headerCutShort = "header cut short"
  case fileCutShort = "file cut short"
  case flippedFirstBlock = "flipped byte in the first block"

  /// `good` damaged this way.
  public func apply(to good: [UInt8]) -> [UInt8] {
    precondition(good.count > 20 && good[0] == 0x1F && good[1] == 0x8B && good[3] == 0, "a gzip -n file")
    switch self {
    case .badHeaderCRC:
      // FHCRC set, followed by a CRC-16 that does not match the header.
      var data = Array(good[..<10]) + [0xAB, 0xCD] + Array(good[10...])
      data[3] |= 0x02
      return data
    case .unknownMethod:
      var data = good
      data[2] = 7
      return data
    case .reservedFlag:
      var data = good
      data[3] |= 0x80
      return data
    case .headerCutShort:
      return Array(good.prefix(6))
    case .fileCutShort:
      return Array(good.prefix(14))
    case .flippedFirstBlock:
      var data = good
      data[10] |= 0x06  // the first block's type bits become 3: reserved, invalid
      return data
    }
  }
}
