/// Exact quantiles with linear interpolation between closest ranks (numpy's default,
/// DuckDB's `quantile_cont`): for sorted `x` of size *n*, `h = (n − 1)·q`,
/// `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`.
enum Quantile {
  /// The `q` quantile of `sorted` (ascending), nil when empty.
  static func continuous(_ sorted: [Int64], _ q: Double) -> Double? {
    guard !sorted.isEmpty else { return nil }
    let (low, high, fraction) = ranks(sorted.count, q)
    return Double(sorted[low]) + fraction * Double(sorted[high] - sorted[low])
  }

  /// The `q` quantile of `values` in any order, nil when empty: the same number as
  /// ``continuous(_:_:)`` on the sorted values, found by selection (O(*n*) on average), which
  /// reorders `values`.
  static func continuous(selectingIn values: inout [Int64], _ q: Double) -> Double? {
    guard !values.isEmpty else { return nil }
    let (low, high, fraction) = ranks(values.count, q)
    let lowValue = select(low, in: &values)
    // After selecting rank `low`, every value from index low + 1 on is ≥ it: rank `high` is their minimum.
    let highValue = high == low ? lowValue : values[high...].min()!
    return Double(lowValue) + fraction * Double(highValue - lowValue)
  }

  private static func ranks(_ count: Int, _ q: Double) -> (low: Int, high: Int, fraction: Double) {
    let h = Double(count - 1) * q
    let low = Int(h.rounded(.down))
    return (low, min(low + 1, count - 1), h - Double(low))
  }

  /// The value of rank `k` (0-based) of `values`, which are reordered so that index `k` holds it,
  /// everything before is ≤ and everything after is ≥ (quickselect, median-of-three pivots; a range
  /// that does not shrink fast enough is sorted instead, so the worst case stays O(*n* log *n*)).
  static func select(_ k: Int, in values: inout [Int64]) -> Int64 {
    values.withUnsafeMutableBufferPointer { v in
      var low = 0
      var high = v.count - 1
      var budget = 2 * (Int.bitWidth - v.count.leadingZeroBitCount) + 8
      while high > low {
        if budget == 0 || high - low < 16 {
          v[low...high].sort()
          break
        }
        budget -= 1
        let middle = low + (high - low) / 2
        // Median of three at `middle`, then Hoare partition around its value.
        if v[middle] < v[low] { v.swapAt(middle, low) }
        if v[high] < v[low] { v.swapAt(high, low) }
        if v[high] < v[middle] { v.swapAt(high, middle) }
        let pivot = v[middle]
        var i = low
        var j = high
        while i <= j {
          while v[i] < pivot { i += 1 }
          while v[j] > pivot { j -= 1 }
          if i <= j {
            v.swapAt(i, j)
            i += 1
            j -= 1
          }
        }
        // Now low...j ≤ pivot, i...high ≥ pivot, and j < k < i means v[k] == pivot.
        if k <= j {
          high = j
        } else if k >= i {
          low = i
        } else {
          break
        }
      }
      return v[k]
    }
  }
}
