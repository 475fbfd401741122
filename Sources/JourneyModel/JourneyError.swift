/// An error that reaches the user: one line on stderr and the exit status of SPEC §6.
///
/// Exit status 4, a failed `--fail-if` gate, is not an error: `journey report` ends with it after
/// writing every output and printing one `gate failed: …` line per gate (`GateOptions`).
public struct JourneyError: Error, CustomStringConvertible, Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    /// A wrong flag or argument: exit 1.
    case usage
    /// A config file that cannot be used: exit 1.
    case config
    /// Unreadable, missing, truncated or corrupt input: exit 2.
    case input
    /// More rejected records than `--max-bad-ratio` allows: exit 3.
    case tooManyRejects
    /// SIGINT or SIGTERM: exit 130.
    case interrupted
  }

  public var kind: Kind
  /// Where it happened: `"shop.yaml:14:9"`, `"events.ndjson.gz"`, or nil.
  public var location: String?
  /// What was expected and what was found.
  package var message: String

  package init(kind: Kind, location: String? = nil, message: String) {
    self.kind = kind
    self.location = location
    self.message = message
  }

  package var exitStatus: Int32 {
    switch kind {
    case .usage, .config: 1
    case .input: 2
    case .tooManyRejects: 3
    case .interrupted: 130
    }
  }

  public var description: String { location.map { "\($0): \(message)" } ?? message }
}
