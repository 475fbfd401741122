import JourneyInput
import JourneyModel

/// What a command does with the records ``RecordIngest`` reads: the accepted events, the dropped
/// ones, the rejects and the warnings.
package protocol RecordVisitor {
  /// A record about to be parsed (not a too-long one).
  mutating func willParse(_ record: InputRecord)
  /// An event the extractor accepted, with its extra field's id (nil without one) and the ids
  /// its values have in `ids`.
  mutating func accept(_ event: EventRecord, extra: UInt32?, fields: borrowing RecordFields, line: Int, ids: borrowing IDSpace)
  /// An event dropped by `exclude:` or, when `outOfRange`, by `--from/--to`; `user` is its user's
  /// id in the extractor's ``IDSpace``.
  mutating func drop(outOfRange: Bool, user: UInt32, fields: borrowing RecordFields, line: Int)
  /// A record that could not be read (too long, not parseable).
  mutating func reject(line: Int, reason: RejectReason, detail: String, excerpt: String?)
  /// An event the extractor rejected (no user, no time); `user` as for ``drop(outOfRange:user:fields:line:)``,
  /// 0 when it has none.
  mutating func rejectEvent(
    line: Int, reason: RejectReason, detail: String, excerpt: String, user: UInt32, fields: borrowing RecordFields)
  /// A record that named a field twice (`what`: `key "x"`, `column "x"`).
  mutating func duplicate(line: Int, _ what: String)
  /// The fields of an event the parser found, before the extractor sees them (also when
  /// ``RecordIngest`` does not extract): `journey keys` reads its user key here.
  mutating func willExtract(_ fields: borrowing RecordFields)
  /// A record parsed (not a too-long one), after its events and before its reject; `header`: it
  /// was the header row of its file.
  mutating func didParse(_ record: InputRecord, header: Bool)
  /// A record or event that belongs to another partition than `--partition`'s (its user hashes
  /// elsewhere, or it has no user and the empty key hashes elsewhere): not this run's.
  mutating func otherPartition(line: Int)
}

extension RecordVisitor {
  @inline(__always) package mutating func willParse(_ record: InputRecord) {}
  @inline(__always) package mutating func willExtract(_ fields: borrowing RecordFields) {}
  @inline(__always) package mutating func didParse(_ record: InputRecord, header: Bool) {}
  @inline(__always) package mutating func otherPartition(line: Int) {}

  @inline(__always) package mutating func rejectEvent(
    line: Int, reason: RejectReason, detail: String, excerpt: String, user: UInt32, fields: borrowing RecordFields
  ) {
    reject(line: line, reason: reason, detail: detail, excerpt: excerpt)
  }
}

/// A ``RecordVisitor`` told which file its records come from.
package protocol FileVisitor: RecordVisitor {
  mutating func startFile(_ name: String)
}
