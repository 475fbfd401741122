import JourneyModel
import Testing

/// `bytesEqual` compares eight bytes at a time, then the rest one by one.
@Suite struct ByteEqualityTests {
  static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    // One spare byte each: an empty array may have no storage.
    (a + [0]).withUnsafeBytes { x in (b + [1]).withUnsafeBytes { y in bytesEqual(x.baseAddress!, y.baseAddress!, count: a.count) } }
  }

  @Test(arguments: [0, 1, 7, 8, 9, 15, 16, 17, 40])
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
