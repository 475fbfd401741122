import Foundation
import JourneyModel
import JourneyReports

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a `journey-report` JSON file (as `journey report -f json` writes it) back into a
/// ``JourneyReport``, for `journey compare`.
///
/// Every failure is an input error (exit 2) naming the file: one that cannot be read (`cannot read:
/// No such file or directory`), that is not JSON, that is JSON of something else, a report of
/// another schema version, or a report with a missing or mistyped key (named by its path).
package enum ReportFile {
  /// Reads and decodes `path`; `-` is standard input (named `standard input` in errors).
  package static func load(_ path: String) throws(JourneyError) -> JourneyReport {
    try decode(try read(path), file: displayName(path))
  }

  /// How the comparison and its errors name `path`: `standard input` for `-`.
  package static func displayName(_ path: String) -> String { path == "-" ? "standard input" : path }

  /// Decodes the bytes of a report; `file` names it in errors.
  package static func decode(_ data: Data, file: String) throws(JourneyError) -> JourneyReport {
    func refuse(_ message: String) -> JourneyError { JourneyError(kind: .input, location: file, message: message) }
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw refuse("not a journey report: not JSON (\(data.isEmpty ? "the file is empty" : "cannot parse it"))")
    }
    let expected = JourneyReport.schemaName
    guard let fields = object as? [String: Any], let schema = fields["schema"] as? String else {
      throw refuse("not a journey report: no \"schema\": \"\(expected)\" (make one with `journey report -f json`)")
    }
    // A /2 report (an earlier version's) reads the same: only a transition's key changed.
    guard schema == expected || schema == JourneyReport.previousSchemaName else {
      if schema.hasPrefix("journey-report/") {
        throw refuse("is a \(schema) report; compare reads \(expected) and \(JourneyReport.previousSchemaName) (make the report again with this journey)")
      }
      throw refuse("not a journey report: its schema is \(schema), not \(expected)")
    }
    do {
      return try JSONDecoder().decode(JourneyReport.self, from: data)
    } catch let error as DecodingError {
      throw refuse("not a journey report: \(describe(error))")
    } catch {
      throw refuse("not a journey report: \(error)")
    }
  }

  /// What a decoding error found where: `funnel.steps[1].units is missing`.
  static func describe(_ error: DecodingError) -> String {
    func path(_ keys: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
      var text = ""
      for key in keys + (last.map { [$0] } ?? []) {
        if let index = key.intValue {
          text += "[\(index)]"
        } else {
          text += (text.isEmpty ? "" : ".") + key.stringValue
        }
      }
      return text.isEmpty ? "the top level" : text
    }
    switch error {
    case .keyNotFound(let key, let context): return "\(path(context.codingPath, key)) is missing"
    case .valueNotFound(_, let context): return "\(path(context.codingPath)) is null"
    case .typeMismatch(let type, let context): return "\(path(context.codingPath)) is not \(Self.name(of: type))"
    case .dataCorrupted(let context): return "\(path(context.codingPath)) is invalid"
    @unknown default: return "\(error)"
    }
  }

  private static func name(of type: Any.Type) -> String {
    switch type {
    case is Int.Type: "an integer"
    case is Double.Type: "a number"
    case is String.Type: "a string"
    case is Bool.Type: "true or false"
    default: type is any Collection.Type ? "a list" : "an object"
    }
  }

  /// The whole file, or standard input for `-`.
  private static func read(_ path: String) throws(JourneyError) -> Data {
    var descriptor = STDIN_FILENO
    if path != "-" {
      repeat { descriptor = open(path, O_RDONLY | O_CLOEXEC) } while descriptor < 0 && errno == EINTR
      guard descriptor >= 0 else { throw failure(path, errno) }
    }
    defer { if path != "-" { close(descriptor) } }
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress!, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw failure(path, errno)
      }
      if count == 0 { break }
      data.append(contentsOf: buffer[..<count])
    }
    return data
  }

  private static func failure(_ path: String, _ code: Int32) -> JourneyError {
    JourneyError(
      kind: .input, location: displayName(path),
      message: "cannot read: \(String(cString: strerror(code)))")
  }
}

/// `read(2)`, named apart from ``ReportFile``'s own `read`.
private func systemRead(_ descriptor: Int32, _ bytes: UnsafeMutableRawPointer, _ count: Int) -> Int {
  #if canImport(Glibc)
    Glibc.read(descriptor, bytes, count)
  #elseif canImport(Musl)
    Musl.read(descriptor, bytes, count)
  #else
    Darwin.read(descriptor, bytes, count)
  #endif
}
