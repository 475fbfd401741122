/// The distinct byte strings of a ``ByteInterner``, by id: one arena of bytes and the offsets of
/// each value in it. Id 0 is the empty value.
///
/// This is what a parallel ingest worker hands over after a block (the interner's hash index stays
/// with the worker, cleared for the next block).
public struct InternedValues: Sendable {
  var arena: [UInt8] = []
  var offsets: [Int] = [0, 0]  // arena range of id i: offsets[i]..<offsets[i + 1]

  package init() {}

  /// Number of ids, including 0.
  package var count: Int { offsets.count - 1 }

  /// The text of `id`, invalid UTF-8 repaired; decoded on each call.
  public subscript(id: UInt32) -> String {
    withBytes(of: id) { String(decoding: $0, as: UTF8.self) }
  }

  /// The text of every id, index 0 is "".
  public var strings: [String] { (0..<count).map { self[UInt32($0)] } }

  /// Calls `body` with the bytes of `id` (empty for 0); the pointer must not escape.
  public func withBytes<R>(of id: UInt32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    let start = offsets[Int(id)]
    let end = offsets[Int(id) + 1]
    return try arena.withUnsafeBytes { all in try body(UnsafeRawBufferPointer(rebasing: all[start..<end])) }
  }

  /// Adds `bytes` as the next id.
  mutating func append(_ bytes: UnsafeRawBufferPointer) {
    arena.append(contentsOf: bytes)
    offsets.append(arena.count)
  }

  /// Whether the bytes of `id` equal `bytes` (not empty).
  @inline(__always) func equals(_ id: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
    let start = offsets[id]
    let length = offsets[id + 1] - start
    guard length == bytes.count else { return false }
    return arena.withUnsafeBytes { all in bytesEqual(all.baseAddress! + start, bytes.baseAddress!, count: length) }
  }
}
