#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif
import JourneyModel

/// Standard input copied to a file, for a command that reads its inputs twice (`classify` with
/// personas: membership first, then the rows): standard input can be read only once.
///
/// The bytes are copied as they come (gzip stays gzip); readers of the copy
/// (``RecordReader/init(copyOf:at:maxRecordLength:chunkSize:progress:)``) still call it `-`.
package enum StandardInputCopy {
  /// The copy's name in its folder.
  package static let fileName = "standard-input"

  /// Copies everything left on standard input to ``fileName`` in `folder` (a temporary folder of
  /// the run from ``TemporaryFiles/makeFolder(in:)``, created here if need be, which removes it).
  ///
  /// - Returns: the copy's path.
  /// - Throws: `JourneyError(kind: .input)`: at the folder when it cannot be made, at `-` when
  ///   standard input cannot be read, at the copy when it cannot be written (a full disk).
  package static func write(into folder: String) throws(JourneyError) -> String {
    guard TemporaryFiles.createFolder(folder) else {
      throw JourneyError(
        kind: .input, location: folder,
        message: "cannot create a folder for the copy of standard input: \(SystemFile.message(for: errno))")
    }
    let path = folder + "/" + fileName
    try write(to: path)
    return path
  }

  /// Copies everything left on standard input to a new file at `path` (`O_EXCL`: it must not exist).
  ///
  /// - Returns: the bytes copied.
  @discardableResult
  static func write(to path: String) throws(JourneyError) -> Int {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw failure(errno, path) }
    defer { close(descriptor) }
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { buffer.deallocate() }
    var total = 0
    while true {
      let count = try SystemFile.read(STDIN_FILENO, into: buffer, name: "-")
      if count == 0 { return total }
      var offset = 0
      while offset < count {
        #if canImport(Glibc)
        let written = Glibc.write(descriptor, buffer.baseAddress! + offset, count - offset)
        #elseif canImport(Musl)
        let written = Musl.write(descriptor, buffer.baseAddress! + offset, count - offset)
        #else
        let written = Darwin.write(descriptor, buffer.baseAddress! + offset, count - offset)
        #endif
        if written < 0 {
          if errno == EINTR { continue }
          throw failure(errno, path)
        }
        offset += written
      }
      total += count
    }
  }

  private static func failure(_ code: Int32, _ path: String) -> JourneyError {
    JourneyError(kind: .input, location: path, message: "cannot write the copy of standard input: \(SystemFile.message(for: code))")
  }
}
