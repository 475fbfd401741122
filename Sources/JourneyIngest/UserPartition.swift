import JourneyModel

/// `--partition K/N` (SPEC §12): the users whose key hashes to `index` of `count`, with exactly
/// Spark's `pmod(xxhash64(key), N)` (``XXHash64``, seed 42, over the key's UTF-8 bytes as journey
/// makes it: the first non-empty user field, or the combined fields), so that a Spark shuffle by
/// that key and `journey report --partition` agree on every user.
///
/// A record without a user (rejected, or unparseable) belongs to the partition of the empty key,
/// where the Spark job sends it too: every record is counted in exactly one partition.
public struct UserPartition: Sendable, Equatable {
  package let index: Int
  package let count: Int

  /// `K/N` with 0 ≤ K < N; nil for anything else.
  package init?(_ text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count > 0, index >= 0, index < count
    else { return nil }
    self.index = index
    self.count = count
  }

  package init(index: Int, count: Int) {
    precondition(count > 0 && index >= 0 && index < count)
    self.index = index
    self.count = count
  }

  package func contains(key: UnsafeRawBufferPointer) -> Bool { XXHash64.sparkPartition(key, of: count) == index }

  /// Whether records without a user are this partition's (those of the empty key).
  package var ownsRecordsWithoutUser: Bool {
    XXHash64.sparkPartition(UnsafeRawBufferPointer(start: nil, count: 0), of: count) == index
  }

  package var description: String { "\(index)/\(count)" }
}
