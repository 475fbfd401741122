extension DedupeLog {
  /// Entries of a ``DedupeLog``: each an order (`base` plus a 32-bit offset) and its bytes, back to
  /// back in one arena with 32-bit ends, so an entry costs 8 bytes besides its value. A chunk takes
  /// only entries that fit (``fits(order:length:)``); the log starts another for the rest.
  struct Chunk: Sendable {
    /// The order of the chunk's first entry (plus a block's base once handed over).
    var base: UInt64 = 0
    /// Each entry's order minus `base`.
    var orders: [UInt32] = []
    /// The end of each entry's bytes in `arena`; it starts where the entry before ends.
    var ends: [UInt32] = []
    var arena: [UInt8] = []

    var count: Int { orders.count }
    var isEmpty: Bool { orders.isEmpty }
    func order(_ index: Int) -> UInt64 { base &+ UInt64(orders[index]) }
    var first: UInt64 { order(0) }
    var last: UInt64 { order(orders.count - 1) }

    /// Whether an entry of order `order` with `length` bytes can be added: its order at most 2³²−1
    /// above the first entry's (never below it), its bytes within 32-bit offsets.
    @inline(__always) func fits(order: UInt64, length: Int) -> Bool {
      guard !orders.isEmpty else { return length <= Int(UInt32.max) }
      return order >= base && order &- base <= UInt64(UInt32.max) && arena.count + length <= Int(UInt32.max)
    }

    /// Adds an entry (``fits(order:length:)`` holds).
    @inline(__always) mutating func append(_ bytes: UnsafeRawBufferPointer, order: UInt64) {
      if orders.isEmpty { base = order }
      orders.append(UInt32(truncatingIfNeeded: order &- base))
      arena.append(contentsOf: bytes)
      ends.append(UInt32(truncatingIfNeeded: arena.count))
    }

    /// Room for `entries` entries of `bytes` bytes in all, without a regrowth.
    mutating func reserve(entries: Int, bytes: Int) {
      orders.reserveCapacity(entries)
      ends.reserveCapacity(entries)
      arena.reserveCapacity(bytes)
    }

    /// Calls `body` with the bytes of entry `index`.
    func withBytes<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
      let start = index == 0 ? 0 : Int(ends[index - 1])
      let end = Int(ends[index])
      return try arena.withUnsafeBytes { all in try body(UnsafeRawBufferPointer(rebasing: all[start..<end])) }
    }

    /// Whether the bytes of entry `index` equal `bytes`.
    func equals(_ index: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
      withBytes(index) { own in
        own.count == bytes.count && (own.isEmpty || bytesEqual(own.baseAddress!, bytes.baseAddress!, count: own.count))
      }
    }

    /// The index of the entry of order `order`, nil when none (entries in ascending order).
    func index(of order: UInt64) -> Int? {
      guard !orders.isEmpty, order >= base, order &- base <= UInt64(UInt32.max) else { return nil }
      let target = UInt32(truncatingIfNeeded: order &- base)
      var low = 0
      var high = orders.count
      orders.withUnsafeBufferPointer { orders in
        while low < high {
          let middle = (low + high) / 2
          if orders[middle] < target { low = middle + 1 } else { high = middle }
        }
      }
      return low < orders.count && orders[low] == target ? low : nil
    }
  }
}
