/// Why a record was rejected: a short lowercase phrase, the key of `rejects.by_reason`.
public struct RejectReason: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
  package var text: String
  public init(_ text: String) { self.text = text }
  public init(stringLiteral value: String) { self.text = value }
  public var description: String { text }
  public static func < (a: Self, b: Self) -> Bool { a.text < b.text }

  package static let malformedJSON: Self = "malformed json"
  package static let notAnObject: Self = "not a json object"
  package static let wrongFieldCount: Self = "wrong field count"
  package static let unterminatedQuote: Self = "unterminated quote"
  package static let malformedLogLine: Self = "malformed log line"
  package static let badTimestamp: Self = "bad timestamp"
  package static let missingTimestamp: Self = "missing timestamp"
  package static let noUser: Self = "no user"
  package static let lineTooLong: Self = "line too long"
  package static let invalidUTF8: Self = "invalid utf-8"
  public static let nulByte: Self = "nul byte"
  package static let noEvents: Self = "no events array"
}

/// One rejected record: where it was and why.
package struct RejectedRecord: Sendable, Equatable, Codable {
  package var file: String
  package var line: Int
  package var reason: String
  /// The first bytes of the record, for the `--rejects` file.
  package var excerpt: String?

  package init(file: String, line: Int, reason: RejectReason, excerpt: String? = nil) {
    self.file = file
    self.line = line
    self.reason = reason.text
    self.excerpt = excerpt
  }
}

/// Counts rejected records by reason and keeps the first samples (SPEC §6).
package struct RejectLog: Sendable {
  package private(set) var count = 0
  package private(set) var byReason: [RejectReason: Int] = [:]
  package private(set) var samples: [RejectedRecord] = []
  package let sampleLimit: Int
  /// Called with every rejected record (for `--rejects FILE`); nil keeps only the samples.
  package var sink: (@Sendable (RejectedRecord) -> Void)?

  package init(sampleLimit: Int = 20, sink: (@Sendable (RejectedRecord) -> Void)? = nil) {
    self.sampleLimit = sampleLimit
    self.sink = sink
  }

  package mutating func reject(_ record: RejectedRecord) {
    count += 1
    byReason[RejectReason(record.reason), default: 0] += 1
    if samples.count < sampleLimit { samples.append(record) }
    sink?(record)
  }

  package mutating func reject(file: String, line: Int, reason: RejectReason, excerpt: String? = nil) {
    reject(RejectedRecord(file: file, line: line, reason: reason, excerpt: excerpt))
  }

  /// Adds another log's counts (samples in order: self's first).
  package mutating func merge(_ other: RejectLog) {
    count += other.count
    for (reason, n) in other.byReason { byReason[reason, default: 0] += n }
    for sample in other.samples where samples.count < sampleLimit { samples.append(sample) }
  }
}
