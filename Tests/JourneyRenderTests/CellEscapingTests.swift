import Testing

@testable import JourneyRender

/// Table and markdown cells escape text from the data as ``TerminalText`` does.
@Suite struct CellEscapingTests {
  @Test func tableAndMarkdownCellsAreEscapedToo() {
    #expect(ReportFormatting.singleLine("x\u{1B}[2Jy\u{202E}") == "x\\x1b[2Jy\\u{202e}")
    #expect(MarkdownReportRenderer.escape("a|\u{1B}b") == "a\\|\\\\x1bb")
  }
}
