import JourneyModel
import JourneyReports

/// Formats the rows of `journey sessions` straight into bytes: NDJSON objects or CSV lines.
///
/// Texts that repeat are quoted once: stage names up front, event names per id, the user once per
/// user, a user's personas once per combination. Rows go into a buffer handed to `flush` in chunks
/// of about 64 KiB.
package struct SessionRowWriter {
  package let format: SessionRowFormat
  private var buffer: [UInt8] = []
  private let stages: [[UInt8]]
  private var user: [UInt8] = []
  private var eventNames: [[UInt8]?] = []
  /// The config's personas (SPEC §9), in order; empty: no `personas` column.
  private let personas: [String]
  /// The current user's `personas` cell, quoted: a JSON array or a CSV field (names joined by `|`).
  private var userPersonas: [UInt8] = []
  /// The quoted cell of each combination of personas seen so far (bit *p*: persona *p*).
  private var personaCells: [UInt64: [UInt8]] = [:]

  /// With `personas` (the config's, in order), every row ends in a `personas` column: the user's
  /// personas in config order, or `(no persona)`.
  package init(format: SessionRowFormat, stages: [String], personas: [String] = []) {
    self.format = format
    self.personas = personas
    buffer.reserveCapacity(1 << 17)
    var quoted: [[UInt8]] = []
    for stage in stages {
      var bytes: [UInt8] = []
      Self.appendQuoted(Array(stage.utf8), format: format, to: &bytes)
      quoted.append(bytes)
    }
    self.stages = quoted
  }

  /// Drops trailing groups of three zeros from the `.ffffff` fraction of the time that `buffer` ends
  /// with (`.459000Z` → `.459Z`; the fraction is written only when it is not zero), as
  /// ``ReportFormatting/time(_:)`` does for the reports.
  static func trimFraction(_ buffer: inout [UInt8]) {
    let end = buffer.count
    guard end >= 8, buffer[end - 1] == UInt8(ascii: "Z"), buffer[end - 8] == UInt8(ascii: ".") else { return }
    let first = end - 7
    var kept = 6
    while kept >= 3, buffer[(first + kept - 3)..<(first + kept)].allSatisfy({ $0 == UInt8(ascii: "0") }) { kept -= 3 }
    guard kept < 6 else { return }
    buffer.removeSubrange((kept == 0 ? first - 1 : first + kept)..<(end - 1))
  }

  /// The header line (CSV), or nothing.
  package mutating func writeHeader() {
    guard format == .csv else { return }
    buffer.append(contentsOf: "user,session,export_session,time,stage,event".utf8)
    buffer.append(contentsOf: (personas.isEmpty ? "\n" : ",personas\n").utf8)
  }

  /// Sets the user of the next rows, and the user's personas (bit *p*: persona *p*; ignored
  /// without personas).
  package mutating func startUser(_ bytes: UnsafeRawBufferPointer, personas mask: UInt64 = 0) {
    user.removeAll(keepingCapacity: true)
    Self.appendQuoted(bytes, format: format, to: &user)
    guard !personas.isEmpty else { return }
    if let cell = personaCells[mask] {
      userPersonas = cell
    } else {
      userPersonas = Self.personasCell(PersonaMemberships.names(mask, of: personas), format: format)
      personaCells[mask] = userPersonas
    }
  }

  /// Persona names as one cell: a JSON array of strings, or one CSV field of the names joined by `|`.
  package static func personasCell(_ names: [String], format: SessionRowFormat) -> [UInt8] {
    var cell: [UInt8] = []
    switch format {
    case .ndjson:
      cell.append(UInt8(ascii: "["))
      for (index, name) in names.enumerated() {
        if index > 0 { cell.append(UInt8(ascii: ",")) }
        FieldQuoting.appendJSONString(Array(name.utf8), to: &cell)
      }
      cell.append(UInt8(ascii: "]"))
    case .csv:
      FieldQuoting.appendCSVField(Array(names.joined(separator: "|").utf8), to: &cell)
    }
    return cell
  }

  /// One row: `session` is 1-based; `exportSession` nil when there is none; `stage` an index into
  /// the stages or nil; `eventID` the event's name in `names` (nil for none), quoted once per id.
  package mutating func write(
    session: Int, exportSession: UnsafeRawBufferPointer?, time: Microseconds, stage: Int?, eventID: Int?,
    names: ByteInterner
  ) {
    let quotedEvent: [UInt8]?
    if let eventID {
      if eventID >= eventNames.count { eventNames.append(contentsOf: repeatElement(nil, count: eventID + 1 - eventNames.count)) }
      if eventNames[eventID] == nil {
        var bytes: [UInt8] = []
        names.withBytes(of: UInt32(eventID)) { Self.appendQuoted($0, format: format, to: &bytes) }
        eventNames[eventID] = bytes
      }
      quotedEvent = eventNames[eventID]
    } else {
      quotedEvent = nil
    }
    switch format {
    case .ndjson:
      append("{\"user\":")
      buffer.append(contentsOf: user)
      append(",\"session\":")
      appendInteger(session)
      if let exportSession {
        append(",\"export_session\":")
        Self.appendQuoted(exportSession, format: format, to: &buffer)
      }
      append(",\"time\":\"")
      Timestamp.appendISO8601(time, to: &buffer)
      append("\",\"stage\":")
      if let stage { buffer.append(contentsOf: stages[stage]) } else { append("null") }
      append(",\"event\":")
      if let quotedEvent { buffer.append(contentsOf: quotedEvent) } else { append("null") }
      if !personas.isEmpty {
        append(",\"personas\":")
        buffer.append(contentsOf: userPersonas)
      }
      append("}\n")
    case .csv:
      buffer.append(contentsOf: user)
      buffer.append(UInt8(ascii: ","))
      appendInteger(session)
      buffer.append(UInt8(ascii: ","))
      if let exportSession { Self.appendQuoted(exportSession, format: format, to: &buffer) }
      buffer.append(UInt8(ascii: ","))
      // For people (a spreadsheet): without the padding of the fraction, as in the text reports.
      Timestamp.appendISO8601(time, to: &buffer)
      Self.trimFraction(&buffer)
      buffer.append(UInt8(ascii: ","))
      if let stage { buffer.append(contentsOf: stages[stage]) }
      buffer.append(UInt8(ascii: ","))
      if let quotedEvent { buffer.append(contentsOf: quotedEvent) }
      if !personas.isEmpty {
        buffer.append(UInt8(ascii: ","))
        buffer.append(contentsOf: userPersonas)
      }
      buffer.append(UInt8(ascii: "\n"))
    }
  }

  /// Hands the buffered bytes to `flush` when there are enough of them (or always with `force`).
  package mutating func flush(force: Bool = false, _ flush: (UnsafeRawBufferPointer) throws -> Void) rethrows {
    guard force ? !buffer.isEmpty : buffer.count >= 1 << 16 else { return }
    try buffer.withUnsafeBytes { try flush($0) }
    buffer.removeAll(keepingCapacity: true)
  }

  private mutating func append(_ text: StaticString) {
    buffer.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  private mutating func appendInteger(_ value: Int) {
    buffer.append(contentsOf: String(value).utf8)
  }

  /// `bytes` as a JSON string or a CSV field (``FieldQuoting``).
  package static func appendQuoted(_ bytes: some Collection<UInt8>, format: SessionRowFormat, to out: inout [UInt8]) {
    switch format {
    case .ndjson: FieldQuoting.appendJSONString(bytes, to: &out)
    case .csv: FieldQuoting.appendCSVField(bytes, to: &out)
    }
  }
}
