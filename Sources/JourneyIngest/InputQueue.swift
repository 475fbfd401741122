import JourneyInput
import JourneyModel
import JourneyParsing

/// The inputs of a run, each opened once: lazily, when the ingest reaches it, except the first, which
/// preset detection may open early to peek at its head and which the ingest then reads on.
///
/// Standard input cannot be reopened: handing the detection's reader to the ingest is what lets
/// `zcat export.gz | journey report -` detect the preset and still read every record.
package final class InputQueue: @unchecked Sendable {
  package let sources: [InputSource]
  let maxRecordLength: Int
  let progress: (@Sendable (Int) -> Void)?
  /// The first input's reader, opened by ``first()`` and not yet taken by ``reader(at:)``.
  ///
  /// Set before the ingest starts its threads, taken by the one thread that reads the first input:
  /// never touched by two threads at once.
  private var opened: RecordReader?
  /// A file holding standard input's bytes (``StandardInputCopy``): read instead of standard input,
  /// which is still named `-`. Set before any input is opened.
  package var standardInputCopy: String?
  /// Per input, a file read in its place under its name (`report --keyed`'s rebuilt inputs); empty:
  /// every input is read itself. Set before any input is opened.
  package var substitutes: [String] = []
  /// Per input, the format it is read as instead of the config's or the detected one (`report
  /// --keyed`: the format `keys` found in the original file, whose first line the rebuilt one
  /// may not have); nil or empty: the usual way. Set before any input is opened.
  package var formats: [RecordFormat?] = []

  /// The format input `index` is read as whatever its first line says, if any (``formats``).
  package func format(at index: Int) -> RecordFormat? { index < formats.count ? formats[index] : nil }

  /// `progress` is called with the compressed bytes of each chunk read.
  package init(_ sources: [InputSource], maxRecordLength: Int, progress: (@Sendable (Int) -> Void)? = nil) {
    self.sources = sources
    self.maxRecordLength = maxRecordLength
    self.progress = progress
  }

  /// The first input's reader, opened now (its ``RecordReader/head`` is ready) and kept for the
  /// ingest; nil when there is no input.
  package func first() throws(JourneyError) -> RecordReader? {
    guard !sources.isEmpty else { return nil }
    if opened == nil { opened = try open(at: 0) }
    return opened
  }

  /// The reader of input `index`: the one ``first()`` opened, or a newly opened one. Call once per input.
  package func reader(at index: Int) throws(JourneyError) -> RecordReader {
    if index == 0, let reader = opened {
      opened = nil
      return reader
    }
    return try open(at: index)
  }

  private func open(at index: Int) throws(JourneyError) -> RecordReader {
    let source = sources[index]
    if index < substitutes.count {
      return try RecordReader(copyOf: source, at: substitutes[index], maxRecordLength: maxRecordLength, progress: progress)
    }
    if source == .standardInput, let standardInputCopy {
      return try RecordReader(copyOf: source, at: standardInputCopy, maxRecordLength: maxRecordLength, progress: progress)
    }
    return try RecordReader(source: source, maxRecordLength: maxRecordLength, progress: progress)
  }
}
