import Foundation
import JourneyTestSupport
import Testing

/// Text from an export cannot drive the terminal (ESC, CSI, OSC 8/52, BEL, C1, bidi overrides) in
/// warnings, `inspect`, `classify` and tables, and cannot run as a formula in CSV output.
@Suite struct TerminalInjectionTests {
  /// An OSC 52 clipboard write, a CSI screen clear, an 8-bit CSI and a right-to-left override,
  /// as they would arrive decoded from JSON escapes.
  static let hostile = "\\u001b]52;c;cm0gLXJmIH4=\\u0007\\u001b[2J\\u009b31m\\u202eexe.txt"

  static func lines() -> Data {
    let good = [
      #"{"userId":"u1","event":"Product Viewed\#(hostile)","timestamp":"2026-11-01T10:00:00Z","context":{"campaign":{"source":"=HYPERLINK(\"http://x\",\"y\")\#(hostile)"}}}"#,
      #"{"userId":"u1","event":"Order Completed","timestamp":"2026-11-01T10:01:00Z"}"#,
      #"{"userId":"u2","event":"Product Viewed","timestamp":"2026-11-01T10:02:00Z","context":{"campaign":{"source":"@cmd"}}}"#,
      #"{"userId":"u4","event":"Product Viewed","timestamp":"2026-11-01T10:03:00Z","context":{"campaign":{"source":"\u001b[2Jwipe"}}}"#,
    ]
    // A malformed line holding raw ESC and BEL bytes: its warning quotes it.
    let bad = "{\"userId\":\"u3\",\u{1B}]8;;http://evil\u{07}click\u{1B}]8;;\u{07} broken"
    return Data((good + [bad]).joined(separator: "\n").utf8 + [0x0A])
  }

  /// No raw control or bidi character other than LF (and TAB/CR where a format needs them).
  static func expectSafe(_ text: String, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let raw = text.unicodeScalars.filter { scalar in
      scalar != "\n" && (scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
        || [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069].contains(scalar.value))
    }
    #expect(raw.isEmpty, "\(label) wrote raw \(raw.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
  }

  @Test func warningsAndErrorsQuoteHostileNamesEscaped() throws {
    // File names come from outside too: one with an OSC 8 link and a newline in it.
    let folder = TestPaths.temporaryDirectory("journey-injection")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = TestPaths.fixture("e2e/tiny.yaml").path
    let name = "x\u{1B}]8;;evil\u{07}y\nz.ndjson"
    try Self.lines().write(to: folder.appendingPathComponent(name))
    let result = try JourneyCLI.run(
      ["report", "-c", config, "-f", "json", "--progress", "never", "--max-bad-ratio", "1", name], directory: folder)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("x\\x1b]8;;evil\\x07y\\nz.ndjson:5: warning: rejected record"), "\(result.stderr)")
    Self.expectSafe(result.stderr, "stderr")
    let missing = try JourneyCLI.run(["report", "-c", config, "nope\u{1B}[2J.ndjson"], directory: folder)
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("nope\\x1b[2J.ndjson"), "\(missing.stderr)")
    Self.expectSafe(missing.stderr, "stderr of a missing file")
  }

  @Test func tableAndMarkdownEscapeValues() throws {
    for format in ["table", "markdown"] {
      let result = try JourneyCLI.run(
        ["report", "-c", E2E.tinyConfig, "-f", format, "--progress", "never", "--max-bad-ratio", "1", "-"], stdin: Self.lines())
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stdoutText.contains("\\x1b"), "\(format): \(result.stdoutText)")
      Self.expectSafe(result.stdoutText, format)
    }
  }

  @Test func inspectEscapesFieldNamesAndExamples() throws {
    let line = #"{"userId":"u1","k\u001b[31m":"v\#(Self.hostile)","timestamp":"2026-11-01T10:00:00Z"}"# + "\n"
    let result = try JourneyCLI.run(["inspect", "-"], stdin: Data((line + line).utf8))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdoutText.contains("k\\x1b[31m"), "\(result.stdoutText)")
    Self.expectSafe(result.stdoutText, "inspect")
    Self.expectSafe(result.stderr, "inspect stderr")
  }

  @Test func classifyEscapesEventNamesInTextAndNDJSON() throws {
    let text = try JourneyCLI.run(["classify", "-c", E2E.tinyConfig, "-"], stdin: Self.lines())
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stdoutText.contains("'Product Viewed\\x1b]52;c;"), "\(text.stdoutText)")
    Self.expectSafe(text.stdoutText, "classify text")
    let ndjson = try JourneyCLI.run(["classify", "-c", E2E.tinyConfig, "-f", "ndjson", "-"], stdin: Self.lines())
    #expect(ndjson.status == 0, "\(ndjson.stderr)")
    Self.expectSafe(ndjson.stdoutText, "classify ndjson")
    // The JSON escapes keep the value: a reader gets the event name back whole.
    let first = try #require(ndjson.stdoutText.split(separator: "\n").first)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
    #expect((object["event"] as? String)?.hasSuffix("\u{202E}exe.txt") == true)
  }

  @Test func csvCellsThatWouldRunAsFormulasGetAQuote() throws {
    let result = try JourneyCLI.run(
      ["report", "-c", E2E.tinyConfig, "-f", "csv", "--progress", "never", "--max-bad-ratio", "1", "-"], stdin: Self.lines())
    #expect(result.status == 0, "\(result.stderr)")
    let csv = result.stdoutText
    #expect(csv.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")"), "\(csv)")
    #expect(csv.contains("'@cmd"), "\(csv)")
    #expect(!csv.contains(",=HYPERLINK") && !csv.contains(",@cmd") && !csv.contains("\"=HYPERLINK"), "\(csv)")
  }
}
