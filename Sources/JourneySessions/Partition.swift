import JourneyModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One partition of ``EventStore``: events in fixed-size chunks, of ``CompactEvent`` or
/// ``EventRecord`` (the store decides; every chunk of a store holds the same type).
///
/// Every chunk but the last is full, so the unused room is less than one chunk. After
/// ``sortedBuffer(as:)`` the partition is one exact-size chunk, sorted. Memory is managed by hand:
/// the store calls ``free(wide:)`` (on spill and on deinit).
struct Partition {
  private var chunks: [(base: UnsafeMutableRawPointer, capacity: Int)] = []
  /// Where the next event goes, nil when the last chunk is full (or there is none).
  private var tail: UnsafeMutableRawPointer?
  private var tailRoom = 0
  private(set) var count = 0
  /// Events the chunks can hold.
  private(set) var capacity = 0
  private var isSorted = true

  @inline(__always) mutating func append<Element: StoredEvent>(_ event: Element, chunkCapacity: Int) {
    if tailRoom == 0 {
      let base = Self.allocate(Element.self, capacity: chunkCapacity)
      chunks.append((base, chunkCapacity))
      capacity += chunkCapacity
      tail = base
      tailRoom = chunkCapacity
    }
    tail.unsafelyUnwrapped.initializeMemory(as: Element.self, to: event)
    tail = tail.unsafelyUnwrapped + MemoryLayout<Element>.stride
    tailRoom -= 1
    count += 1
    isSorted = false
  }

  /// For buffers written whole right away (gathered and sorted partitions): their pages are mapped
  /// up front, one system call instead of a page fault per 4 KiB. Chunks are not populated: they
  /// fill one event at a time, and a page zeroed at its first write is still in the cache.
  #if os(Linux)
    static let populate = MAP_POPULATE
  #else
    static let populate: Int32 = 0
  #endif

  /// Chunks and sorted buffers are mapped pages, not `malloc` memory: unmapping gives the pages
  /// back at once, so the chunks freed while a partition is gathered make room for the next
  /// partition's buffer instead of lingering on malloc's free lists.
  private static func allocate<Element>(
    _ type: Element.Type, capacity: Int, populated: Bool = false
  ) -> UnsafeMutableRawPointer {
    let bytes = max(1, capacity * MemoryLayout<Element>.stride)
    let flags = MAP_PRIVATE | MAP_ANONYMOUS | (populated ? Partition.populate : 0)
    guard let base = mmap(nil, bytes, PROT_READ | PROT_WRITE, flags, -1, 0),
      base != MAP_FAILED
    else {
      fatalError("out of memory: cannot map \(bytes) bytes for buffered events")
    }
    base.bindMemory(to: Element.self, capacity: capacity)
    return base
  }

  private static func deallocate<Element>(_ base: UnsafeMutableRawPointer, _ type: Element.Type, capacity: Int) {
    munmap(base, max(1, capacity * MemoryLayout<Element>.stride))
  }

  /// Events in chunk `index`: all but the last are full.
  private func fill(_ index: Int) -> Int {
    index == chunks.count - 1 ? chunks[index].capacity - tailRoom : chunks[index].capacity
  }

  /// Gathers the chunks into one buffer (freeing each as it is copied) and sorts it.
  ///
  /// With `useScratch` (no memory limit), the gathered buffer's pages are mapped up front and large
  /// partitions are radix sorted through a second buffer of the same size (``RadixSort``), which
  /// briefly doubles the partition's memory. Without (under `--memory`, and for a spill), pages are
  /// mapped as the chunks are copied and freed, so gathering costs at most one chunk more than the
  /// partition, and the sort is in place: one partition holding one huge user stays under the cap.
  /// The buffer belongs to the partition: valid until the next append, ``widen()`` or ``free(wide:)``.
  mutating func sortedBuffer<Element: StoredEvent>(
    as type: Element.Type, useScratch: Bool = false
  ) -> UnsafeMutableBufferPointer<Element> {
    if chunks.count > 1 {
      let base = Self.allocate(Element.self, capacity: count, populated: useScratch).assumingMemoryBound(to: Element.self)
      var offset = 0
      for index in chunks.indices {
        let events = fill(index)
        (base + offset).update(from: chunks[index].base.assumingMemoryBound(to: Element.self), count: events)
        offset += events
        Self.deallocate(chunks[index].base, Element.self, capacity: chunks[index].capacity)
      }
      chunks = [(UnsafeMutableRawPointer(base), count)]
      capacity = count
      tail = nil
      tailRoom = 0
    }
    guard let first = chunks.first else { return UnsafeMutableBufferPointer(start: nil, count: 0) }
    let events = UnsafeMutableBufferPointer(start: first.base.assumingMemoryBound(to: Element.self), count: count)
    guard !isSorted else { return events }
    isSorted = true
    guard useScratch && count >= RadixSort.minimumCount else {
      InPlaceSort.sort(events)
      return events
    }
    let scratch = UnsafeMutableBufferPointer(
      start: Self.allocate(Element.self, capacity: count, populated: true).assumingMemoryBound(to: Element.self),
      count: count)
    if RadixSort.sort(events, scratch: scratch) {
      Self.deallocate(first.base, Element.self, capacity: first.capacity)
      chunks = [(UnsafeMutableRawPointer(scratch.baseAddress!), count)]
      capacity = count
      tail = nil
      tailRoom = 0
      return scratch
    }
    Self.deallocate(UnsafeMutableRawPointer(scratch.baseAddress!), Element.self, capacity: count)
    return events
  }

  /// Converts ``CompactEvent`` chunks to ``EventRecord`` chunks of the same capacity, one at a time.
  mutating func widen() {
    for index in chunks.indices {
      let events = fill(index)
      let old = chunks[index].base.assumingMemoryBound(to: CompactEvent.self)
      let new = Self.allocate(EventRecord.self, capacity: chunks[index].capacity)
        .assumingMemoryBound(to: EventRecord.self)
      for offset in 0..<events { (new + offset).initialize(to: old[offset].record) }
      Self.deallocate(UnsafeMutableRawPointer(old), CompactEvent.self, capacity: chunks[index].capacity)
      chunks[index].base = UnsafeMutableRawPointer(new)
      if index == chunks.count - 1, tailRoom > 0 { tail = UnsafeMutableRawPointer(new + events) }
    }
  }

  /// Frees every chunk, of ``EventRecord`` when `wide`; the partition is empty afterwards.
  mutating func free(wide: Bool) {
    for chunk in chunks {
      if wide {
        Self.deallocate(chunk.base, EventRecord.self, capacity: chunk.capacity)
      } else {
        Self.deallocate(chunk.base, CompactEvent.self, capacity: chunk.capacity)
      }
    }
    self = Partition()
  }
}
