/// Sorts events by (user, time, input order): an LSD radix sort by user, 11 bits per pass, then
/// each user's run by (time, input order).
///
/// Digits of the user id that are the same for every event are skipped, so a partition costs one
/// histogram pass plus one scatter pass per varying digit (typically two). The radix passes are
/// stable, so each user's run keeps append order, which is input order and nearly time order (late
/// events are few): an insertion sort finishes it in O(*run* + inversions). A run with too many
/// inversions for that (a shuffled or reversed export) is sorted by ``InPlaceSort`` instead.
/// - Complexity: O(*n* · *d*) for *d* varying digits, plus per run O(*m* + inversions), at most
///   O(*m* log *m*).
enum RadixSort {
  static let digitBits = 11
  static let radix = 1 << digitBits
  /// Three digits cover a 32-bit user id.
  static let userDigits = 3
  /// Below this many events the in-place introsort is as fast and needs no scratch.
  static let minimumCount = 512

  /// Sorts `events` by ``StoredEvent/storeOrder(_:_:)`` using `scratch` (same count); returns
  /// true when the sorted events ended up in `scratch`, false when in `events`.
  static func sort<Element: StoredEvent>(
    _ events: UnsafeMutableBufferPointer<Element>, scratch: UnsafeMutableBufferPointer<Element>
  ) -> Bool {
    let n = events.count
    precondition(scratch.count == n && n < Int(UInt32.max))
    guard n > 1, let eventBase = events.baseAddress, let scratchBase = scratch.baseAddress else { return false }
    let counts = UnsafeMutablePointer<UInt32>.allocate(capacity: userDigits * radix)
    defer { counts.deallocate() }
    counts.initialize(repeating: 0, count: userDigits * radix)
    let mask = UInt32(radix - 1)
    for i in 0..<n {
      let user = eventBase[i].user
      for d in 0..<userDigits {
        counts[d * radix + Int((user >> UInt32(d * digitBits)) & mask)] &+= 1
      }
    }
    var source = eventBase
    var target = scratchBase
    var inScratch = false
    for d in 0..<userDigits {
      let histogram = counts + d * radix
      // A digit every event shares orders nothing.
      var varying = true
      for bucket in 0..<radix where histogram[bucket] != 0 {
        varying = histogram[bucket] != UInt32(n)
        break
      }
      guard varying else { continue }
      var sum: UInt32 = 0
      for bucket in 0..<radix {
        let c = histogram[bucket]
        histogram[bucket] = sum
        sum &+= c
      }
      let shift = UInt32(d * digitBits)
      for i in 0..<n {
        let event = source[i]
        let bucket = Int((event.user >> shift) & mask)
        target[Int(histogram[bucket])] = event
        histogram[bucket] &+= 1
      }
      swap(&source, &target)
      inScratch.toggle()
    }
    // Each user's run, by (time, input order).
    var start = 0
    while start < n {
      let user = source[start].user
      var end = start + 1
      var sorted = true
      while end < n, source[end].user == user {
        if sorted && Element.storeOrder(source[end], source[end - 1]) { sorted = false }
        end += 1
      }
      if !sorted { sortRun(source + start, count: end - start) }
      start = end
    }
    return inScratch
  }

  /// Sorts one user's run: insertion sort while the moves stay within a budget linear in the
  /// run's length, else the introsort.
  private static func sortRun<Element: StoredEvent>(_ base: UnsafeMutablePointer<Element>, count: Int) {
    var budget = 8 * count + 64
    for i in 1..<count {
      let value = base[i]
      var j = i
      while j > 0, Element.storeOrder(value, base[j - 1]) {
        base[j] = base[j - 1]
        j -= 1
      }
      base[j] = value
      budget -= i - j
      if budget < 0 {
        InPlaceSort.sort(UnsafeMutableBufferPointer(start: base, count: count))
        return
      }
    }
  }
}
