import JourneyModel
import Testing

@testable import JourneyInput

/// The line cutting of raw blocks on its own: bytes written in pieces of any size come out in blocks
/// of whole lines.
@Suite struct RawLineCutterTests {
  struct Cut: Equatable, CustomStringConvertible {
    var blocks: [String]
    /// Which blocks were marked as the stream's start.
    var starts: [Bool]
    var finished: Bool
    var description: String { "\(blocks) \(starts) \(finished)" }
  }

  /// Runs a cutter over `text`, written `piece` bytes at a time (less when the block's room is
  /// smaller); `blockLimit` blocks at most, then `nextBlock` gives nil.
  static func cut(
    _ text: String, blockBytes: Int, maxRecordLength: Int = 100, piece: Int = 1 << 20, blockLimit: Int = .max
  ) throws -> Cut {
    let bytes = Array(text.utf8)
    var offset = 0
    var given = 0
    var emitted: [RecordBlock] = []
    var cutter = RawLineCutter(blockBytes: blockBytes, maxRecordLength: maxRecordLength)
    let finished = try cutter.run(
      produce: { room in
        let count = min(room.count, piece, bytes.count - offset)
        for index in 0..<count { room[index] = bytes[offset + index] }
        offset += count
        return count
      },
      nextBlock: {
        guard given < blockLimit else { return nil }
        given += 1
        return RecordBlock()
      },
      emit: { emitted.append($0) })
    return Cut(
      blocks: emitted.map { String(decoding: $0.bytes[..<$0.rawCount], as: UTF8.self) },
      starts: emitted.map(\.isStreamStart), finished: finished)
  }

  @Test func cutsBlocksAtTheLastNewline() throws {
    let cut = try Self.cut("ab\ncd\nef\ngh\n", blockBytes: 7)
    #expect(cut == Cut(blocks: ["ab\ncd\n", "ef\ngh\n"], starts: [true, false], finished: true))
  }

  @Test(arguments: [1, 2, 3, 64])
  func carriesALineAcrossBlockBoundaries(piece: Int) throws {
    let cut = try Self.cut("abc\ndefghijkl\nm\n", blockBytes: 6, piece: piece)
    #expect(cut.blocks.joined() == "abc\ndefghijkl\nm\n")
    #expect(cut.blocks.allSatisfy { $0.hasSuffix("\n") })
    #expect(cut.blocks.contains("defghijkl\n") || cut.blocks.contains { $0.hasPrefix("defghijkl\n") })
    #expect(cut.starts == [true] + Array(repeating: false, count: cut.blocks.count - 1))
  }

  @Test(arguments: [1, 4, 64])
  func cutsATooLongLineAndDropsItsRest(piece: Int) throws {
    // Limit 3: a line is kept whole up to 5 bytes (3 + `\r` + one more); a longer one is cut to 5.
    let cut = try Self.cut("abcdefgh\nxy\n", blockBytes: 4, maxRecordLength: 3, piece: piece)
    #expect(cut.blocks.joined() == "abcde\nxy\n")
    #expect(cut.blocks.first == "abcde\n")
  }

  @Test func keepsALineOfExactlyTheKeptLength() throws {
    let cut = try Self.cut("abcde\nf\n", blockBytes: 4, maxRecordLength: 3)
    #expect(cut.blocks.joined() == "abcde\nf\n")
  }

  @Test func keepsCarriageReturnsForTheFramer() throws {
    let cut = try Self.cut("a\r\nb\r\nc\r\n", blockBytes: 4)
    #expect(cut.blocks.joined() == "a\r\nb\r\nc\r\n")
    #expect(cut.blocks.allSatisfy { $0.hasSuffix("\r\n") })
  }

  @Test func endsWithALineWithoutNewline() throws {
    let cut = try Self.cut("one\ntwo\nlast", blockBytes: 5)
    #expect(cut.blocks.last == "last")
    #expect(cut.blocks.joined() == "one\ntwo\nlast")
  }

  @Test func emitsNothingForAnEmptyInput() throws {
    #expect(try Self.cut("", blockBytes: 8) == Cut(blocks: [], starts: [], finished: true))
  }

  @Test func stopsWhenNoBlockIsGiven() throws {
    #expect(try Self.cut("a\nb\n", blockBytes: 8, blockLimit: 0) == Cut(blocks: [], starts: [], finished: false))
    let cut = try Self.cut("ab\ncd\nef\n", blockBytes: 3, blockLimit: 1)
    #expect(cut == Cut(blocks: ["ab\n"], starts: [true], finished: false))
  }

  /// Framed block by block, the blocks give the records of the framer on the whole input.
  ///
  /// (A BOM at the start counts towards the kept length of a cut line: with a limit under 3, a first
  /// line of BOM and one more byte differs, as it always has; the limit is 16 MiB by default.)
  @Test(arguments: [1, 3, 7, 50], [1, 2, 5])
  func framesLikeTheWholeInput(blockBytes: Int, maxRecordLength: Int) throws {
    let text = (maxRecordLength < 3 ? "" : "\u{FEFF}") + "a\n\nbb\r\nccccccc\ndddddddddddddddd\r\nee\n\u{FEFF}f\r\nlast"
    var records: [Framed] = []
    var blocks: [RecordBlock] = []
    var cutter = RawLineCutter(blockBytes: blockBytes, maxRecordLength: maxRecordLength)
    let bytes = Array(text.utf8)
    var offset = 0
    _ = try cutter.run(
      produce: { room in
        let count = min(room.count, 3, bytes.count - offset)
        for index in 0..<count { room[index] = bytes[offset + index] }
        offset += count
        return count
      },
      nextBlock: { RecordBlock() }, emit: { blocks.append($0) })
    var lineBase = 0
    for block in blocks {
      lineBase += block.forEachRawRecord(maxRecordLength: maxRecordLength) { record in
        var framed = Framed(record)
        framed.line += lineBase
        records.append(framed)
      }
    }
    #expect(records == frame(bytes, maxRecordLength: maxRecordLength))
  }
}
