/// Why a record was rejected: a short lowercase phrase, the key of `rejects.by_reason`.
public struct RejectReason: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
  public var text: String
  public init(_ text: String) { self.text = text }
  public init(stringLiteral value: String) { self.text = value }
  public var description: String { text }
  public static func < (a: Self, b: Self) -> Bool { a.text < b.text }

  public static let malformedJSON: Self = "malformed json"
  public static let notAnObject: Self = "not a json object"
  public static let wrongFieldCount: Self = "wrong field count"
  public static let unterminatedQuote: Self = "unterminated quote"
  public static let malformedLogLine: Self = "malformed log line"
  public static let badTimestamp: Self = "bad timestamp"
  public static let missingTimestamp: Self = "missing timestamp"
  public static let noUser: Self = "no user"
  public static let lineTooLong: Self = "line too long"
  public static let invalidUTF8: Self = "invalid utf-8"
  public static let nulByte: Self = "nul byte"
  public static let noEvents: Self = "no events array"
}

/// One rejected record: where it was and why.
public struct RejectedRecord: Sendable, Equatable, Codable {
  public var file: String
  public var line: Int
  public var reason: String
  /// The first bytes of the record, for the `--rejects` file.
  public var excerpt: String?

  public init(file: String, line: Int, reason: RejectReason, excerpt: String? = nil) {
    self.file = file
    self.line = line
    self.reason = reason.text
    self.excerpt = excerpt
  }
}

/// Counts rejected records by reason and keeps the first samples (SPEC §6).
public struct RejectLog: Sendable {
  public private(set) var count = 0
  public private(set) var byReason: [RejectReason: Int] = [:]
  public private(set) var samples: [RejectedRecord] = []
  public let sampleLimit: Int
  /// Called with every rejected record (for `--rejects FILE`); nil keeps only the samples.
  public var sink: (@Sendable (RejectedRecord) -> Void)?

  public init(sampleLimit: Int = 20, sink: (@Sendable (RejectedRecord) -> Void)? = nil) {
    self.sampleLimit = sampleLimit
    self.sink = sink
  }

  public mutating func reject(_ record: RejectedRecord) {
    count += 1
    byReason[RejectReason(record.reason), default: 0] += 1
    if samples.count < sampleLimit { samples.append(record) }
    sink?(record)
  }

  public mutating func reject(file: String, line: Int, reason: RejectReason, excerpt: String? = nil) {
    reject(RejectedRecord(file: file, line: line, reason: reason, excerpt: excerpt))
  }

  /// Adds another log's counts (samples in order: self's first).
  public mutating func merge(_ other: RejectLog) {
    count += other.count
    for (reason, n) in other.byReason { byReason[reason, default: 0] += n }
    for sample in other.samples where samples.count < sampleLimit { samples.append(sample) }
  }
}
