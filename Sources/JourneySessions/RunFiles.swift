import JourneyModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes raw `EventRecord`s to a run file through a fixed buffer.
///
/// Any failure (a full disk, a file-size limit) is reported by ``finish()`` with the path and the
/// system's reason; the file is closed on every path.
struct RunWriter: ~Copyable {
  let path: String
  private var file: UnsafeMutablePointer<FILE>?
  private let buffer: UnsafeMutableBufferPointer<EventRecord>
  private var used = 0
  /// The `errno` of the first failed write, 0 while none failed.
  private var failure: Int32 = 0
  static let bufferSize = 4096

  init(path: String) throws(JourneyError) {
    guard let file = fopen(path, "wb") else { throw Self.error(path: path, errno: errno) }
    self.path = path
    self.file = file
    buffer = .allocate(capacity: Self.bufferSize)
  }

  deinit {
    if let file { fclose(file) }
    buffer.deallocate()
  }

  @inline(__always) mutating func write(_ event: EventRecord) {
    if used == buffer.count { flush() }
    (buffer.baseAddress.unsafelyUnwrapped + used).initialize(to: event)
    used += 1
  }

  private mutating func flush() {
    if used > 0, failure == 0, fwrite(buffer.baseAddress, MemoryLayout<EventRecord>.stride, used, file) != used {
      failure = Self.code(errno)
    }
    used = 0
  }

  /// Writes what is buffered and closes the file; throws when any write failed.
  consuming func finish() throws(JourneyError) {
    flush()
    if let file {
      if failure == 0, fflush(file) != 0 { failure = Self.code(errno) }
      if fclose(file) != 0, failure == 0 { failure = Self.code(errno) }
      self.file = nil
    }
    if failure != 0 { throw Self.error(path: path, errno: failure) }
  }

  private static func code(_ value: Int32) -> Int32 { value == 0 ? EIO : value }

  /// The error for a run that could not be written: the path and the system's reason
  /// (`No space left on device`, `File too large`). An input error: exit status 2.
  static func error(path: String, errno code: Int32) -> JourneyError {
    JourneyError(kind: .input, location: path, message: "cannot write spilled events: \(String(cString: strerror(code)))")
  }
}

/// Reads a run file of raw `EventRecord`s through a fixed buffer.
final class RunReader {
  private let file: UnsafeMutablePointer<FILE>
  private let buffer: UnsafeMutableBufferPointer<EventRecord>
  private var index = 0
  private var available = 0
  private(set) var head: EventRecord?
  /// 40 KB per open run: 64 runs cost 2.5 MB per merging worker.
  private static let bufferSize = 1024

  private let path: String

  init(path: String) throws {
    guard let file = fopen(path, "rb") else {
      throw JourneyError(
        kind: .input, location: path, message: "cannot read spilled events: \(String(cString: strerror(errno)))")
    }
    self.path = path
    self.file = file
    buffer = .allocate(capacity: Self.bufferSize)
    try refill()
  }

  deinit {
    fclose(file)
    buffer.deallocate()
  }

  @inline(__always) func advance() throws {
    index += 1
    if index < available { head = buffer[index] } else { try refill() }
  }

  private func refill() throws {
    available = fread(buffer.baseAddress, MemoryLayout<EventRecord>.stride, buffer.count, file)
    if available == 0, ferror(file) != 0 {
      throw JourneyError(
        kind: .input, location: path, message: "cannot read spilled events: \(String(cString: strerror(errno)))")
    }
    index = 0
    head = available > 0 ? buffer[0] : nil
  }
}

/// K-way merge of sorted run files and one sorted in-memory buffer, smallest event first.
///
/// A binary heap of the sources' heads: O(log *k*) per event for *k* sources.
struct RunMerger<Element: StoredEvent> {
  private var readers: [RunReader]
  private let memory: UnsafeBufferPointer<Element>
  private var memoryIndex = 0
  /// Heads of the non-exhausted sources; source `readers.count` is `memory`.
  private var heap: [(event: EventRecord, source: Int)] = []

  init(paths: [String], memory: UnsafeBufferPointer<Element>) throws {
    readers = try paths.map { try RunReader(path: $0) }
    self.memory = memory
    heap.reserveCapacity(readers.count + 1)
    for (source, reader) in readers.enumerated() {
      if let head = reader.head { push((head, source)) }
    }
    if !memory.isEmpty { push((memory[0].record, readers.count)) }
  }

  @inline(__always) private static func less(
    _ a: (event: EventRecord, source: Int), _ b: (event: EventRecord, source: Int)
  ) -> Bool {
    if EventRecord.storeOrder(a.event, b.event) { return true }
    if EventRecord.storeOrder(b.event, a.event) { return false }
    return a.source < b.source
  }

  private mutating func push(_ entry: (event: EventRecord, source: Int)) {
    heap.append(entry)
    var child = heap.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard Self.less(heap[child], heap[parent]) else { break }
      heap.swapAt(child, parent)
      child = parent
    }
  }

  private mutating func siftDown() {
    var root = 0
    let count = heap.count
    while true {
      var child = 2 * root + 1
      if child >= count { return }
      if child + 1 < count, Self.less(heap[child + 1], heap[child]) { child += 1 }
      guard Self.less(heap[child], heap[root]) else { return }
      heap.swapAt(child, root)
      root = child
    }
  }

  /// The next event in (user, time, input order), nil when every source is exhausted.
  mutating func next() throws -> EventRecord? {
    guard let top = heap.first else { return nil }
    let source = top.source
    var next: EventRecord?
    if source == readers.count {
      memoryIndex += 1
      next = memoryIndex < memory.count ? memory[memoryIndex].record : nil
    } else {
      try readers[source].advance()
      next = readers[source].head
    }
    if let next {
      heap[0] = (next, source)
    } else {
      heap[0] = heap[heap.count - 1]
      heap.removeLast()
    }
    if !heap.isEmpty { siftDown() }
    return top.event
  }
}
