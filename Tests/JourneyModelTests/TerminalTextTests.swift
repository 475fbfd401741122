import Testing

@testable import JourneyModel

/// Text from the data never drives the terminal: every control and bidirectional character is shown
/// as a visible escape, and clean text comes back unchanged.
@Suite struct TerminalTextTests {
  @Test(arguments: [
    ("plain ☕ é", "plain ☕ é"),
    ("\u{1B}[31mred\u{1B}[0m", "\\x1b[31mred\\x1b[0m"),  // CSI colour
    ("\u{1B}]8;;http://evil\u{07}click\u{1B}]8;;\u{07}", "\\x1b]8;;http://evil\\x07click\\x1b]8;;\\x07"),  // OSC 8 link
    ("\u{1B}]52;c;cm0gLXJmIH4=\u{07}", "\\x1b]52;c;cm0gLXJmIH4=\\x07"),  // OSC 52 clipboard
    ("bell\u{07}", "bell\\x07"),
    ("a\u{9B}31mb", "a\\u{9b}31mb"),  // the 8-bit CSI
    ("evil\u{202E}txt.exe", "evil\\u{202e}txt.exe"),  // right-to-left override
    ("\u{2066}x\u{2069}\u{200F}", "\\u{2066}x\\u{2069}\\u{200f}"),
    ("del\u{7F}", "del\\x7f"),
    ("two\nlines\r\tend", "two\\nlines\\r\\tend"),
    ("nul\u{0}", "nul\\x00"),
  ])
  func escapesWhatCouldDriveATerminal(text: String, expected: String) {
    let escaped = TerminalText.escape(text)
    #expect(escaped == expected)
    #expect(!escaped.unicodeScalars.contains(where: TerminalText.isUnsafe))
  }

  @Test func keepsOurOwnLineBreaksWhenAsked() {
    #expect(TerminalText.escape("Error: a\nb\u{1B}", keepingNewlines: true) == "Error: a\nb\\x1b")
  }
}
