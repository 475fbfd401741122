/// LSD radix sort of events by (user, time), 11 bits per pass, then input order among ties.
///
/// Digits that are the same for every event are skipped, so a partition costs one histogram pass
/// plus one scatter pass per varying digit (typically four of time and two of user). Stable: events
/// with equal (user, time) keep their buffer order; a last check restores input order among them
/// with an insertion sort (O(*n*) when they are in input order already, as appends are).
/// - Complexity: O(*n* · *d*) for *d* varying digits, plus O(*n* + inversions among equal keys).
enum RadixSort {
  static let digitBits = 11
  static let radix = 1 << digitBits
  /// Six digits of the (sign-flipped) time, then three of the user.
  static let timeDigits = 6
  static let userDigits = 3
  /// Below this many events the in-place introsort is as fast and needs no scratch.
  static let minimumCount = 512

  @inline(__always) static func timeKey<Element: StoredEvent>(_ event: Element) -> UInt64 {
    UInt64(bitPattern: event.time) ^ (1 << 63)
  }

  /// Sorts `events` by ``StoredEvent/storeOrder(_:_:)`` using `scratch` (same count); returns
  /// true when the sorted events ended up in `scratch`, false when in `events`.
  static func sort<Element: StoredEvent>(
    _ events: UnsafeMutableBufferPointer<Element>, scratch: UnsafeMutableBufferPointer<Element>
  ) -> Bool {
    let n = events.count
    precondition(scratch.count == n && n < Int(UInt32.max))
    guard n > 1, let eventBase = events.baseAddress, let scratchBase = scratch.baseAddress else { return false }
    let digits = timeDigits + userDigits
    let counts = UnsafeMutablePointer<UInt32>.allocate(capacity: digits * radix)
    defer { counts.deallocate() }
    counts.initialize(repeating: 0, count: digits * radix)
    let mask = UInt64(radix - 1)
    for i in 0..<n {
      let event = eventBase[i]
      let time = timeKey(event)
      let user = UInt64(event.user)
      for d in 0..<timeDigits {
        counts[d * radix + Int((time >> UInt64(d * digitBits)) & mask)] &+= 1
      }
      for d in 0..<userDigits {
        counts[(timeDigits + d) * radix + Int((user >> UInt64(d * digitBits)) & mask)] &+= 1
      }
    }
    var source = eventBase
    var target = scratchBase
    var inScratch = false
    for d in 0..<digits {
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
      if d < timeDigits {
        let shift = UInt64(d * digitBits)
        for i in 0..<n {
          let event = source[i]
          let bucket = Int((timeKey(event) >> shift) & mask)
          target[Int(histogram[bucket])] = event
          histogram[bucket] &+= 1
        }
      } else {
        let shift = UInt32((d - timeDigits) * digitBits)
        for i in 0..<n {
          let event = source[i]
          let bucket = Int((event.user >> shift) & UInt32(mask))
          target[Int(histogram[bucket])] = event
          histogram[bucket] &+= 1
        }
      }
      swap(&source, &target)
      inScratch.toggle()
    }
    // Only events with equal (user, time) can still be out of order.
    for i in 1..<n where Element.storeOrder(source[i], source[i - 1]) {
      insertionSort(source, from: i - 1, count: n)
      break
    }
    return inScratch
  }

  /// Insertion sort of `base[..<count]`, knowing `base[...start]` is sorted already.
  private static func insertionSort<Element: StoredEvent>(
    _ base: UnsafeMutablePointer<Element>, from start: Int, count: Int
  ) {
    for i in (start + 1)..<count {
      let value = base[i]
      var j = i
      while j > 0, Element.storeOrder(value, base[j - 1]) {
        base[j] = base[j - 1]
        j -= 1
      }
      base[j] = value
    }
  }
}
