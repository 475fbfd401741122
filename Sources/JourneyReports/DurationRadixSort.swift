/// Sorts 64-bit signed integers (durations in µs) ascending: an LSD radix sort by bytes, with one
/// histogram pass for all eight bytes and a scatter pass only per byte that varies (durations
/// below 2⁴⁰ µs, about 12 days, vary in at most five), ping-ponging with one scratch array. The
/// sign bit is flipped, so negative values sort first.
/// - Complexity: O(*n* · *d*) for *d* varying bytes; below ``minimumCount`` the standard library's
///   sort is as fast and needs no scratch.
enum DurationRadixSort {
  static let minimumCount = 256

  static func sort(_ values: inout [Int64]) {
    let n = values.count
    guard n >= minimumCount else {
      values.sort()
      return
    }
    let sign: UInt64 = 1 << 63
    var counts = [Int](repeating: 0, count: 8 * 256)
    values.withUnsafeBufferPointer { source in
      counts.withUnsafeMutableBufferPointer { histogram in
        for value in source {
          var key = UInt64(bitPattern: value) ^ sign
          for byte in 0..<8 {
            histogram[byte &* 256 &+ Int(key & 0xFF)] &+= 1
            key >>= 8
          }
        }
      }
    }
    var scratch = [Int64](repeating: 0, count: n)
    var inScratch = false
    for byte in 0..<8 {
      let base = byte * 256
      // A byte every value shares orders nothing.
      var varying = true
      for bucket in 0..<256 where counts[base + bucket] != 0 {
        varying = counts[base + bucket] != n
        break
      }
      guard varying else { continue }
      var offsets = [Int](repeating: 0, count: 256)
      var sum = 0
      for bucket in 0..<256 {
        offsets[bucket] = sum
        sum += counts[base + bucket]
      }
      let shift = UInt64(byte * 8)
      func scatter(_ from: UnsafeBufferPointer<Int64>, _ to: UnsafeMutableBufferPointer<Int64>) {
        offsets.withUnsafeMutableBufferPointer { next in
          for value in from {
            let bucket = Int(((UInt64(bitPattern: value) ^ sign) >> shift) & 0xFF)
            to[next[bucket]] = value
            next[bucket] &+= 1
          }
        }
      }
      if inScratch {
        scratch.withUnsafeBufferPointer { from in values.withUnsafeMutableBufferPointer { to in scatter(from, to) } }
      } else {
        values.withUnsafeBufferPointer { from in scratch.withUnsafeMutableBufferPointer { to in scatter(from, to) } }
      }
      inScratch.toggle()
    }
    if inScratch { swap(&values, &scratch) }
  }
}
