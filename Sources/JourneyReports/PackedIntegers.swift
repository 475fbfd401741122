import Foundation

/// A list of integers as a partial report (SPEC §12) stores it: the differences of successive
/// values (the first from 0), zigzag-mapped and written as LEB128 varints, the bytes in base64 —
/// one JSON string instead of one JSON number each. Sorted lists (duration runs, keys) cost a byte
/// or two per value, and a merge decodes a string instead of millions of JSON numbers (decoding
/// numbers one by one through `Codable` took 87% of a merge's time).
package struct PackedIntegers: Codable, Sendable, Equatable {
  package var values: [Int64]

  package init(_ values: [Int64]) {
    self.values = values
  }

  init<Values: Sequence>(_ values: Values) where Values.Element: BinaryInteger {
    self.values = values.map { Int64($0) }
  }

  package init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let data = Data(base64Encoded: text) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not base64"))
    }
    var values: [Int64] = []
    var previous: Int64 = 0
    var accumulated: UInt64 = 0
    var shift: UInt64 = 0
    let ok = data.withUnsafeBytes { bytes -> Bool in
      values.reserveCapacity(bytes.count)
      for byte in bytes {
        guard shift < 64 else { return false }
        accumulated |= UInt64(byte & 0x7F) << shift
        if byte & 0x80 != 0 {
          shift += 7
          continue
        }
        let delta = Int64(bitPattern: (accumulated >> 1) ^ (0 &- (accumulated & 1)))
        previous = previous &+ delta
        values.append(previous)
        (accumulated, shift) = (0, 0)
      }
      return shift == 0
    }
    guard ok else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a varint is cut short"))
    }
    self.values = values
  }

  package func encode(to encoder: any Encoder) throws {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(values.count * 2)
    var previous: Int64 = 0
    for value in values {
      let delta = value &- previous
      previous = value
      var zigzag = UInt64(bitPattern: (delta << 1) ^ (delta >> 63))
      while zigzag >= 0x80 {
        bytes.append(UInt8(zigzag & 0x7F) | 0x80)
        zigzag >>= 7
      }
      bytes.append(UInt8(zigzag))
    }
    var container = encoder.singleValueContainer()
    try container.encode(Data(bytes).base64EncodedString())
  }

  var count: Int { values.count }

  /// The values as `T`, or nil when one does not fit.
  func converted<T: FixedWidthInteger>(to type: T.Type) -> [T]? {
    var result: [T] = []
    result.reserveCapacity(values.count)
    for value in values {
      guard let converted = T(exactly: value) else { return nil }
      result.append(converted)
    }
    return result
  }
}
