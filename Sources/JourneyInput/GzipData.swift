import CZlib
public import JourneyModel

/// Whole-buffer gzip, for the small files journey writes itself (partial reports, SPEC §12): the
/// streams it reads go through ``GzipInflater``.
package enum GzipData {
  /// `bytes` as one gzip member (level 6, no name or time in the header: the same bytes give the
  /// same file).
  package static func compress(_ bytes: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    guard CZlib_deflateInit2(&stream, 6, 31) == Z_OK else { fatalError("zlib deflateInit2 failed (out of memory)") }
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
    let written = bytes.withUnsafeBufferPointer { input in
      output.withUnsafeMutableBufferPointer { out -> Int in
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = UInt32(input.count)
        stream.next_out = out.baseAddress
        stream.avail_out = UInt32(out.count)
        let status = deflate(&stream, Z_FINISH)
        precondition(status == Z_STREAM_END, "deflate into deflateBound's room must finish")
        return out.count - Int(stream.avail_out)
      }
    }
    output.removeSubrange(written...)
    return output
  }

  /// The bytes of gzip data `name` (every member); throws naming it when the data is broken or
  /// cut short.
  package static func decompress(_ bytes: [UInt8], name: String) throws(JourneyError) -> [UInt8] {
    var inflater = try GzipInflater(name: name)
    var output: [UInt8] = []
    bytes.withUnsafeBytes { input in
      inflater.inflate(input) { piece in output.append(contentsOf: piece) }
    }
    if let issue = inflater.finish() {
      throw JourneyError(kind: .input, location: name, message: "\(issue.message)")
    }
    return output
  }
}
