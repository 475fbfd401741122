#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif
import JourneyModel

/// The RFC 4180 rule ``RecordFramer`` applies to a quoted record that spans lines: as many fields as
/// the header, and every closing quote followed by a separator or the end of the record.
///
/// Called only for records over several lines and for the header, which are rare: plain loops.
enum QuotedRecordShape {
  /// Whether `bytes` (one whole record, terminator excluded) looks like RFC 4180: every closing quote
  /// is followed by a separator or the end of the record, and it has `expectedFields` fields (any
  /// number when nil).
  ///
  /// Fields are counted as the parser does: a quote opens a field only at its start.
  static func isWellFormed(_ bytes: UnsafeRawBufferPointer, separator: UInt8, quote: UInt8, expectedFields: Int?) -> Bool {
    guard let base = bytes.baseAddress else { return expectedFields.map { $0 == 1 } ?? true }
    let p = base.assumingMemoryBound(to: UInt8.self)
    let count = bytes.count
    let quoteCode = Int32(quote)
    var fields = 1
    var index = 0
    while index < count {
      // Outside quotes, at the start of a field.
      if p[index] == quote {
        // A quoted field: up to its closing quote ("" is an escaped one), found with memchr.
        index += 1
        while true {
          guard let found = memchr(p + index, quoteCode, count - index) else { return false }
          index = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - p + 1
          if index < count && p[index] == quote {
            index += 1
            continue
          }
          break
        }
        guard index == count || p[index] == separator || p[index] == ASCII.carriageReturn || p[index] == ASCII.newline
        else { return false }
      }
      // The rest of the field (a quote inside it is data) up to the next separator.
      if index < count, p[index] != separator {
        guard let found = memchr(p + index, Int32(separator), count - index) else { break }
        index = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - p
      }
      if index < count {
        fields += 1
        index += 1
      }
    }
    return expectedFields.map { $0 == fields } ?? true
  }

  /// ``isWellFormed(_:separator:quote:expectedFields:)`` of `carry` followed by `tail`.
  @inline(never)
  static func isWellFormed(
    carry: [UInt8], _ tail: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0), separator: UInt8,
    quote: UInt8, expectedFields: Int?
  ) -> Bool {
    if tail.isEmpty {
      return carry.withUnsafeBytes { isWellFormed($0, separator: separator, quote: quote, expectedFields: expectedFields) }
    }
    if carry.isEmpty { return isWellFormed(tail, separator: separator, quote: quote, expectedFields: expectedFields) }
    return (carry + tail).withUnsafeBytes { isWellFormed($0, separator: separator, quote: quote, expectedFields: expectedFields) }
  }

  /// The fields of a header record as the parser splits it (there a quote opens anywhere); nil for a
  /// blank record (spaces, tabs, `\r`) and for one that ends inside quotes, which is no header.
  static func headerFieldCount(_ record: [UInt8], separator: UInt8, quote: UInt8) -> Int? {
    guard record.contains(where: { $0 != ASCII.space && $0 != ASCII.tab && $0 != ASCII.carriageReturn }) else { return nil }
    var fields = 1
    var quoted = false
    var index = 0
    while index < record.count {
      let byte = record[index]
      if quoted {
        if byte == quote {
          if index + 1 < record.count && record[index + 1] == quote { index += 1 } else { quoted = false }
        }
      } else if byte == quote {
        quoted = true
      } else if byte == separator {
        fields += 1
      }
      index += 1
    }
    return quoted ? nil : fields
  }
}
