#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The column budget of the table and the progress line: `COLUMNS` when it is a positive integer,
/// else the width of the terminal on standard output, then on standard error, else 100 (output to a
/// pipe or a file); never below ``minimum``. A table written to a file (`-o report.txt`) takes
/// `COLUMNS` or 100, never the terminal's size, so the file does not depend on the window it was made in.
package enum TerminalWidth {
  /// Used when neither `COLUMNS` nor a terminal says: the width of a report read in a file or a log.
  package static let fallback = 100
  /// The narrowest table the renderers lay out; a smaller `COLUMNS` or terminal gets this.
  package static let minimum = 40

  /// The width for this process: `COLUMNS`, else `ioctl(TIOCGWINSZ)` on standard output, then on
  /// standard error.
  package static func current() -> Int {
    resolve(columns: columns, terminal: terminalColumns(STDOUT_FILENO) ?? terminalColumns(STDERR_FILENO))
  }

  /// The width of a table written to a file: `COLUMNS`, else ``fallback``.
  package static func forFile() -> Int { resolve(columns: columns, terminal: nil) }

  private static var columns: String? { getenv("COLUMNS").map { String(cString: $0) } }

  /// The width from `COLUMNS` (its text, when set) and the terminal's columns (nil when not a
  /// terminal): a `COLUMNS` that is not a positive integer is ignored.
  package static func resolve(columns: String?, terminal: Int?) -> Int {
    if let columns, let value = Int(columns.trimmingSpaces), value > 0 { return max(minimum, value) }
    if let terminal, terminal > 0 { return max(minimum, terminal) }
    return fallback
  }

  /// The columns of the terminal open on `descriptor`: `ioctl(fd, TIOCGWINSZ)`; nil when it is not
  /// a terminal or reports 0 columns (a serial line, some CI pseudo-terminals).
  package static func terminalColumns(_ descriptor: Int32) -> Int? {
    var size = winsize()
    guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
  }
}

extension String {
  fileprivate var trimmingSpaces: Substring {
    let start = firstIndex { $0 != " " } ?? endIndex
    let end = lastIndex { $0 != " " }.map(index(after:)) ?? start
    return self[start..<max(start, end)]
  }
}
