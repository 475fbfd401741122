/// Exact quantiles with linear interpolation between closest ranks (numpy's default,
/// DuckDB's `quantile_cont`): for sorted `x` of size *n*, `h = (n − 1)·q`,
/// `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`.
enum Quantile {
  /// The `q` quantile of `sorted` (ascending), nil when empty.
  static func continuous(_ sorted: [Int64], _ q: Double) -> Double? {
    guard !sorted.isEmpty else { return nil }
    let h = Double(sorted.count - 1) * q
    let low = Int(h.rounded(.down))
    let high = min(low + 1, sorted.count - 1)
    let fraction = h - Double(low)
    return Double(sorted[low]) + fraction * Double(sorted[high] - sorted[low])
  }

  /// As ``continuous(_:_:)`` on microseconds, in seconds.
  static func seconds(_ sortedMicroseconds: [Int64], _ q: Double) -> Double? {
    continuous(sortedMicroseconds, q).map { $0 / 1_000_000 }
  }
}
