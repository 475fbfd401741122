/// The ASCII bytes the scanners and framers test for, by name.
///
/// `static let`s of literals: the optimizer folds them like the literals they replace, in a `switch`
/// pattern too.
package enum ASCII {
  /// `\t`
  package static let tab: UInt8 = 0x09
  /// `\n`
  package static let newline: UInt8 = 0x0A
  /// `\r`
  package static let carriageReturn: UInt8 = 0x0D
  package static let space: UInt8 = 0x20
  /// `"`
  package static let quote: UInt8 = 0x22
  /// `,`
  package static let comma: UInt8 = 0x2C
  /// `-`
  package static let minus: UInt8 = 0x2D
  /// `.`
  package static let period: UInt8 = 0x2E
  /// `/`
  package static let slash: UInt8 = 0x2F
  package static let zero: UInt8 = 0x30
  package static let nine: UInt8 = 0x39
  /// `:`
  package static let colon: UInt8 = 0x3A
  /// `;`
  package static let semicolon: UInt8 = 0x3B
  /// `[`
  package static let leftBracket: UInt8 = 0x5B
  /// `\`
  package static let backslash: UInt8 = 0x5C
  /// `]`
  package static let rightBracket: UInt8 = 0x5D
  /// `{`
  package static let leftBrace: UInt8 = 0x7B
  /// `}`
  package static let rightBrace: UInt8 = 0x7D

  /// The UTF-8 byte order mark, `EF BB BF`, dropped at the start of an input.
  package static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
}
