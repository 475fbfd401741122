/// Where a stream of records comes from: a file path or standard input.
package enum InputSource: Sendable, Hashable {
  case file(String)
  case standardInput

  /// The path as given, or `-` for standard input: what messages call the source.
  package var displayName: String {
    switch self {
    case .file(let path): path
    case .standardInput: "-"
    }
  }
}
