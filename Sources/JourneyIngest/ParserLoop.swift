import JourneyInput
import JourneyModel
import JourneyParsing

/// What runs over the records of a stretch of input (a file, a block) with a concrete parser.
package protocol ParserLoop {
  associatedtype Result
  associatedtype Failure: Error
  func run<Parser: RecordParser, Visitor: RecordVisitor>(
    _ parser: inout Parser, _ ingest: inout RecordIngest, _ visitor: inout Visitor
  ) throws(Failure) -> Result
}

/// Every record of one input, from its reader; the result is how reading went (a broken gzip stream too).
package struct FileLoop: ParserLoop {
  package typealias Failure = JourneyError
  package let reader: RecordReader
  package let format: RecordFormat
  /// Inflate on a second thread (`forEachRecordReadingAhead`).
  package let readAhead: Bool

  package init(reader: RecordReader, format: RecordFormat, readAhead: Bool) {
    self.reader = reader
    self.format = format
    self.readAhead = readAhead
  }

  /// Reads every record of the input; returns how reading went.
  package func run<Parser: RecordParser, Visitor: RecordVisitor>(
    _ parser: inout Parser, _ ingest: inout RecordIngest, _ visitor: inout Visitor
  ) throws(JourneyError) -> InputOutcome {
    let framing = FormatParser.framing(format)
    do {
      if readAhead {
        return try reader.forEachRecordReadingAhead(framing: framing) { ingest.ingest($0, &parser, &visitor) }
      }
      return try reader.forEachRecord(framing: framing) { ingest.ingest($0, &parser, &visitor) }
    } catch let error as JourneyError {
      throw error
    } catch {
      throw JourneyError(kind: .input, location: reader.source.displayName, message: "\(error)")
    }
  }
}

/// The records of a raw block (whole lines, framed here); returns the number of lines.
struct RawBlockLoop: ParserLoop {
  typealias Failure = Never
  let block: RecordBlock

  func run<Parser: RecordParser, Visitor: RecordVisitor>(
    _ parser: inout Parser, _ ingest: inout RecordIngest, _ visitor: inout Visitor
  ) -> Int {
    block.forEachRawRecord(maxRecordLength: ingest.maxRecordLength) { ingest.ingest($0, &parser, &visitor) }
  }
}

/// The records of a block framed by its reader.
struct FramedBlockLoop: ParserLoop {
  typealias Failure = Never
  let block: RecordBlock

  func run<Parser: RecordParser, Visitor: RecordVisitor>(
    _ parser: inout Parser, _ ingest: inout RecordIngest, _ visitor: inout Visitor
  ) {
    block.forEachRecord { ingest.ingest($0, &parser, &visitor) }
  }
}
