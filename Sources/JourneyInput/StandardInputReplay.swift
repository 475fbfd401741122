import Synchronization

/// Bytes taken from standard input by a reader that only peeked (to detect the format or preset),
/// handed back so the next reader of standard input starts at the first byte again.
///
/// Standard input cannot be reopened; this is how `journey report -` can detect a preset from the
/// first line and still read every record.
enum StandardInputReplay {
  private static let pending = Mutex<[UInt8]>([])

  /// Puts `bytes` back in front of whatever is still unread (and whatever was put back before).
  static func putBack(_ bytes: [UInt8]) {
    guard !bytes.isEmpty else { return }
    pending.withLock { $0 = bytes + $0 }
  }

  /// Copies put-back bytes into `buffer`; 0 when there are none.
  static func take(into buffer: UnsafeMutableRawBufferPointer) -> Int {
    pending.withLock { bytes in
      let count = min(bytes.count, buffer.count)
      guard count > 0, let base = buffer.baseAddress else { return 0 }
      bytes.withUnsafeBytes { base.copyMemory(from: $0.baseAddress!, byteCount: count) }
      bytes.removeFirst(count)
      return count
    }
  }
}
