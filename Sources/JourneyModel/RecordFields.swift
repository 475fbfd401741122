/// What a field of a record holds, as far as the parser could tell.
public enum FieldKind: UInt8, Sendable {
  /// The record has no such field (or column).
  case missing
  /// JSON `null`, or a value the input declares empty (`NA`, `-` in access logs).
  case null
  case string
  case number
  case bool
  /// A JSON object or array, kept as its source text.
  case composite
}

/// The values of the fields one configuration asks for, for one record: the parser's output.
///
/// Fields are addressed by slot (their index in the ``FieldSchema``). Values are stored decoded
/// (JSON escapes resolved) in one reusable byte buffer, so filling a record allocates nothing once
/// the buffer has grown.
public struct RecordFields: Sendable {
  /// The decoded values, back to back (a copy: for tests and diagnostics, not per event).
  package var storage: [UInt8] { Array(buffer[0..<used]) }
  /// Room for the values: its count is the capacity, `used` the bytes in use, so storing a value is
  /// one copy, with no `Array.append` (a uniqueness check and a generic call per value).
  @usableFromInline var buffer: [UInt8]
  @usableFromInline var used = 0
  @usableFromInline var slots: [Slot]

  /// Where a slot's value is in `buffer`, and what it is.
  @usableFromInline struct Slot: Sendable {
    @usableFromInline var start: Int32
    @usableFromInline var end: Int32
    @usableFromInline var kind: FieldKind
    @inlinable init(start: Int32, end: Int32, kind: FieldKind) {
      self.start = start
      self.end = end
      self.kind = kind
    }
  }

  public init(slotCount: Int) {
    slots = Array(repeating: Slot(start: 0, end: 0, kind: .missing), count: slotCount)
    buffer = Array(repeating: 0, count: 256)
  }

  package var slotCount: Int { slots.count }

  /// Forgets every value, keeping capacity.
  package mutating func reset() {
    used = 0
    slots.withUnsafeMutableBufferPointer { slots in
      for i in slots.indices { slots[i].kind = .missing }
    }
  }

  /// Makes room for `count` more bytes.
  @inline(__always) private mutating func reserve(_ count: Int) {
    guard buffer.count - used < count else { return }
    let size = max(buffer.count * 2, used + count)
    buffer.append(contentsOf: repeatElement(0, count: size - buffer.count))
  }

  /// Stores a value for `slot`, replacing any earlier one.
  public mutating func set(_ slot: Int, kind: FieldKind, bytes: UnsafeRawBufferPointer) {
    let start = used
    let count = bytes.count
    if count > 0, let source = bytes.baseAddress {
      reserve(count)
      buffer.withUnsafeMutableBytes { out in
        let target = out.baseAddress.unsafelyUnwrapped + start
        // Values are short: words by hand beat a call to memmove.
        // The tail of a word loop as one word ending at `count` (overlapping bytes already copied,
        // with the same bytes); below eight bytes, two overlapping 4-byte words; below four, bytes.
        if count <= 32 && count >= 8 {
          var i = 0
          while i + 8 <= count {
            target.storeBytes(of: source.loadUnaligned(fromByteOffset: i, as: UInt64.self), toByteOffset: i, as: UInt64.self)
            i += 8
          }
          if i < count {
            target.storeBytes(
              of: source.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self), toByteOffset: count - 8, as: UInt64.self)
          }
        } else if count < 8 {
          if count >= 4 {
            target.storeBytes(of: source.loadUnaligned(as: UInt32.self), as: UInt32.self)
            target.storeBytes(
              of: source.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self), toByteOffset: count - 4, as: UInt32.self)
          } else {
            var i = 0
            while i < count {
              target.storeBytes(of: source.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self)
              i += 1
            }
          }
        } else {
          target.copyMemory(from: source, byteCount: count)
        }
      }
      used = start + count
    }
    slots[slot] = Slot(start: Int32(start), end: Int32(used), kind: kind)
  }

  public mutating func set(_ slot: Int, kind: FieldKind, bytes: some Sequence<UInt8>) {
    if let done: Void = bytes.withContiguousStorageIfAvailable({ set(slot, kind: kind, bytes: UnsafeRawBufferPointer($0)) }) {
      return done
    }
    let start = used
    appendBytes(bytes)
    slots[slot] = Slot(start: Int32(start), end: Int32(used), kind: kind)
  }

  private mutating func appendBytes(_ bytes: some Sequence<UInt8>) {
    for byte in bytes {
      reserve(1)
      buffer[used] = byte
      used += 1
    }
  }

  public mutating func set(_ slot: Int, string: String) {
    var s = string
    s.withUTF8 { set(slot, kind: .string, bytes: UnsafeRawBufferPointer($0)) }
  }

  /// Marks `slot` as present but empty-valued (`null`).
  package mutating func setNull(_ slot: Int) {
    slots[slot] = Slot(start: Int32(used), end: Int32(used), kind: .null)
  }

  /// Appends bytes to the value of `slot`, which must be the last one set (for values decoded piecewise).
  package mutating func append(_ slot: Int, bytes: some Sequence<UInt8>) {
    precondition(slots[slot].end == Int32(used), "append only to the last value set")
    appendBytes(bytes)
    slots[slot].end = Int32(used)
  }

  @inlinable public func kind(_ slot: Int) -> FieldKind { slots[slot].kind }

  /// True when the field holds a non-null value with at least one byte.
  @inlinable public func hasValue(_ slot: Int) -> Bool {
    let s = slots[slot]
    return s.kind != .missing && s.kind != .null && s.end > s.start
  }

  /// The raw bytes of a value (decoded for JSON strings), or nil when missing or null.
  public func bytes(_ slot: Int) -> ArraySlice<UInt8>? {
    let s = slots[slot]
    guard s.kind != .missing, s.kind != .null else { return nil }
    return buffer[Int(s.start)..<Int(s.end)]
  }

  /// The value as text, or nil when missing or null. Invalid UTF-8 is repaired.
  package func string(_ slot: Int) -> String? {
    bytes(slot).map { String(decoding: $0, as: UTF8.self) }
  }

  /// Calls `body` with the bytes of a value; nil when missing or null. The pointer must not escape.
  @inlinable
  public func withBytes<R>(_ slot: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R? {
    let s = slots[slot]
    guard s.kind != .missing, s.kind != .null else { return nil }
    return try buffer.withUnsafeBytes { all in
      try body(UnsafeRawBufferPointer(start: all.baseAddress.unsafelyUnwrapped + Int(s.start), count: Int(s.end - s.start)))
    }
  }
}
