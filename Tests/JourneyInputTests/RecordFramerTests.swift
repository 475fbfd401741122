import JourneyInput
import JourneyModel
import JourneyTestSupport
import PropertyBased
import Testing

@Suite struct RecordFramerTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var input: String
    var expected: [(String, Int)]
    var testDescription: String { name }
  }

  static let lineCases: [Case] = [
    Case(name: "LF", input: "a\nb\n", expected: [("a", 1), ("b", 2)]),
    Case(name: "CRLF", input: "a\r\nb\r\n", expected: [("a", 1), ("b", 2)]),
    Case(name: "no final newline", input: "a\nb", expected: [("a", 1), ("b", 2)]),
    Case(name: "final CR without LF", input: "a\nb\r", expected: [("a", 1), ("b", 2)]),
    Case(name: "empty lines counted, not delivered", input: "\n\r\na\n\n\nb\n\n", expected: [("a", 3), ("b", 6)]),
    Case(name: "BOM stripped", input: "\u{FEFF}a\nb", expected: [("a", 1), ("b", 2)]),
    Case(name: "BOM alone", input: "\u{FEFF}", expected: []),
    Case(name: "BOM only at the start", input: "a\n\u{FEFF}b", expected: [("a", 1), ("\u{FEFF}b", 2)]),
    Case(name: "CR inside a line kept", input: "a\rb\n", expected: [("a\rb", 1)]),
    Case(name: "quotes mean nothing in lines mode", input: "\"a\nb\"\n", expected: [("\"a", 1), ("b\"", 2)]),
    Case(name: "empty input", input: "", expected: []),
    Case(name: "only newlines", input: "\n\n\n", expected: []),
  ]

  @Test(arguments: lineCases, [nil, 1, 2, 3, 5])
  func framesLines(_ testCase: Case, chunkSize: Int?) {
    let records = frame(testCase.input, chunkSize: chunkSize)
    #expect(records == testCase.expected.map { Framed($0.0, line: $0.1) })
  }

  @Test func keepsBytesThatOnlyStartLikeABOM() {
    let data: [UInt8] = [0xEF, 0xBB, 0x41, 0x0A, 0xEF, 0x0A]
    for chunkSize in [nil, 1, 2] {
      #expect(
        frame(data, chunkSize: chunkSize) == [Framed(bytes: [0xEF, 0xBB, 0x41], line: 1), Framed(bytes: [0xEF], line: 2)])
    }
    #expect(frame([0xEF, 0xBB]) == [Framed(bytes: [0xEF, 0xBB], line: 1)])
  }

  static let csv = Framing.quoted(separator: UInt8(ascii: ","))

  static let quotedCases: [Case] = [
    Case(name: "plain rows", input: "a,b\nc,d\n", expected: [("a,b", 1), ("c,d", 2)]),
    Case(name: "newline inside quotes", input: "1,\"x\ny\nz\",2\n3,4\n", expected: [("1,\"x\ny\nz\",2", 1), ("3,4", 4)]),
    Case(name: "CRLF inside quotes kept", input: "\"a\r\nb\"\r\nc\r\n", expected: [("\"a\r\nb\"", 1), ("c", 3)]),
    Case(name: "escaped quote", input: "\"a\"\"\nb\",c\nd\n", expected: [("\"a\"\"\nb\",c", 1), ("d", 3)]),
    Case(name: "escaped quote before newline", input: "\"a\"\"\"\nb\n", expected: [("\"a\"\"\"", 1), ("b", 2)]),
    Case(name: "quote inside an unquoted field is data", input: "a\"b,c\nd\"\n", expected: [("a\"b,c", 1), ("d\"", 2)]),
    Case(name: "quote closed then more data", input: "\"a\"b\nc\n", expected: [("\"a\"b", 1), ("c", 2)]),
    Case(name: "quote after a separator opens", input: "x,\"1\n2\"\ny\n", expected: [("x,\"1\n2\"", 1), ("y", 3)]),
    Case(name: "empty quoted field", input: "\"\",a\nb\n", expected: [("\"\",a", 1), ("b", 2)]),
    Case(name: "unterminated quote costs one line", input: "a\n\"b\nc\nd", expected: [("a", 1), ("\"b", 2), ("c", 3), ("d", 4)]),
    Case(
      name: "wrong field count over lines: re-read after the opening line", input: "h,i\n1,\"x\n2,y\n3,\"z\"\n",
      expected: [("h,i", 1), ("1,\"x", 2), ("2,y", 3), ("3,\"z\"", 4)]),
    Case(
      name: "closing quote not followed by a separator: re-read", input: "h,i\n\"x,1\n\"y\",2\n",
      expected: [("h,i", 1), ("\"x,1", 2), ("\"y\",2", 3)]),
    Case(
      name: "well-formed field over lines kept", input: "h,i\n\"x\ny\",2\n3,4\n",
      expected: [("h,i", 1), ("\"x\ny\",2", 2), ("3,4", 4)]),
    Case(name: "empty lines between records", input: "a\n\n\"b\n\"\n\nc", expected: [("a", 1), ("\"b\n\"", 3), ("c", 6)]),
    Case(name: "BOM then quoted", input: "\u{FEFF}\"a\nb\"\n", expected: [("\"a\nb\"", 1)]),
  ]

  @Test(arguments: quotedCases, [nil, 1, 2, 3, 4, 5, 6, 7])
  func framesQuotedRecords(_ testCase: Case, chunkSize: Int?) {
    let records = frame(testCase.input, framing: Self.csv, chunkSize: chunkSize)
    #expect(records == testCase.expected.map { Framed($0.0, line: $0.1) })
  }

  @Test func usesTheGivenSeparatorAndQuote() {
    let tsv = Framing.quoted(separator: UInt8(ascii: "\t"), quote: UInt8(ascii: "'"))
    #expect(frame("a\t'b\nc'\nd,\"e\nf\"\n", framing: tsv) == [
      Framed("a\t'b\nc'", line: 1), Framed("d,\"e", line: 3), Framed("f\"", line: 4),
    ])
  }

  @Test(arguments: [nil, 1, 2, 3, 7, 11])
  func reportsTooLongLinesOnceAndResumesAfterThem(chunkSize: Int?) {
    let input = "short\n" + String(repeating: "x", count: 30) + "\r\nok\n" + String(repeating: "y", count: 11) + "\nend"
    let records = frame(input, maxRecordLength: 10, chunkSize: chunkSize)
    #expect(records == [
      Framed("short", line: 1), Framed(String(repeating: "x", count: 10), line: 2, isTooLong: true),
      Framed("ok", line: 3), Framed(String(repeating: "y", count: 10), line: 4, isTooLong: true), Framed("end", line: 5),
    ])
  }

  @Test(arguments: [nil, 1, 3])
  func acceptsRecordsOfExactlyTheLimitWithCRLF(chunkSize: Int?) {
    let records = frame("0123456789\r\n0123456789\n0123456789", maxRecordLength: 10, chunkSize: chunkSize)
    #expect(records.map(\.isTooLong) == [false, false, false])
    #expect(records.map(\.line) == [1, 2, 3])
  }

  @Test(arguments: [nil, 1, 4])
  func cutsAnUnterminatedQuoteAtTheLimitAndResumesAtTheNextNewline(chunkSize: Int?) {
    let input = "a\n\"bbbbbbbbbbbbbbb\nccc\nd\n"
    let records = frame(input, framing: Self.csv, maxRecordLength: 8, chunkSize: chunkSize)
    #expect(records == [Framed("a", line: 1), Framed("\"bbbbbbb", line: 2, isTooLong: true), Framed("ccc", line: 3),
                        Framed("d", line: 4)])
  }

  /// Still in quotes over several lines at the limit: an unterminated quote, so the opening line is
  /// one record and the lines after it are read again.
  @Test func rereadsTheLinesOfAnUnterminatedQuoteCutAtTheLimit() {
    let input = "\"1\n2\n3\n4567890123\nnext\n"
    for chunkSize in [nil, 1, 2, 5] {
      let records = frame(input, framing: Self.csv, maxRecordLength: 10, chunkSize: chunkSize)
      #expect(records == [
        Framed("\"1", line: 1), Framed("2", line: 2), Framed("3", line: 3), Framed("4567890123", line: 4),
        Framed("next", line: 5),
      ])
    }
  }

  /// Issue 10, item 4: one unterminated quote in the middle of a file costs that record only; the
  /// record delivered is its opening line (the parser rejects it), every later row is read.
  @Test(arguments: [nil, 1, 7, 64])
  func anUnterminatedQuoteCostsOneRecord(chunkSize: Int?) {
    var text = "id,name,comment\n"
    for row in 1...50 { text += row == 20 ? "20,\"Bob,broken\n" : "\(row),n\(row),\"c \(row)\"\n" }
    let records = frame(text, framing: Self.csv, chunkSize: chunkSize)
    #expect(records.count == 51)
    #expect(records.first(where: { $0.line == 21 }) == Framed("20,\"Bob,broken", line: 21))
    for row in 21...50 { #expect(records.contains(Framed("\(row),n\(row),\"c \(row)\"", line: row + 1))) }
    // Without quotes after it, the quote runs to the end of the input: the same.
    let plain = "a,b\n1,\"x\n" + (2...30).map { "\($0),y\n" }.joined()
    let records2 = frame(plain, framing: Self.csv, chunkSize: chunkSize)
    #expect(records2 == [Framed("a,b", line: 1), Framed("1,\"x", line: 2)] + (2...30).map { Framed("\($0),y", line: $0 + 1) })
  }

  /// A valid CSV (quoted fields with separators, doubled quotes and newlines) with one stray quote
  /// inserted anywhere: every record but the one it landed in is framed exactly as before.
  @Test func aStrayQuoteLosesAtMostItsOwnRecord() async {
    let letters = Gen.int(in: 0...4).map { Array("abcde".utf8)[$0] }
    let quotedText = Gen.int(in: 0...6).map { [Array("a".utf8), Array("b".utf8), Array(",".utf8), Array("\n".utf8), Array("\"\"".utf8), Array(" ".utf8), Array("\r\n".utf8)][$0] }
      .array(of: 0...6).map { $0.flatMap { $0 } }
    let field = zip(Gen.bool, letters, letters.array(of: 0...4), quotedText).map { quoted, first, plain, text in
      quoted ? [UInt8(ascii: "\"")] + [first] + text + [UInt8(ascii: "\"")] : plain
    }
    await propertyCheck(
      input: Gen.int(in: 1...4), field.array(of: 16), Gen.int(in: 1...12), Gen.int(in: 0...100_000), Gen.int(in: 1...9)
    ) { columns, fields, rows, spot, chunkSize in
      // Row r uses fields shifted by r, so rows differ.
      var rowsBytes: [[UInt8]] = []
      for row in 0...rows {
        var bytes: [UInt8] = []
        for column in 0..<columns {
          if column > 0 { bytes.append(UInt8(ascii: ",")) }
          bytes += row == 0 ? Array("h\(column)".utf8) : fields[(row + column) % fields.count]
        }
        rowsBytes.append(bytes)
      }
      var starts: [Int] = []
      var line = 1
      for row in rowsBytes {
        starts.append(line)
        line += 1 + row.filter { $0 == UInt8(ascii: "\n") }.count
      }
      let data = rowsBytes.flatMap { $0 + [UInt8(ascii: "\n")] }
      let clean = frame(data, framing: Self.csv, chunkSize: chunkSize)
      #expect(clean == zip(rowsBytes, starts).filter { !$0.0.isEmpty }.map { Framed(bytes: $0.0, line: $0.1) })
      // The stray quote goes into row `damaged`.
      let at = spot % (data.count + 1)
      var damaged = 0
      var offset = 0
      for (index, row) in rowsBytes.enumerated() {
        if at <= offset + row.count { damaged = index; break }
        offset += row.count + 1
      }
      var broken = data
      broken.insert(UInt8(ascii: "\""), at: at)
      let records = frame(broken, framing: Self.csv, chunkSize: chunkSize)
      for (index, row) in rowsBytes.enumerated() where index != damaged && !row.isEmpty {
        // Rows after the damaged one keep their bytes; their lines too (the stray quote adds no line).
        #expect(records.contains(Framed(bytes: row, line: starts[index])), "row \(index) lost; stray quote in row \(damaged)")
      }
    }
  }

  @Test func keepsMemoryBoundedForAHugeLine() {
    // 64 MiB of one line through a 1 KiB limit: only the prefix is kept.
    var framer = RecordFramer(maxRecordLength: 1024)
    let chunk = [UInt8](repeating: UInt8(ascii: "z"), count: 1 << 20)
    var records: [Framed] = []
    chunk.withUnsafeBytes { bytes in
      for _ in 0..<64 { framer.feed(bytes) { records.append(Framed($0)) } }
    }
    Array("\nafter\n".utf8).withUnsafeBytes { framer.feed($0) { records.append(Framed($0)) } }
    framer.finish { records.append(Framed($0)) }
    #expect(records.count == 2)
    #expect(records.first?.isTooLong == true && records.first?.bytes.count == 256)
    #expect(records.last == Framed("after", line: 2))
  }

  @Test func survivesNULBytesAndBinaryGarbage() {
    var generator = SplitMix64(seed: 7)
    let data = (0..<100_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    for framing in [Framing.lines, Self.csv] {
      let whole = frame(data, framing: framing, maxRecordLength: 300)
      #expect(frame(data, framing: framing, maxRecordLength: 300, chunkSize: 97) == whole)
      #expect(!whole.isEmpty)
    }
  }

  static let alphabet: [UInt8] = Array("ab,\"\n\r\n".utf8) + [0, 0xEF, 0xBB, 0xBF, 0xFF]

  @Test func reconstructsTheNonEmptyLinesWhateverTheChunks() async {
    await propertyCheck(
      input: Gen.int(in: 0...(Self.alphabet.count - 1)).map { Self.alphabet[$0] }.array(of: 0...120),
      Gen.int(in: 1...9), Gen.int(in: 1...12)
    ) { data, chunkSize, limit in
      let expected = expectedLines(data)
      #expect(frame(data, chunkSize: chunkSize) == expected)
      // With a small limit, long lines become their prefix, flagged.
      let limited = expected.map { line in
        line.bytes.count > limit ? Framed(bytes: Array(line.bytes.prefix(min(256, limit))), line: line.line, isTooLong: true) : line
      }
      #expect(frame(data, maxRecordLength: limit, chunkSize: chunkSize) == limited)
    }
  }

  @Test func framesQuotedRecordsAlikeWhateverTheChunks() async {
    await propertyCheck(
      input: Gen.int(in: 0...(Self.alphabet.count - 1)).map { Self.alphabet[$0] }.array(of: 0...120),
      Gen.int(in: 1...9), Gen.int(in: 1...12)
    ) { data, chunkSize, limit in
      #expect(frame(data, framing: Self.csv, chunkSize: chunkSize) == referenceQuoted(data))
      #expect(
        frame(data, framing: Self.csv, maxRecordLength: limit, chunkSize: chunkSize)
          == frame(data, framing: Self.csv, maxRecordLength: limit))
    }
  }

  /// RFC 4180 framing, one byte at a time, no limit: the obvious implementation to compare against.
  ///
  /// A record over several lines that is not well formed (a closing quote followed by something
  /// else than a separator or its end, a field count other than the header's, or a quote still
  /// open at the end of the input) is cut after its first line, and the next line is read afresh.
  func referenceQuoted(_ data: [UInt8]) -> [Framed] {
    let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
    var data = Array(data[...])
    if data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }
    var records: [Framed] = []
    var header: Int?
    var line = 1
    var start = 0
    func emit(_ bytes: ArraySlice<UInt8>, learn: Bool) {
      var bytes = bytes
      if learn && header == nil && bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != cr }) {
        // The parser's header split: a quote opens anywhere.
        var fields = 1, quoted = false, i = bytes.startIndex
        while i < bytes.endIndex {
          if quoted {
            if bytes[i] == quote { if i + 1 < bytes.endIndex && bytes[i + 1] == quote { i += 1 } else { quoted = false } }
          } else if bytes[i] == quote { quoted = true } else if bytes[i] == comma { fields += 1 }
          i += 1
        }
        if !quoted { header = fields }
      }
      if bytes.last == cr { bytes.removeLast() }
      if !bytes.isEmpty { records.append(Framed(bytes: Array(bytes), line: line)) }
    }
    while start < data.count {
      // One record from `start`: up to a newline outside quotes, or the end.
      var index = start, inQuotes = false, fieldStart = true, fields = 1, wellFormed = true
      while index < data.count {
        let byte = data[index]
        if inQuotes {
          if byte == quote {
            if index + 1 < data.count && data[index + 1] == quote {
              index += 2
              continue
            }
            inQuotes = false
            let next = index + 1 < data.count ? data[index + 1] : comma
            if next != comma && next != cr && next != newline { wellFormed = false }
          }
          fieldStart = false
        } else if byte == newline {
          break
        } else {
          if byte == quote && fieldStart { inQuotes = true }
          if byte == comma { fields += 1 }
          fieldStart = byte == comma
        }
        index += 1
      }
      let record = data[start..<index]
      if let firstNewline = record.firstIndex(of: newline),
        inQuotes || !wellFormed || (header != nil && fields != header)
      {
        emit(data[start..<firstNewline], learn: false)
        line += 1
        start = firstNewline + 1
        continue
      }
      emit(record, learn: index < data.count)
      line += 1 + record.filter { $0 == newline }.count
      start = index + 1
    }
    return records
  }
}
