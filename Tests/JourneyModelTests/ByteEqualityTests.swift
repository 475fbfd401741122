import JourneyModel
import Testing

/// `bytesEqual` compares eight bytes at a time, the tail as one overlapping word; shorter runs as two
/// overlapping 4-byte words or byte by byte. A difference at any position is found, and no byte past
/// `count` is read (the spare bytes after the arrays differ).
@Suite struct ByteEqualityTests {
  static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    // One spare byte each: an empty array may have no storage.
    (a + [0]).withUnsafeBytes { x in (b + [1]).withUnsafeBytes { y in bytesEqual(x.baseAddress!, y.baseAddress!, count: a.count) } }
  }

  @Test(arguments: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 17, 23, 40])
  func findsADifferenceAtEveryPosition(count: Int) {
    let a = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 1) }
    #expect(Self.equal(a, a))
    for position in 0..<count {
      var b = a
      b[position] ^= 0x40
      #expect(!Self.equal(a, b), "difference at \(position) of \(count)")
    }
  }

  @Test func needsNoAlignment() {
    let a: [UInt8] = Array("xx-member-name-longer-than-eight".utf8)
    let b: [UInt8] = Array("member-name-longer-than-eight".utf8)
    let equal = a.withUnsafeBytes { x in b.withUnsafeBytes { y in bytesEqual(x.baseAddress! + 3, y.baseAddress!, count: b.count) } }
    #expect(equal)
  }

  @Test func namesTheASCIIBytes() {
    #expect(ASCII.newline == UInt8(ascii: "\n") && ASCII.carriageReturn == UInt8(ascii: "\r") && ASCII.tab == UInt8(ascii: "\t"))
    #expect(ASCII.quote == UInt8(ascii: "\"") && ASCII.backslash == UInt8(ascii: "\\") && ASCII.comma == UInt8(ascii: ","))
    #expect(ASCII.leftBrace == UInt8(ascii: "{") && ASCII.rightBracket == UInt8(ascii: "]") && ASCII.colon == UInt8(ascii: ":"))
    #expect(ASCII.zero == UInt8(ascii: "0") && ASCII.nine == UInt8(ascii: "9") && ASCII.uppercaseT == UInt8(ascii: "T"))
    #expect(ASCII.byteOrderMark == Array("\u{FEFF}".utf8))
  }
}
