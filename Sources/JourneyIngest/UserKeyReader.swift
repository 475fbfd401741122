import JourneyModel

/// The bytes of an event's user key, exactly as ``EventExtractor`` interns them and `--partition`
/// hashes them: the first non-empty user field, or every part joined by ` \u{1F} ` for a combined
/// key (empty when every part is), an over-long id in its bounded form (``UserIDLimit``).
///
/// `journey keys` reads keys with it without interning (its memory stays constant); the
/// end-to-end tests check that the keys it prints hash to the partition `report --partition`
/// puts each user in.
package struct UserKeyReader: Sendable {
  let userSlots: [Int]
  let combineUser: Bool

  /// Replaces `key` with the user key of `fields`; leaves it empty for an event without a user.
  package func key(_ fields: borrowing RecordFields, into key: inout [UInt8]) {
    key.removeAll(keepingCapacity: true)
    if combineUser {
      guard Self.combined(fields, slots: userSlots, into: &key) else {
        key.removeAll(keepingCapacity: true)
        return
      }
    } else {
      var i = 0
      while i < userSlots.count {
        let slot = userSlots[i]
        if fields.hasValue(slot) {
          _ = fields.withBytes(slot) { key.append(contentsOf: $0) }
          break
        }
        i += 1
      }
    }
    guard key.withUnsafeBytes({ UserIDLimit.applies(to: $0) }) else { return }
    key = key.withUnsafeBytes { UserIDLimit.shortened($0) }
  }

  /// Appends a combined key to `key`: every part of `slots` joined by ` \u{1F} `; false when every
  /// part is empty (no user). The one place the joining is written, for ``EventExtractor`` too.
  @inline(__always)
  static func combined(_ fields: borrowing RecordFields, slots: [Int], into key: inout [UInt8]) -> Bool {
    var any = false
    for (i, slot) in slots.enumerated() {
      if i > 0 { key.append(contentsOf: [0x20, 0x1F, 0x20]) }  // " \u{1F} "
      _ = fields.withBytes(slot) { bytes in
        any = any || !bytes.isEmpty
        key.append(contentsOf: bytes)
      }
    }
    return any
  }
}
