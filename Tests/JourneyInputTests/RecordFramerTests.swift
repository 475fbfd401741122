import JourneyInput
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
    Case(name: "unterminated quote runs to the end", input: "a\n\"b\nc\nd", expected: [("a", 1), ("\"b\nc\nd", 2)]),
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

  @Test func countsLinesOfATooLongQuotedRecordBeforeTheCut() {
    let input = "\"1\n2\n3\n4567890123\nnext\n"
    for chunkSize in [nil, 1, 2, 5] {
      let records = frame(input, framing: Self.csv, maxRecordLength: 10, chunkSize: chunkSize)
      #expect(records == [Framed("\"1\n2\n3\n456", line: 1, isTooLong: true), Framed("next", line: 5)])
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
    var generator = SeededRandom(seed: 7)
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
  func referenceQuoted(_ data: [UInt8]) -> [Framed] {
    var data = data[...]
    if data.starts(with: [0xEF, 0xBB, 0xBF]) { data = data.dropFirst(3) }
    var records: [Framed] = []
    var current: [UInt8] = []
    var line = 1
    var start = 1
    var inQuotes = false
    var fieldStart = true
    var index = data.startIndex
    func close() {
      if current.last == UInt8(ascii: "\r") { current.removeLast() }
      if !current.isEmpty { records.append(Framed(bytes: current, line: start)) }
      current = []
    }
    while index < data.endIndex {
      let byte = data[index]
      index += 1
      if inQuotes {
        current.append(byte)
        if byte == UInt8(ascii: "\n") { line += 1 }
        if byte == UInt8(ascii: "\"") {
          if index < data.endIndex && data[index] == UInt8(ascii: "\"") {
            current.append(byte)
            index += 1
          } else {
            inQuotes = false
            fieldStart = false
          }
        }
      } else if byte == UInt8(ascii: "\n") {
        close()
        line += 1
        start = line
        fieldStart = true
      } else {
        current.append(byte)
        if byte == UInt8(ascii: "\"") && fieldStart { inQuotes = true }
        fieldStart = byte == UInt8(ascii: ",")
      }
    }
    close()
    return records
  }
}

