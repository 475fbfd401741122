/// Unstable in-place introsort: median-of-three quicksort, insertion sort for short ranges,
/// heapsort when the recursion gets too deep. Allocates nothing.
///
/// The store sorts by (user, time, input order), a total order, so stability is not needed.
/// - Complexity: O(*n* log *n*) comparisons, O(log *n*) stack.
enum InPlaceSort {
  static func sort<Element: StoredEvent>(_ buffer: UnsafeMutableBufferPointer<Element>) {
    guard let base = buffer.baseAddress, buffer.count > 1 else { return }
    introsort(base, 0, buffer.count, depth: 2 * (Int.bitWidth - buffer.count.leadingZeroBitCount))
  }

  @inline(__always) private static func less<Element: StoredEvent>(
    _ base: UnsafeMutablePointer<Element>, _ i: Int, _ j: Int
  ) -> Bool {
    Element.storeOrder(base[i], base[j])
  }

  private static func introsort<Element: StoredEvent>(
    _ base: UnsafeMutablePointer<Element>, _ low: Int, _ high: Int, depth: Int
  ) {
    // `depth` bounds the partitioning steps along one recursion path (not in total).
    var low = low
    var high = high
    var depth = depth
    while high - low > 24 {
      if depth == 0 {
        heapsort(base + low, high - low)
        return
      }
      depth -= 1
      // Median of three to base[low], then Hoare partition around it.
      let middle = low + (high - low) / 2
      if less(base, middle, low) { swap(base, middle, low) }
      if less(base, high - 1, low) { swap(base, high - 1, low) }
      if less(base, high - 1, middle) { swap(base, high - 1, middle) }
      swap(base, low, middle)
      let pivot = base[low]
      var i = low
      var j = high
      while true {
        repeat { i += 1 } while i < high && Element.storeOrder(base[i], pivot)
        repeat { j -= 1 } while Element.storeOrder(pivot, base[j])
        if i >= j { break }
        swap(base, i, j)
      }
      swap(base, low, j)
      // Recurse into the smaller side, loop on the larger.
      if j - low < high - j - 1 {
        introsort(base, low, j, depth: depth)
        low = j + 1
      } else {
        introsort(base, j + 1, high, depth: depth)
        high = j
      }
    }
    insertionSort(base, low, high)
  }

  @inline(__always) private static func swap<Element>(_ base: UnsafeMutablePointer<Element>, _ i: Int, _ j: Int) {
    let t = base[i]
    base[i] = base[j]
    base[j] = t
  }

  private static func insertionSort<Element: StoredEvent>(_ base: UnsafeMutablePointer<Element>, _ low: Int, _ high: Int) {
    guard high - low > 1 else { return }
    for i in (low + 1)..<high {
      let value = base[i]
      var j = i
      while j > low, Element.storeOrder(value, base[j - 1]) {
        base[j] = base[j - 1]
        j -= 1
      }
      base[j] = value
    }
  }

  private static func heapsort<Element: StoredEvent>(_ base: UnsafeMutablePointer<Element>, _ count: Int) {
    func siftDown(_ start: Int, _ end: Int) {
      var root = start
      while true {
        var child = 2 * root + 1
        if child >= end { return }
        if child + 1 < end, less(base, child, child + 1) { child += 1 }
        if !less(base, root, child) { return }
        swap(base, root, child)
        root = child
      }
    }
    var start = count / 2
    while start > 0 {
      start -= 1
      siftDown(start, count)
    }
    var end = count
    while end > 1 {
      end -= 1
      swap(base, 0, end)
      siftDown(0, end)
    }
  }
}
