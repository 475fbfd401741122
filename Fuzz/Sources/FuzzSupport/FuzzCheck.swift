#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif

/// Asserts an invariant of a fuzz target: on failure, prints `message` and the input's size to stderr
/// and aborts, which libFuzzer reports as a crash and saves the input (`crash-…`).
///
/// Not `precondition`: that is compiled out with `-Ounchecked` and says nothing about the input.
public func fuzzCheck(
  _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID,
  line: UInt = #line
) {
  guard !condition() else { return }
  let text = "fuzz invariant failed at \(file):\(line): \(message())\n"
  _ = text.withCString { write(2, $0, strlen($0)) }
  abort()
}

/// Bytes shown in an invariant message: printable ASCII as is, the rest as `\xNN`, cut after `limit`.
public func fuzzDescribe(_ bytes: some Collection<UInt8>, limit: Int = 200) -> String {
  var text = "\""
  for byte in bytes.prefix(limit) {
    switch byte {
    case 0x20..<0x7F where byte != 0x22 && byte != 0x5C: text.unicodeScalars.append(Unicode.Scalar(byte))
    default:
      let hex = String(byte, radix: 16)
      text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
    }
  }
  return text + (bytes.count > limit ? "\"… (\(bytes.count) bytes)" : "\"")
}
