#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif
import Foundation
import JourneyModel

/// `journey report --keyed`: the inputs of a keyed stream (``KeyedStream``) rebuilt as files, each
/// record at its original line, so that the normal report pipeline reads them as it reads the
/// originals — the same records, line numbers, formats and headers — under the original names.
///
/// Blank lines pad the gaps (records of other partitions, blank lines): the framing skips empty
/// records in every format (they are neither records nor rejects), counting their lines. A
/// delimited file's header record goes back at its own line. A record too long to have been read
/// (``KeyedStream/tooLongMarker``) is rebuilt as a line one byte over the length limit.
package struct KeyedInputs: Sendable {
  package let header: KeyedHeader
  /// The run's temporary folder holding the files; ``remove()`` deletes it.
  package let folder: String
  /// The rebuilt file of each of the header's inputs, in its order.
  package let files: [String]

  /// The stream's name in messages.
  static let streamName = "standard input"

  /// Reads the stream from standard input into files in a new temporary folder in
  /// `temporaryDirectory`; throws, naming the stream's line, at anything out of order or malformed.
  package static func readStandardInput(temporaryDirectory: String?, maxRecordLength: Int) throws(JourneyError) -> KeyedInputs {
    // A stream of its own on a copy of the descriptor: closing it leaves standard input open.
    guard let stream = fdopen(dup(STDIN_FILENO), "rb") else {
      throw JourneyError(kind: .input, location: streamName, message: "cannot read: \(String(cString: strerror(errno)))")
    }
    var reader = LineReader(stream: stream)
    defer {
      reader.close()
      fclose(stream)
    }
    guard let first = reader.next() else {
      throw JourneyError(kind: .input, location: streamName, message: "is empty; expected the line \(KeyedStream.headerTag)<TAB>{json}")
    }
    let header = try parseHeader(first)
    let folder = TemporaryFiles.makeFolder(in: temporaryDirectory)
    guard TemporaryFiles.createFolder(folder) else {
      TemporaryFiles.removeFolder(folder)
      throw JourneyError(kind: .input, location: folder, message: "cannot create the temporary folder: \(String(cString: strerror(errno)))")
    }
    let files = header.inputs.indices.map { "\(folder)/input-\($0)" }
    do throws(JourneyError) {
      var writer = FileRebuilder(header: header, files: files, maxRecordLength: maxRecordLength)
      var record: [UInt8] = []
      while let line = reader.next() {
        let number = reader.lineNumber
        if line.starts(with: Array("\(KeyedStream.inputTag)\t".utf8)) { continue }  // `keys` output piped whole
        let parsed: (input: Int?, line: Int?, record: Range<Int>)? = line.withUnsafeBytes { Self.fields($0) }
        guard let fields = parsed, let input = fields.input, let at = fields.line, at > 0 else {
          throw JourneyError(kind: .input, location: "\(streamName):\(number)", message: "expected KEY<TAB>INPUT<TAB>LINE<TAB>RECORD")
        }
        let tooLong = line[fields.record].elementsEqual(KeyedStream.tooLongMarker)
        if !tooLong {
          let ok = line.withUnsafeBytes { bytes in
            KeyedStream.unescape(UnsafeRawBufferPointer(rebasing: bytes[fields.record]), into: &record)
          }
          guard ok else {
            throw JourneyError(kind: .input, location: "\(streamName):\(number)", message: "RECORD holds a backslash that escapes nothing (\\\\, \\t, \\n, \\r)")
          }
        }
        try writer.write(input: input, line: at, record: record, tooLong: tooLong, streamLine: number)
      }
      if let error = reader.error {
        throw JourneyError(kind: .input, location: streamName, message: "cannot read: \(String(cString: strerror(error)))")
      }
      try writer.finish()
    } catch {
      TemporaryFiles.removeFolder(folder)
      throw error
    }
    return KeyedInputs(header: header, folder: folder, files: files)
  }

  package func remove() { TemporaryFiles.removeFolder(folder) }

  static func parseHeader(_ line: [UInt8]) throws(JourneyError) -> KeyedHeader {
    let tag = Array("\(KeyedStream.headerTag)\t".utf8)
    guard line.starts(with: tag) else {
      let found = String(decoding: line.prefix(40), as: UTF8.self)
      throw JourneyError(
        kind: .input, location: "\(streamName):1",
        message: "expected \(KeyedStream.headerTag)<TAB>{json} (a keyed stream of another version?), found '\(found)'")
    }
    let header: KeyedHeader
    do {
      header = try JSONDecoder().decode(KeyedHeader.self, from: Data(line[tag.count...]))
    } catch {
      throw JourneyError(kind: .input, location: "\(streamName):1", message: "the header's JSON cannot be read: \(error)")
    }
    for (position, input) in header.inputs.enumerated() where input.index != position {
      throw JourneyError(
        kind: .input, location: "\(streamName):1", message: "inputs[\(position)] has index \(input.index); expected the inputs 0, 1, 2… in order")
    }
    return header
  }

  /// The INPUT, LINE and where RECORD is of one record line; nil without three tabs.
  static func fields(_ bytes: UnsafeRawBufferPointer) -> (input: Int?, line: Int?, record: Range<Int>)? {
    var tabs: [Int] = []
    var i = 0
    while i < bytes.count, tabs.count < 3 {
      if bytes[i] == 0x09 { tabs.append(i) }
      i += 1
    }
    guard tabs.count == 3 else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      guard !range.isEmpty, range.count <= 18 else { return nil }
      var value = 0
      for k in range {
        let digit = Int(bytes[k]) - 0x30
        guard digit >= 0, digit <= 9 else { return nil }
        value = value * 10 + digit
      }
      return value
    }
    let record = tabs[2] + 1..<bytes.count
    return (number(tabs[0] + 1..<tabs[1]), number(tabs[1] + 1..<tabs[2]), record)
  }

  /// Writes the records of each input, in (input, line) order, at their lines.
  struct FileRebuilder {
    let header: KeyedHeader
    let files: [String]
    let maxRecordLength: Int
    /// The input being written (files before it are finished), and its file.
    var current = -1
    var file: UnsafeMutablePointer<FILE>?
    /// The next physical line of the current file.
    var nextLine = 1
    /// The current input's header record, until it is written at its line.
    var pendingHeader: (bytes: [UInt8], line: Int)?
    let padding = [UInt8](repeating: 0x0A, count: 1 << 16)

    init(header: KeyedHeader, files: [String], maxRecordLength: Int) {
      self.header = header
      self.files = files
      self.maxRecordLength = maxRecordLength
    }

    mutating func write(input: Int, line: Int, record: [UInt8], tooLong: Bool, streamLine: Int) throws(JourneyError) {
      guard input < files.count else {
        throw JourneyError(
          kind: .input, location: "\(KeyedInputs.streamName):\(streamLine)",
          message: "input \(input) is not in the header (\(files.count) inputs)")
      }
      guard input >= current else {
        throw outOfOrder(streamLine, "input \(input) after input \(current)")
      }
      while current < input { try open(current + 1) }
      if let pending = pendingHeader, pending.line < line {
        pendingHeader = nil
        try put(pending.bytes, at: pending.line, tooLong: false, streamLine: streamLine)
      }
      try put(record, at: line, tooLong: tooLong, streamLine: streamLine)
    }

    func outOfOrder(_ streamLine: Int, _ what: String) -> JourneyError {
      JourneyError(
        kind: .input, location: "\(KeyedInputs.streamName):\(streamLine)",
        message: "\(what): the records must be sorted by input, then line (each record once)")
    }

    private mutating func put(_ bytes: [UInt8], at line: Int, tooLong: Bool, streamLine: Int) throws(JourneyError) {
      guard line >= nextLine else {
        throw outOfOrder(streamLine, "input \(current) line \(line) comes before line \(nextLine), already written")
      }
      var gap = line - nextLine
      while gap > 0 {
        let n = min(gap, padding.count)
        try output(padding, n)
        gap -= n
      }
      if tooLong {
        let filler = [UInt8](repeating: 0x78, count: 1 << 16)
        var left = maxRecordLength + 1
        while left > 0 {
          let n = min(left, filler.count)
          try output(filler, n)
          left -= n
        }
        nextLine = line + 1
      } else {
        try output(bytes, bytes.count)
        var newlines = 0
        for byte in bytes where byte == 0x0A { newlines += 1 }
        nextLine = line + 1 + newlines
      }
      try output(padding, 1)
    }

    /// Writes the first `count` of `bytes`.
    private func output(_ bytes: [UInt8], _ count: Int) throws(JourneyError) {
      guard count > 0 else { return }
      let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, count, file) }
      guard written == count else {
        throw JourneyError(kind: .input, location: files[current], message: "cannot write: \(String(cString: strerror(errno)))")
      }
    }

    /// Finishes the current file and starts input `index`'s.
    private mutating func open(_ index: Int) throws(JourneyError) {
      try close()
      current = index
      guard let opened = fopen(files[index], "wb") else {
        throw JourneyError(kind: .input, location: files[index], message: "cannot create: \(String(cString: strerror(errno)))")
      }
      file = opened
      nextLine = 1
      let input = header.inputs[index]
      pendingHeader = input.header.map { (Array($0.utf8), input.headerLine ?? 1) }
    }

    private mutating func close() throws(JourneyError) {
      guard let open = file else { return }
      if let pending = pendingHeader {
        pendingHeader = nil
        try put(pending.bytes, at: max(pending.line, nextLine), tooLong: false, streamLine: 0)
      }
      file = nil
      guard fclose(open) == 0 else {
        throw JourneyError(kind: .input, location: files[current], message: "cannot write: \(String(cString: strerror(errno)))")
      }
    }

    /// Writes the inputs no record came for (a header alone, or nothing) and closes the last file.
    mutating func finish() throws(JourneyError) {
      while current < files.count - 1 { try open(current + 1) }
      try close()
    }
  }

  /// The lines of a `FILE`, without their `\n`, by `getline(3)`.
  struct LineReader {
    let stream: UnsafeMutablePointer<FILE>
    var buffer: UnsafeMutablePointer<CChar>?
    var capacity = 0
    private(set) var lineNumber = 0
    private(set) var error: Int32?

    init(stream: UnsafeMutablePointer<FILE>) { self.stream = stream }

    mutating func next() -> [UInt8]? {
      let count = getline(&buffer, &capacity, stream)
      guard count >= 0, let buffer else {
        if ferror(stream) != 0 { error = errno }
        return nil
      }
      lineNumber += 1
      var n = count
      if n > 0, buffer[n - 1] == 0x0A { n -= 1 }
      return [UInt8](UnsafeRawBufferPointer(start: buffer, count: n))
    }

    mutating func close() {
      free(buffer)
      buffer = nil
    }
  }
}
