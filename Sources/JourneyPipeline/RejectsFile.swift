import JourneyIngest
import JourneyModel
import JourneyRender
import Synchronization

/// `--rejects FILE`: every rejected record as one NDJSON line (`excerpt`, `file`, `line`, `reason`,
/// keys sorted).
///
/// Streamed through an ``OutputFile`` as the records come (memory does not grow with their number)
/// and put in place when the run finishes, like every output.
enum RejectsFile {
  final class Writer: Sendable {
    let output: OutputFile
    /// The first write error; later records are dropped and ``finish()`` throws it.
    private let failure = Mutex<JourneyError?>(nil)

    init(path: String) throws(JourneyError) {
      output = try OutputFile(path: path)
    }

    func write(_ record: RejectedRecord) {
      var line: [UInt8] = []
      line.reserveCapacity(96 + (record.excerpt?.utf8.count ?? 0))
      if let excerpt = record.excerpt {
        Self.append("{\"excerpt\":", to: &line)
        Self.appendJSONString(excerpt, to: &line)
        Self.append(",\"file\":", to: &line)
      } else {
        Self.append("{\"file\":", to: &line)
      }
      Self.appendJSONString(record.file, to: &line)
      Self.append(",\"line\":\(record.line),\"reason\":", to: &line)
      Self.appendJSONString(record.reason, to: &line)
      Self.append("}\n", to: &line)
      do {
        try output.write(line)
      } catch {
        failure.withLock { if $0 == nil { $0 = error } }
      }
    }

    /// Puts the file in place, or throws the first error writing it.
    func finish() throws(JourneyError) {
      if let error = failure.withLock({ $0 }) { throw error }
      try output.commit()
    }

    private static func append(_ text: String, to line: inout [UInt8]) {
      line.append(contentsOf: text.utf8)
    }

    /// `text` as a JSON string: copied whole when it is printable ASCII without `"` or `\\` (the usual
    /// case, one `memcpy`), else through ``FieldQuoting/appendJSONString(_:to:)``.
    private static func appendJSONString(_ text: String, to line: inout [UInt8]) {
      var text = text
      text.withUTF8 { bytes in
        // Plain ASCII past the controls needs no escape; anything else (C1, bidi marks) goes the long way.
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
          line.append(UInt8(ascii: "\""))
          line.append(contentsOf: bytes)
          line.append(UInt8(ascii: "\""))
        } else {
          FieldQuoting.appendJSONString(bytes, to: &line)
        }
      }
    }
  }

  /// Opens `path` (through a temporary file) and sends every record `ledger` rejects to it; call
  /// ``Writer/finish()`` after the run to move the file into place.
  static func attach(to ledger: IngestLedger, path: String) throws(JourneyError) -> Writer {
    let writer = try Writer(path: path)
    ledger.setRejectSink { writer.write($0) }
    return writer
  }
}
